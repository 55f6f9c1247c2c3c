/** Milliseconds in a day: silence, cadence and follower changes all count in days of elapsed time. */
export const DAY_MS = 86_400_000;

const UNITS = {
  en: { h: ' h', min: ' min', s: ' s' },
  'zh-CN': { h: ' 小时', min: ' 分', s: ' 秒' },
} as const;

/** A span of time as people say it, to the second: "45 s", "2 min 5 s", "3 h 10 min" ("2 分 5 秒"). */
export function elapsedText(ms: number, locale: keyof typeof UNITS = 'en'): string {
  const u = UNITS[locale];
  const seconds = Math.max(0, Math.round(ms / 1000));
  const [h, min, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  if (h > 0) return min > 0 ? `${h}${u.h} ${min}${u.min}` : `${h}${u.h}`;
  if (min > 0) return s > 0 ? `${min}${u.min} ${s}${u.s}` : `${min}${u.min}`;
  return `${s}${u.s}`;
}
