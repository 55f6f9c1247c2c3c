import { IANAZone } from 'luxon';
import { InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_INPUT_LIMITS, LIMIT_SETTINGS, type InputLimits } from '../input/input-limits.ts';
import { clipped, quoted as shown } from '../input/quote.ts';
import { validateOptions } from '../platforms/parse-page.ts';
import { findPlatform, platformIds } from '../platforms/registry.ts';
import { DEFAULT_INTERVAL_MS, DEFAULT_TIME_ZONE, type Account } from './account.ts';

/** Every field an account entry may have, in the order of the CSV header. */
export const accountFields = [
  'platform',
  'url',
  'name',
  'unit',
  'region',
  'group',
  'policy',
  'interval',
  'timezone',
  'options',
  'access',
] as const;

export type AccountField = (typeof accountFields)[number];

/** Fields without a default. */
export const requiredAccountFields: readonly AccountField[] = ['platform', 'url'];

const MIN_INTERVAL_MS = 5 * 60 * 1000;
const MAX_INTERVAL_MS = 30 * 24 * 60 * 60 * 1000;
const DURATION = /^(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?$/i;

/** A problem with one entry, located by its field path (e.g. `["options", "lastPost"]`). */
export interface AccountEntryIssue {
  path: string[];
  message: string;
}

export type AccountEntryResult = { ok: true; account: Omit<Account, 'source'> } | { ok: false; issues: AccountEntryIssue[] };

/** What a field reader returns instead of a value when the value is unusable. */
class Problem {
  constructor(readonly message: string) {}
}

/**
 * Longest value of the fields whose valid values are short by nature (a platform id, a
 * policy name, an interval, a time zone): a longer one is a mistake, however it is configured.
 */
const SHORT_FIELD_CHARS = 100;

interface FieldLimit {
  chars: number;
  setting?: string;
}

const limitKeyOf: Partial<Record<AccountField, keyof InputLimits>> = {
  name: 'textChars',
  unit: 'textChars',
  region: 'textChars',
  group: 'textChars',
  url: 'urlChars',
  options: 'optionsChars',
};

/** Each field's limit under `limits`, worked out once per set of limits: this runs for every entry. */
const fieldLimitsCache = new WeakMap<InputLimits, ReadonlyArray<readonly [AccountField, FieldLimit]>>();

function fieldLimits(limits: InputLimits): ReadonlyArray<readonly [AccountField, FieldLimit]> {
  let table = fieldLimitsCache.get(limits);
  if (!table) {
    table = accountFields.map((name) => {
      const key = limitKeyOf[name];
      return [name, key ? { chars: limits[key], setting: LIMIT_SETTINGS[key] } : { chars: SHORT_FIELD_CHARS }] as const;
    });
    fieldLimitsCache.set(limits, table);
  }
  return table;
}

/**
 * The longest CSV record that can hold a valid entry, in bytes (every field at its limit in
 * four-byte characters, with room for delimiters): a longer one is refused while it is read.
 */
export function maxRecordBytes(limits: InputLimits): number {
  return fieldLimits(limits).reduce((sum, [, limit]) => sum + limit.chars, 0) * 4 + 1024;
}

/** A value longer than its field allows: judged by its length alone, never trimmed, matched or parsed. */
class TooLong extends Problem {}

/**
 * Replaces each value longer than its field allows with a `TooLong`, before anything else
 * looks at it: a 50 MB cell costs one length check, not a trim, a regex and a JSON parse.
 */
function boundLengths(entry: Record<string, unknown>, limits: InputLimits): Record<string, unknown> {
  let bounded: Record<string, unknown> | undefined;
  for (const [name, { chars, setting }] of fieldLimits(limits)) {
    const value = entry[name];
    if (value === undefined || value === null) continue;
    const length = typeof value === 'string' ? value.length : (JSON.stringify(value)?.length ?? 0);
    if (length <= chars) continue;
    bounded ??= { ...entry };
    const limit = `${chars.toLocaleString('en')} characters${setting ? ` (${setting})` : ''}`;
    bounded[name] = new TooLong(
      `is ${length.toLocaleString('en')} characters long${typeof value === 'string' ? '' : ' as JSON'}; the limit is ${limit}`,
    );
  }
  return bounded ?? entry;
}

function text(value: unknown): string | undefined | Problem {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return new Problem(`expected text, got ${shown(value)}`);
}

function required<T>(read: (value: unknown) => T | undefined | Problem) {
  return (value: unknown): T | Problem => {
    const result = read(value);
    return result === undefined ? new Problem('is required') : result;
  };
}

function readPlatform(value: unknown): string | undefined | Problem {
  const id = text(value);
  if (typeof id !== 'string') return id;
  const lower = id.toLowerCase();
  if (findPlatform(lower)) return lower;
  return new Problem(`unknown platform ${shown(id)}; expected one of ${platformIds.join(', ')}`);
}

function readUrl(value: unknown): string | undefined | Problem {
  const raw = text(value);
  if (typeof raw !== 'string') return raw;
  // Asked first rather than caught: a thrown error costs more than the check, in a file of many bad rows.
  if (!URL.canParse(raw)) {
    // The value may still hold a password, so it is not echoed.
    return new Problem('expected an absolute http(s) URL like https://t.me/durov');
  }
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return new Problem(`expected an http(s) URL, got a ${url.protocol.slice(0, -1)}: URL`);
  }
  if (url.username || url.password) {
    return new Problem('must not contain a user name or password: URLs end up in logs and reports');
  }
  return raw;
}

function readPolicy(value: unknown): string | undefined | Problem {
  const name = text(value);
  if (typeof name !== 'string') return name;
  // Whether the name is defined depends on the installation's configuration: see `parseAccounts`.
  if (/^[\p{L}\p{N}_.-]{1,60}$/u.test(name)) return name;
  return new Problem(`invalid policy name ${shown(name)}: letters, digits, ".", "_" and "-" only`);
}

function readAccess(value: unknown): string | undefined | Problem {
  const name = text(value);
  if (typeof name !== 'string') return name;
  // Whether the profile is defined depends on the installation's settings: see `parseAccounts`.
  if (/^[\p{L}\p{N}_.-]{1,60}$/u.test(name)) return name;
  return new Problem(`invalid access profile name ${shown(name)}: letters, digits, ".", "_" and "-" only`);
}

/** Parses `30m`, `6h`, `2d12h`, `90s` or a number of seconds into milliseconds. */
export function parseInterval(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : null;
  const trimmed = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const m = DURATION.exec(trimmed);
  if (!trimmed || !m) return null;
  const [, d = 0, h = 0, min = 0, s = 0] = m;
  return (((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60 + Number(s)) * 1000;
}

function readInterval(value: unknown): number | undefined | Problem {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' || typeof value === 'number' ? parseInterval(value) : null;
  if (ms === null) return new Problem(`expected a duration like 30m, 6h or 1d, got ${shown(value)}`);
  if (ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    return new Problem(`must be between 5m and 30d, got ${shown(value)}`);
  }
  return ms;
}

/**
 * Answers of `IANAZone.isValidZone`, which costs an `Intl` call each (tens of µs for an
 * unknown zone), while a register names a handful of zones many times over. Bounded.
 */
const zoneValidity = new Map<string, boolean>();

function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

function readTimeZone(value: unknown): string | undefined | Problem {
  const zone = text(value);
  if (typeof zone !== 'string') return zone;
  if (isValidZone(zone)) return zone;
  return new Problem(`expected an IANA time zone like Asia/Shanghai or Europe/Berlin, got ${shown(zone)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options come as a nested object (YAML/JSON) or as JSON text (a CSV cell, or a YAML string). */
function readOptions(value: unknown): Record<string, unknown> | undefined | Problem {
  if (value === undefined) return undefined;
  let options: unknown = value;
  if (typeof value === 'string') {
    try {
      options = JSON.parse(value) as unknown;
    } catch (err) {
      return new Problem(`expected a JSON object like {"lastPost": ".post time"}, got invalid JSON (${(err as Error).message})`);
    }
  }
  if (!isPlainObject(options)) return new Problem(`expected an object of platform options, got ${shown(value)}`);
  return options;
}

/** Blank values (empty cells, `null`, whitespace) mean "use the default". */
function blankToUndefined(value: unknown): unknown {
  const trimmed = typeof value === 'string' ? value.trim() : value;
  return trimmed === '' || trimmed === null ? undefined : trimmed;
}

/** How each field is read. Every message is ours, naming what was expected. */
const fieldReaders: { readonly [K in AccountField]: (value: unknown) => unknown } = {
  platform: required(readPlatform),
  url: required(readUrl),
  name: text,
  unit: text,
  region: text,
  group: text,
  policy: readPolicy,
  interval: readInterval,
  timezone: readTimeZone,
  options: readOptions,
  access: readAccess,
};

function isAccountField(key: string): key is AccountField {
  return Object.hasOwn(fieldReaders, key);
}

/** Platform options are checked by the platform's adapter, which also fills in their defaults. */
function adapterOptions(
  platform: string,
  options: Record<string, unknown> | undefined,
): { value: unknown } | { issues: AccountEntryIssue[] } {
  const adapter = findPlatform(platform);
  if (!adapter) return { value: options };
  try {
    return { value: validateOptions(adapter, options ?? {}) };
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    return { issues: err.issues.map((i) => ({ path: (i.field ?? 'options').split('.'), message: i.message })) };
  }
}

/**
 * The adapter's objection to the account URL (a Weibo name it cannot resolve, a short link),
 * raised here so that a register names every such row with its line, as for any other field,
 * instead of the first look failing on it.
 */
function urlTheAdapterRefuses(platform: string, url: string, options: unknown): AccountEntryIssue | null {
  const adapter = findPlatform(platform);
  if (!adapter) return null;
  try {
    adapter.firstRequest(url, options);
    return null;
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    // The issues hold the explanation; the message repeats them after its headline.
    const detail = err.issues.map((i) => i.message).join('; ');
    return { path: ['url'], message: detail || err.message };
  }
}

/**
 * Validates one raw entry (a CSV record or a YAML/JSON mapping), returning the account or
 * every problem with its field path. Values longer than `limits` allow are refused by their
 * length before anything else. Plain functions rather than a schema library: this runs for
 * every row of a register, and a file of many bad rows must cost little per problem.
 */
export function parseAccountEntry(entry: unknown, limits: InputLimits = DEFAULT_INPUT_LIMITS): AccountEntryResult {
  if (!isPlainObject(entry)) return { ok: false, issues: [{ path: [], message: 'expected a mapping of account fields' }] };
  const bounded = boundLengths(entry, limits);
  const values: Partial<Record<AccountField, unknown>> = {};
  const issues: AccountEntryIssue[] = [];
  for (const name of accountFields) {
    const raw = bounded[name];
    const value = raw instanceof TooLong ? raw : fieldReaders[name](blankToUndefined(raw));
    if (value instanceof Problem) issues.push({ path: [name], message: value.message });
    else values[name] = value;
  }
  for (const key of Object.keys(entry)) {
    if (!isAccountField(key))
      issues.push({ path: [clipped(key, 40)], message: `unknown field; expected one of ${accountFields.join(', ')}` });
  }
  // Options are the adapter's to judge, once platform and options read cleanly.
  if (issues.some((i) => i.path[0] === 'platform' || i.path[0] === 'options')) return { ok: false, issues };
  const platform = values.platform as string;
  const options = adapterOptions(platform, values.options as Record<string, unknown> | undefined);
  if ('issues' in options) issues.push(...options.issues);
  if (issues.length > 0 || !('value' in options)) return { ok: false, issues };
  const urlIssue = urlTheAdapterRefuses(platform, values.url as string, options.value);
  if (urlIssue) return { ok: false, issues: [urlIssue] };
  return {
    ok: true,
    account: {
      platform,
      url: values.url as string,
      // Unnamed stays unnamed: shown under the page's own name once known (see `shownAccountName`).
      name: (values.name as string | undefined) ?? null,
      unit: (values.unit as string | undefined) ?? null,
      region: (values.region as string | undefined) ?? null,
      group: (values.group as string | undefined) ?? null,
      policy: (values.policy as string | undefined) ?? null,
      intervalMs: (values.interval as number | undefined) ?? DEFAULT_INTERVAL_MS,
      timeZone: (values.timezone as string | undefined) ?? DEFAULT_TIME_ZONE,
      options: options.value,
      ...(values.access === undefined ? {} : { access: values.access as string }),
    },
  };
}
