/**
 * How requests to a platform are sent: the cookies, headers, user agent and proxy an operator
 * configured for it (SLEEPWATCH_PLATFORM_SETTINGS). Every value may be a secret: none of them is
 * ever written to a log line, an error or an observation (see `AccessBook.redact`).
 */
export interface AccessSettings {
  /** Cookie name → value, sent as one Cookie header. */
  cookies?: Readonly<Record<string, string>>;
  /** Further request headers, names lowercased; they win over the headers an adapter asks for. */
  headers?: Readonly<Record<string, string>>;
  /** Replaces SLEEPWATCH_USER_AGENT for this platform or profile. */
  userAgent?: string;
  /** Outbound HTTP(S) proxy, `http://user:password@host:port`. */
  proxy?: string;
}

export const ACCESS_FIELDS = ['cookies', 'headers', 'userAgent', 'proxy'] as const satisfies ReadonlyArray<keyof AccessSettings>;

/** Whose settings a request is sent with: its account's platform, and the profile the account names, if any. */
export interface AccessKey {
  platform: string;
  profile?: string | null;
}

/** Fragments shorter than this are not redacted: replacing them would garble messages without hiding anything. */
const MIN_SECRET_CHARS = 4;

/**
 * The platform settings and named profiles of one installation. A profile overrides its
 * platform's settings field by field: a profile's cookies replace the platform's cookies as a
 * whole (two logins' cookies never mix), and so do its headers, user agent and proxy.
 */
export class AccessBook {
  static readonly EMPTY = new AccessBook({}, {});

  readonly #secrets: readonly string[];

  constructor(
    private readonly platforms: Readonly<Record<string, AccessSettings>>,
    private readonly profiles: Readonly<Record<string, AccessSettings>>,
  ) {
    this.#secrets = [...new Set([...Object.values(platforms), ...Object.values(profiles)].flatMap(secretsOf))]
      .filter((s) => s.length >= MIN_SECRET_CHARS)
      .sort((a, b) => b.length - a.length);
  }

  hasProfile(name: string): boolean {
    return Object.hasOwn(this.profiles, name);
  }

  profileNames(): string[] {
    return Object.keys(this.profiles);
  }

  /** The settings a request for `key` is sent with. An unknown profile is refused before this (at import and start-up). */
  resolve({ platform, profile }: AccessKey): AccessSettings {
    const base = Object.hasOwn(this.platforms, platform) ? this.platforms[platform]! : {};
    if (!profile) return base;
    if (!this.hasProfile(profile)) throw new Error(`unknown access profile "${profile}"`);
    const override = this.profiles[profile]!;
    return Object.fromEntries(ACCESS_FIELDS.flatMap((f) => ((override[f] ?? base[f]) === undefined ? [] : [[f, override[f] ?? base[f]]])));
  }

  /**
   * Which of an adapter's required settings (`about.requiredSettings`: a field, such as
   * `cookies`, or a named cookie or header, such as `cookies.SUB` or `headers.x-token`) the
   * settings for `key` lack.
   */
  missing(key: AccessKey, required: readonly string[]): string[] {
    const settings = this.resolve(key);
    return required.filter((setting) => {
      const [field, name] = splitSetting(setting);
      const value = settings[field as keyof AccessSettings];
      if (value === undefined) return true;
      if (name === undefined || typeof value === 'string') return false;
      return !Object.keys(value).some((k) => (field === 'headers' ? k === name.toLowerCase() : k === name));
    });
  }

  /** `text` with every configured secret (cookie and header values, proxy credentials) replaced by `***`. */
  redact(text: string): string {
    let redacted = text;
    for (const secret of this.#secrets) if (redacted.includes(secret)) redacted = redacted.split(secret).join('***');
    return redacted;
  }
}

function splitSetting(setting: string): [string, string | undefined] {
  const dot = setting.indexOf('.');
  return dot < 0 ? [setting, undefined] : [setting.slice(0, dot), setting.slice(dot + 1)];
}

/** Every form in which a setting's values could show up in a message. */
function secretsOf(settings: AccessSettings): string[] {
  const secrets = [...Object.values(settings.cookies ?? {}), ...Object.values(settings.headers ?? {})];
  if (settings.cookies) secrets.push(cookieHeader(settings.cookies));
  if (settings.proxy) {
    // Its credentials only: which proxy was used is worth seeing in a failure.
    const proxy = new URL(settings.proxy);
    for (const part of [proxy.username, proxy.password]) if (part) secrets.push(part, decodeURIComponent(part));
  }
  return secrets;
}

/** The Cookie header for a set of cookies. */
export function cookieHeader(cookies: Readonly<Record<string, string>>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}
