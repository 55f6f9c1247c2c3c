/**
 * Traditional characters that appear in dates, folded to the simplified ones the date patterns
 * are written in, so "3小時前", "5分鐘前", "2週前", "1個月前", "剛剛" and "6月5號" read as their
 * simplified twins. Only characters of dates and their labels are listed: the fold is not a
 * general converter, and other text is left as it is.
 */
const SIMPLIFIED_OF: Readonly<Record<string, string>> = {
  鐘: '钟',
  時: '时',
  週: '周',
  個: '个',
  剛: '刚',
  號: '号',
  兩: '两',
  幾: '几',
  點: '点',
  禮: '礼',
  頭: '头',
  淩: '凌',
  間: '间',
  發: '发',
  佈: '布',
  於: '于',
  編: '编',
  輯: '辑',
  創: '创',
  後: '后',
  現: '现',
  尋: '寻',
};

const TRADITIONAL = new RegExp(`[${Object.keys(SIMPLIFIED_OF).join('')}]`, 'g');

export function foldTraditional(text: string): string {
  return text.replace(TRADITIONAL, (ch) => SIMPLIFIED_OF[ch] ?? ch);
}
