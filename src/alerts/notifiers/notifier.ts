import type { AlertEvent, Locale } from '../alert.ts';
import { describeEvent } from '../event-text.ts';

/** The webhook body formats sleepwatch can send: its own JSON, or a chat platform's group bot. */
export type WebhookFormat = 'generic' | 'wecom' | 'dingtalk' | 'feishu' | 'slack';

/** Whether the receiver took a delivery, read from its answer. */
export type Acceptance = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * How alert events are written for one kind of receiver, and how its answer is read.
 *
 * Group bots answer HTTP 200 even when they drop the message (WeCom and DingTalk put an
 * `errcode` in the body, Feishu a `code`, Slack a plain-text word), so `accepted` must read
 * the body, not only the status.
 */
export interface WebhookPayloadFormat {
  format: WebhookFormat;
  /** The JSON body for one event, in the reader's language. */
  build(event: AlertEvent, locale: Locale): object;
  /** Reads the receiver's answer: 429 and 5xx are worth retrying, other refusals are not. */
  accepted(status: number, body: string): Acceptance;
  /**
   * The bot's own signature check, for platforms that have one (DingTalk's and Feishu's 加签).
   * Absent: the platform checks none, and a webhook of this format takes no sign secret.
   */
  signing?: BotSigning;
}

/** A request as a bot signature changes it: DingTalk signs in the query, Feishu in the body. */
export interface SignableRequest {
  url: URL;
  body: object;
}

/** How a chat platform's bot checks that a message comes from whoever holds its signing secret. */
export interface BotSigning {
  /** The request signed with `secret` at `now` (the platforms refuse signatures older than an hour). */
  sign(request: SignableRequest, secret: string, now: Date): SignableRequest;
  /** Why `secret` cannot be this platform's signing secret, or null. Never repeats the secret. */
  checkSecret(secret: string): string | null;
}

/**
 * The outcome of one delivery (webhook or e-mail). `status` is the HTTP status (the SMTP
 * reply code for e-mail), null when no answer came; `answer` a one-line excerpt of what the
 * receiver answered, when it answered. Neither `reason` nor `answer` carries a secret.
 */
export type DeliveryResult = { ok: true; status: number; answer?: string } | { ok: false; retry: boolean; status: number | null; reason: string; answer?: string };

// ---------------------------------------------------------------------------------------
// The message every chat format renders: the event text split into lines of text and links.

/** A run of plain text, or a link, inside one line of a message. */
export type Segment = { text: string; href?: undefined } | { text: string; href: string };

/** An event as a chat message: the title and the body lines, links marked out. */
export interface EventMessage {
  title: string;
  lines: Segment[][];
}

/**
 * The event text (`describeEvent`) with the account URL and the newest post's URL marked
 * as links, so each chat format can make them clickable its own way. URLs that are not
 * http(s) stay plain text: a scraped `javascript:` link must not become clickable.
 */
export function eventMessage(event: AlertEvent, locale: Locale): EventMessage {
  const { title, body } = describeEvent(event, locale);
  const links = eventLinks(event);
  return { title, lines: body.split('\n').map((line) => linkify(line, links)) };
}

/** The http(s) URLs a reader opens to check an alert: the account, then its newest post. */
export function eventLinks(event: AlertEvent): string[] {
  const candidates = [event.alert.account?.url, event.alert.evidence?.lastPostUrl];
  const links: string[] = [];
  for (const url of candidates) {
    if (url && isWebUrl(url) && !links.includes(url)) links.push(url);
  }
  return links;
}

function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function linkify(line: string, links: readonly string[]): Segment[] {
  const segments: Segment[] = [];
  let rest = line;
  for (;;) {
    let at = -1;
    let found = '';
    for (const url of links) {
      const index = rest.indexOf(url);
      // The longest match wins where two URLs start at the same place (one a prefix of the other).
      if (index !== -1 && (at === -1 || index < at || (index === at && url.length > found.length))) {
        at = index;
        found = url;
      }
    }
    if (at === -1) break;
    if (at > 0) segments.push({ text: rest.slice(0, at) });
    segments.push({ text: found, href: found });
    rest = rest.slice(at + found.length);
  }
  if (rest || segments.length === 0) segments.push({ text: rest });
  return segments;
}

// ---------------------------------------------------------------------------------------
// Fitting a message into a platform's size limit.

const ELLIPSIS = '…';

/**
 * Renders `message` and, when the result measures more than `max`, shortens it until it
 * fits: the longest plain text first (with an ellipsis), links last. Text is cut between
 * code points before rendering, so the output is valid UTF-8 with intact escapes and link
 * syntax. Links turn into plain text only when nothing else is left to shorten.
 */
export function renderWithin(message: EventMessage, render: (message: EventMessage) => string, measure: (rendered: string) => number, max: number): string {
  const title = draft({ text: message.title });
  const lines = message.lines.map((line) => line.map(draft));
  const all = [title, ...lines.flat()];
  const current = () => render({ title: shown(title).text, lines: lines.map((line) => line.map(shown)) });
  const fits = () => measure(current()) <= max;

  for (;;) {
    if (fits()) return current();
    const text = longest(all.filter((d) => d.href === undefined && d.keep > 0));
    if (!text) {
      const link = longest(all.filter((d) => d.href !== undefined));
      if (!link) return current(); // nothing left to shorten: the limit is below the bare layout
      link.href = undefined;
      continue;
    }
    // The longest prefix that fits; if even none does, this segment goes and the next is shortened.
    let low = 0;
    let high = text.keep - 1;
    text.keep = 0;
    if (!fits()) continue;
    while (low < high) {
      const keep = Math.ceil((low + high) / 2);
      text.keep = keep;
      if (fits()) low = keep;
      else high = keep - 1;
    }
    text.keep = low;
  }
}

/** A segment being shortened: `keep` code points of `chars` are shown, with an ellipsis when cut. */
interface Draft {
  chars: string[];
  keep: number;
  href: string | undefined;
}

function draft(segment: Segment): Draft {
  const chars = Array.from(segment.text);
  return { chars, keep: chars.length, href: segment.href };
}

function shown(d: Draft): Segment {
  const whole = d.keep === d.chars.length;
  const text = whole ? d.chars.join('') : d.keep === 0 ? '' : d.chars.slice(0, d.keep).join('') + ELLIPSIS;
  return d.href !== undefined && whole ? { text, href: d.href } : { text };
}

function longest(drafts: Draft[]): Draft | undefined {
  let best: Draft | undefined;
  for (const d of drafts) if (!best || d.keep > best.keep) best = d;
  return best;
}

/** Size in bytes once encoded as UTF-8. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

// ---------------------------------------------------------------------------------------
// Markdown as WeCom and DingTalk bots render it.

/**
 * Makes text show literally in bot markdown: account names and post excerpts come from
 * strangers, and `*`, `[`, or a `<@userid>` / `<font>` tag in them would otherwise format
 * the message, fake a link or mention someone. Angle brackets become entities (the bots'
 * renderers accept HTML-ish tags, which a backslash does not stop).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~[\]#|]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A link in markdown: the text escaped, parentheses in the URL encoded so they cannot end it early. */
export function markdownLink(text: string, href: string): string {
  return `[${escapeMarkdown(text)}](${markdownHref(href)})`;
}

function markdownHref(href: string): string {
  return new URL(href).href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/** One message line as markdown: plain text escaped, links clickable. */
export function markdownLine(line: readonly Segment[]): string {
  return line.map((s) => (s.href === undefined ? escapeMarkdown(s.text) : markdownLink(s.text, s.href))).join('');
}

// ---------------------------------------------------------------------------------------
// Reading answers.

/**
 * The verdict from the HTTP status alone: null for 2xx (the body decides), otherwise a
 * refusal, retried for 429 and 5xx (the receiver is busy or broken, not the request).
 * Redirects are refused: webhooks are not followed to another address.
 */
export function refusedByStatus(status: number, body: string): Acceptance | null {
  if (status >= 200 && status < 300) return null;
  const retry = status === 429 || status >= 500;
  const what = status >= 300 && status < 400 ? `redirected (HTTP ${status}); webhook redirects are not followed` : `HTTP ${status}`;
  const detail = snippet(body);
  return { ok: false, retry, reason: detail ? `${what}: ${detail}` : what };
}

/**
 * Reads a bot's JSON answer where success is a numeric code of 0 in one of `fields`
 * (WeCom `errcode`, DingTalk `errcode`, Feishu `code` or `StatusCode`). Codes in
 * `retryCodes` are the platform's rate limits and are retried.
 */
export function acceptedByCode(
  status: number,
  body: string,
  rule: { platform: string; codeFields: readonly string[]; messageFields: readonly string[]; retryCodes: ReadonlySet<number> },
): Acceptance {
  const refused = refusedByStatus(status, body);
  if (refused) return refused;
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return { ok: false, retry: false, reason: `${rule.platform} answered HTTP ${status} without a JSON body: ${snippet(body) || '(empty)'}` };
  }
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  const field = rule.codeFields.find((name) => typeof record[name] === 'number');
  if (field === undefined) return { ok: false, retry: false, reason: `${rule.platform} answer has no ${rule.codeFields.join('/')}: ${snippet(body)}` };
  const code = record[field] as number;
  if (code === 0) return { ok: true };
  const message = rule.messageFields.map((name) => record[name]).find((value): value is string => typeof value === 'string');
  return { ok: false, retry: rule.retryCodes.has(code), reason: `${rule.platform} ${field} ${code}${message ? `: ${snippet(message)}` : ''}` };
}

/** A short one-line excerpt of a receiver's answer for a failure reason. */
export function snippet(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max).join('')}${ELLIPSIS}` : line;
}

// ---------------------------------------------------------------------------------------
// Keeping secrets out of failure reasons.

/**
 * Replaces every occurrence of the given secrets in `text`. Failure reasons quote error
 * messages and receivers' answers, which may echo a bot key or a password back.
 * Fragments shorter than 4 characters are left alone: replacing them would garble the
 * text without hiding anything worth hiding.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const distinct = [...new Set(secrets)].filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  let redacted = text;
  for (const secret of distinct) redacted = redacted.split(secret).join('***');
  return redacted;
}

/**
 * Every form in which a URL's secrets could show up in a message: the query string, each
 * query value (raw and encoded), long path segments, the password and the user name. The
 * rest of the URL stays readable, so a reason still says where a delivery went.
 */
export function urlSecrets(url: string): string[] {
  const secrets: string[] = [];
  try {
    const parsed = new URL(url);
    if (parsed.search) secrets.push(parsed.search.slice(1));
    for (const [, value] of parsed.searchParams) secrets.push(value, encodeURIComponent(value));
    for (const raw of [parsed.password, parsed.username]) {
      if (raw) secrets.push(raw, safeDecode(raw));
    }
    if (parsed.hash) secrets.push(parsed.hash.slice(1));
    // Slack and Feishu put the whole credential in the path, as one long segment.
    for (const segment of parsed.pathname.split('/')) if (segment.length >= 16) secrets.push(segment, safeDecode(segment));
  } catch {
    secrets.push(url); // nothing can be told apart in an unparsable URL
  }
  return secrets.filter(Boolean);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
