import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { z } from 'zod';
import { DEFAULT_INPUT_LIMITS, LIMIT_SETTINGS, type InputLimits } from '../input/input-limits.ts';
import { IssueList } from '../input/issue-list.ts';
import { readInputFileSync } from '../input/read-bounded.ts';
import { PLATFORM_IDS } from '../platforms/platform-ids.ts';
import { AccessBook, type AccessSettings } from './access-settings.ts';

/** The variable the settings come from, named in every message about them. */
export const PLATFORM_SETTINGS_VAR = 'SLEEPWATCH_PLATFORM_SETTINGS';

/** RFC 9110 token: what a header or cookie name may be. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What the HTTP client sends as a header value: no line breaks or other control characters. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A cookie value inside one Cookie header: a header value without the separator. */
const COOKIE_VALUE = /^[\x21-\x3a\x3c-\x7e\x80-\xff]*$/;

/** Headers with a field of their own, or that the HTTP client sets itself. */
const RESERVED_HEADERS: Readonly<Record<string, string>> = {
  cookie: 'give cookies in the "cookies" field',
  'user-agent': 'give the user agent in the "userAgent" field',
  'proxy-authorization': "give the proxy's credentials in the proxy URL (http://user:password@host:port)",
  host: 'set by the HTTP client',
  'content-length': 'set by the HTTP client',
  'transfer-encoding': 'set by the HTTP client',
  connection: 'set by the HTTP client',
  'keep-alive': 'set by the HTTP client',
  upgrade: 'set by the HTTP client',
  te: 'set by the HTTP client',
  trailer: 'set by the HTTP client',
};

// Every message below is ours and names what was expected, never the value given: any value may be a secret.
const headerValue = z
  .string('expected text')
  .max(8192, 'at most 8,192 characters')
  .regex(HEADER_VALUE, 'contains a line break or another control character');

const cookieMap = z.record(
  z.string().regex(TOKEN, "not a valid cookie name (letters, digits and !#$%&'*+-.^_`|~ only)"),
  z.string('expected text').max(4096, 'at most 4,096 characters').regex(COOKIE_VALUE, 'contains a space, ";" or a control character'),
);

/**
 * Cookies as a mapping, or as copied from a browser's request (`"SUB=…; SUBP=…"`), which is
 * split into the same mapping and then checked cookie by cookie.
 */
const cookies = z
  .union([z.string().max(16_384, 'at most 16,384 characters'), z.record(z.string(), z.unknown())], {
    error: 'expected "name=value; name=value" or a mapping of cookie names to values',
  })
  .transform((given, ctx) => {
    if (typeof given !== 'string') return given;
    const map: Record<string, string> = {};
    for (const [i, pair] of given
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)
      .entries()) {
      const eq = pair.indexOf('=');
      if (eq <= 0) ctx.addIssue({ code: 'custom', message: `cookie ${i + 1} is not name=value (as a browser sends them: "a=1; b=2")` });
      else map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    return map;
  })
  .pipe(cookieMap);

// Names are checked as keys rather than by a refinement of the whole mapping, which zod skips once any value is wrong.
const headerName = z.string().superRefine((name, ctx) => {
  const reserved = RESERVED_HEADERS[name.toLowerCase()];
  if (!TOKEN.test(name)) ctx.addIssue({ code: 'custom', message: "not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)" });
  else if (reserved) ctx.addIssue({ code: 'custom', message: `not allowed here: ${reserved}` });
});

const headers = z.record(headerName, headerValue);

const proxy = z.string('expected a URL').superRefine((text, ctx) => {
  const problem = proxyProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * What is wrong with a proxy URL, or null. Only http and https proxies: what both the HTTP
 * client (undici's ProxyAgent) and the browser's guard proxy (proxy-chain) send through.
 */
function proxyProblem(text: string): string | null {
  if (!URL.canParse(text)) return 'expected a proxy URL like http://user:password@proxy.example:8080';
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // Only a scheme known to be one is named: in "user:password@host" the "scheme" is a user name.
    const socks = /^socks[45]?h?:$/.test(url.protocol) ? `${url.protocol.slice(0, -1)} proxies are not supported: ` : '';
    return `${socks}expected an http:// or https:// proxy URL`;
  }
  if (!url.hostname) return 'expected a proxy URL with a host';
  if (url.pathname !== '/' || url.search || url.hash) return 'expected a proxy URL without a path, query or fragment';
  return null;
}

const settingsShape = z.strictObject({
  cookies: cookies.optional(),
  headers: headers.optional(),
  userAgent: headerValue.min(1, 'expected a user agent').optional(),
  proxy: proxy.optional(),
});

const profileName = z.string().regex(/^[\p{L}\p{N}_.-]{1,60}$/u, 'letters, digits, ".", "_" and "-" only');

const fileShape = z.strictObject({
  /** Platform id → how every request to that platform is sent. */
  platforms: z
    .record(
      z.string().refine((id) => PLATFORM_IDS.includes(id), { message: `unknown platform; expected one of ${PLATFORM_IDS.join(', ')}` }),
      settingsShape,
    )
    .default({}),
  /** Named overrides an account chooses with its `access` field. */
  profiles: z.record(profileName, settingsShape).default({}),
});

function yaml(): typeof Yaml {
  // Loaded when settings are given: most installations have none (see `loadPoliciesFile`).
  return createRequire(import.meta.url)('yaml') as typeof Yaml;
}

/**
 * Reads SLEEPWATCH_PLATFORM_SETTINGS: JSON inline when it starts with `{`, else the path of a
 * YAML or JSON file. All or nothing; every problem is named by its field path (and line, in a
 * file), never with the value that was given.
 */
export function loadPlatformSettings(value: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): AccessBook {
  if (value.trimStart().startsWith('{')) return parsePlatformSettings(value, PLATFORM_SETTINGS_VAR, false);
  const bytes = readInputFileSync(value, `${PLATFORM_SETTINGS_VAR}: platform settings file`, {
    bytes: limits.yamlBytes,
    setting: LIMIT_SETTINGS.yamlBytes,
  });
  return parsePlatformSettings(bytes.toString('utf8'), `${PLATFORM_SETTINGS_VAR}: platform settings file ${value}`, true);
}

export function parsePlatformSettings(text: string, label: string = PLATFORM_SETTINGS_VAR, withLines = true): AccessBook {
  const { isMap, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const issues = new IssueList();
  const at = (offset: number) => (withLines ? { line: lines.linePos(offset).line } : {});
  // The parser's first line names the problem and its place; the lines after it quote the text.
  const [e] = doc.errors;
  // One is enough: the parser's later errors follow from the first.
  if (e) issues.add({ ...at(e.pos[0]), message: `not valid ${withLines ? 'YAML or JSON' : 'JSON'}: ${e.message.split('\n')[0]!}` });
  issues.throwIfAny(label, '; none of it was applied');
  const parsed = fileShape.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const node = doc.getIn(i.path as Array<string | number>, true) as { range?: [number, number] } | undefined;
      const message = i.code === 'invalid_key' ? (i.issues[0]?.message ?? i.message) : i.message;
      issues.add({
        ...at(node?.range?.[0] ?? (isMap(doc.contents) ? doc.contents.range[0] : 0)),
        field: i.path.join('.') || undefined,
        message,
      });
    }
    throw issues.error(label, '; none of it was applied');
  }
  return new AccessBook(normalised(parsed.data.platforms), normalised(parsed.data.profiles));
}

/** Header names lowercased, so that one given as "Referer" replaces the adapter's "referer". */
function normalised(map: Record<string, z.infer<typeof settingsShape>>): Record<string, AccessSettings> {
  return Object.fromEntries(
    Object.entries(map).map(([key, s]) => [
      key,
      { ...s, ...(s.headers ? { headers: Object.fromEntries(Object.entries(s.headers).map(([n, v]) => [n.toLowerCase(), v])) } : {}) },
    ]),
  );
}
