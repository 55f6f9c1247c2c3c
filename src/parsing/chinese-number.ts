const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numerals a clock or an age uses, 0–99 ("三", "十五", "二十三", "零五"); null for anything else. */
export function chineseNumber(text: string): number | null {
  // "八点零五分": a leading 零 only pads the minute
  const digits = text.length === 2 && (text.startsWith('零') || text.startsWith('〇')) ? text.slice(1) : text;
  const tenAt = digits.indexOf('十');
  if (tenAt === -1) return digits.length === 1 ? (CHINESE_DIGITS[digits] ?? null) : null;
  const tensText = digits.slice(0, tenAt);
  const onesText = digits.slice(tenAt + 1);
  const tens = tensText === '' ? 1 : tensText.length === 1 ? CHINESE_DIGITS[tensText] : undefined;
  const ones = onesText === '' ? 0 : onesText.length === 1 ? CHINESE_DIGITS[onesText] : undefined;
  return tens === undefined || ones === undefined || tens === 0 ? null : tens * 10 + ones;
}

/** A number written in digits or Chinese numerals; null when it is neither. */
export function digitsOrChinese(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : chineseNumber(text);
}
