/** One watched account, as listed in the accounts register and validated. */
export interface Account {
  platform: string;
  url: string;
  /** Display name for reports; defaults to the last path segment of the URL. */
  name: string;
  /** Organisational unit that runs the account (used for "one account per platform per unit"). */
  unit: string | null;
  region: string | null;
  group: string | null;
  /** Threshold policy by name; null: the group's policy, else the default (see `PolicyBook`). */
  policy: string | null;
  /** How often the account is crawled. */
  intervalMs: number;
  /** IANA zone for post times the platform shows without an offset. */
  timeZone: string;
  /** Per-platform options, already validated by the adapter's schema. */
  options: unknown;
  /** Where the account was declared, for error messages. */
  source?: { line: number };
}

export const DEFAULT_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The name an account gets when the register gives none: the last non-empty path segment
 * of its URL ("https://t.me/s/durov" → "durov"), or the host when the path is empty.
 */
export function defaultAccountName(url: string): string {
  const u = new URL(url);
  const segments = u.pathname.split('/').filter((s) => s !== '');
  const last = segments.at(-1);
  if (last === undefined) return u.hostname;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Identity of an account for duplicate detection: platform plus URL with the host
 * lowercased and without a trailing slash or fragment, so "https://T.me/durov/" and
 * "https://t.me/durov" are one account. Returns null when the URL does not parse.
 */
export function accountKey(platform: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return null;
  }
  const path = u.pathname.replace(/\/+$/, '');
  return `${platform.trim().toLowerCase()} ${u.protocol}//${u.host}${path}${u.search}`;
}
