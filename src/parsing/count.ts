import { normalizeNumerals } from './normalize.ts';

/** A count as a page shows it ("858", "12.3K subscribers", "1.2万", "10万+"). */
export interface CountReading {
  value: number;
  /** The page rounded or capped the number, so `value` is not the exact count. */
  approximate: boolean;
  /** The page shows only a floor ("10万+", "100+"): the real count is at least `value`. */
  lowerBound: boolean;
  /** the rounding unit the text implies: 1 for "858", 100 for "12.3K", 1000 for "1.2万", 100000 for "10.1M" */
  resolution: number;
}

/** Multipliers of the abbreviations platforms use. Lower-case "m" is million (YouTube's "25m"), never minutes. */
const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 1e3,
  thousand: 1e3,
  thousands: 1e3,
  千: 1e3,
  w: 1e4,
  万: 1e4,
  萬: 1e4,
  m: 1e6,
  million: 1e6,
  millions: 1e6,
  百万: 1e6,
  百萬: 1e6,
  千万: 1e7,
  千萬: 1e7,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  billions: 1e9,
  亿: 1e8,
  億: 1e8,
  // Indian English and Hindi, as YouTube writes them for India: "2.5 crore", "3 lakh", "1.2 लाख"
  lakh: 1e5,
  lakhs: 1e5,
  lac: 1e5,
  lacs: 1e5,
  लाख: 1e5,
  crore: 1e7,
  crores: 1e7,
  करोड़: 1e7,
  // Korean and German: "12.3만명", "1,2 Mio. Abonnenten"
  천: 1e3,
  만: 1e4,
  억: 1e8,
  tsd: 1e3,
  mio: 1e6,
  mrd: 1e9,
};

/**
 * The first number not glued to a word ("V2EX" is no count), with digit groups separated by
 * one comma, dot, apostrophe or any of the spaces Telegram and European locales use, then an
 * optional abbreviation and an optional "at least" marker. Longer abbreviations come first
 * so "千万" wins over "千".
 */
const COUNT = new RegExp(
  [
    String.raw`(?<![A-Za-z\d])(\d+(?:[.,'\u2019 \u00A0\u2009\u202F]\d+)*)`,
    String.raw`(?:[ \u00A0]?(千万|千萬|百万|百萬|万|萬|亿|億|千|만|억|천|करोड़|लाख|`,
    String.raw`(?:thousands?|millions?|billions?|crores?|lakhs?|lacs?|tsd|mio|mrd|bn|[kmbw])(?![a-z])))?`,
    String.raw`(\+|多|余|餘)?`,
  ].join(''),
  'i',
);

/**
 * Words after a number whose meaning depends on the language: "1,2 mil" is 1 200 in Spanish
 * and Portuguese but "1.2 mil" is 1.2 million in English slang, so neither is read.
 */
const AMBIGUOUS_SUFFIX = /^[ \u00A0]?(?:mil|mill|mn)(?![a-z])/i;

const DECIMAL_MARKS = new Set(['.', ',']);
const SPACES = new Set([' ', '\u00A0', '\u2009', '\u202F']);

interface Digits {
  value: number;
  /** Digits after the decimal mark: "12.3K" has 1, which sets the resolution. */
  decimals: number;
  /** The token held two numbers ("5 10K"); only the first was kept, so its suffix is not its own. */
  cut: boolean;
}

/**
 * Reads a count off display text: the first number in it, with its abbreviation.
 * Returns null when the text holds no number ("N/A", "no followers yet"): absence of a
 * number is never read as zero.
 */
export function parseCount(text: string): CountReading | null {
  const clean = normalizeNumerals(text);
  const match = COUNT.exec(clean);
  if (!match?.[1]) return null;
  const suffix = match[2]?.toLowerCase();
  if (suffix === undefined && AMBIGUOUS_SUFFIX.test(clean.slice(match.index + match[0].length))) return null;
  const digits = readDigits(match[1], suffix !== undefined);
  if (!digits) return null;

  const multiplier = digits.cut || suffix === undefined ? 1 : (MULTIPLIERS[suffix] ?? 1);
  const lowerBound = !digits.cut && match[3] !== undefined;
  const raw = digits.value * multiplier;
  const value = Math.round(raw);
  const abbreviated = multiplier !== 1;
  return {
    value,
    approximate: abbreviated || lowerBound || value !== raw,
    lowerBound,
    resolution: abbreviated ? Math.max(1, Math.round(multiplier / 10 ** digits.decimals)) : 1,
  };
}

/**
 * Tells thousands separators from a decimal mark. A lone "." or "," followed by exactly three
 * digits groups thousands ("1.234" in German is 1234, since counts have no fractions), unless an
 * abbreviation follows a dot ("1.234K"). A last mark that differs from the others is decimal
 * ("1,234.5", "1.234,5").
 */
function readDigits(token: string, hasSuffix: boolean): Digits | null {
  const groups = token.split(/\D/);
  const marks = token.match(/\D/g) ?? [];
  const first = groups[0] ?? '';
  if (marks.length === 0) return { value: Number(token), decimals: 0, cut: false };

  const last = marks[marks.length - 1] ?? '';
  const tail = groups[groups.length - 1] ?? '';
  const earlier = marks.slice(0, -1);
  const isDecimal =
    DECIMAL_MARKS.has(last) &&
    earlier.every((mark) => mark !== last) &&
    (earlier.length > 0 || tail.length !== 3 || first === '0' || (hasSuffix && last === '.'));

  const intGroups = isDecimal ? groups.slice(0, -1) : groups;
  const intMarks = isDecimal ? earlier : marks;
  if (!isValidGrouping(intGroups, intMarks)) {
    // "2 620" is one number but "5 10" is two: only a space may separate numbers.
    return SPACES.has(marks[0] ?? '') ? { value: Number(first), decimals: 0, cut: true } : null;
  }
  const integer = intGroups.join('');
  return isDecimal
    ? { value: Number(`${integer}.${tail}`), decimals: tail.length, cut: false }
    : { value: Number(integer), decimals: 0, cut: false };
}

/** Western groups of three ("1,234,567") or Indian lakh groups ("12,34,567"), one separator throughout. */
function isValidGrouping(groups: readonly string[], marks: readonly string[]): boolean {
  if (marks.length === 0) return true;
  if (!marks.every((mark) => mark === marks[0])) return false;
  const [head = '', ...rest] = groups;
  if (head.startsWith('0')) return false;
  const tail = rest[rest.length - 1] ?? '';
  const middle = rest.slice(0, -1);
  if (head.length <= 3 && rest.every((g) => g.length === 3)) return true;
  return marks[0] === ',' && head.length <= 2 && tail.length === 3 && middle.every((g) => g.length === 2);
}
