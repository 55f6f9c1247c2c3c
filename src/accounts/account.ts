/** One watched account, as listed in the accounts register and validated. */
export interface Account {
  platform: string;
  url: string;
  /** The name the register gives, kept as given; null: unnamed (see `shownAccountName`). */
  name: string | null;
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
  /**
   * The access profile (SLEEPWATCH_PLATFORM_SETTINGS) whose cookies, headers, user agent and
   * proxy override its platform's. Only the name: the secrets stay in the settings, never in
   * the register or the store. Absent: the platform's own settings.
   */
  access?: string;
  /** Where the account was declared, for error messages. */
  source?: { line: number };
}

export const DEFAULT_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The name an account is shown under: the one its register gives, else the page's own
 * display name once a look has read one, else one derived from its URL. Only shown, never
 * stored: an unnamed account stays unnamed, so the page's name can take over later.
 */
export function shownAccountName(name: string | null, displayName: string | null | undefined, url: string): string {
  return name ?? (displayName || nameFromUrl(url));
}

/**
 * A stand-in name from a URL: its last non-empty path segment ("https://t.me/s/durov" →
 * "durov"), or the host when the path is empty.
 */
export function nameFromUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
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
  const trimmed = url.trim();
  if (!URL.canParse(trimmed)) return null;
  const u = new URL(trimmed);
  const path = u.pathname.replace(/\/+$/, '');
  return `${platform.trim().toLowerCase()} ${u.protocol}//${u.host}${path}${u.search}`;
}
