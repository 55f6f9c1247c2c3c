import type { FakeAccount } from '../population.ts';

/** What every page renderer gets: the account, the clock the pages are generated against, and where they are served. */
export interface PageContext {
  account: FakeAccount;
  now: Date;
  /** Base URL of the server, e.g. http://127.0.0.1:41234 (no trailing slash). */
  base: string;
  /** Render with renamed classes / fields, the way a platform redesign breaks parsers. */
  changedMarkup: boolean;
}

/** A rendered response before the server applies faults. */
export interface RenderedPage {
  status: number;
  contentType: string;
  body: string;
  /** Headers beyond the content type (a redirect's Location, a rate limit's Retry-After). */
  headers?: Readonly<Record<string, string>>;
}

/** The faults a platform answers in its own way (an API's JSON error, its own block page) rather than with the generic pages. */
export type PlatformFault = 'not-found' | 'captcha' | 'login-wall' | 'rate-limited';

/** A platform's own answers to the faults it has one for; the others get the generic pages. */
export type PlatformFaultPages = Partial<Record<PlatformFault, (ctx: PageContext) => RenderedPage>>;

export const HTML_TYPE = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and XML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** ISO 8601 in UTC with whole seconds and an explicit "+00:00" offset, as Telegram writes it. */
export function isoSecondsUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** ISO 8601 with whole seconds in a fixed offset, e.g. "2025-07-10T22:30:00+08:00". */
export function isoSecondsAtOffset(date: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0) return isoSecondsUtc(date);
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Whole seconds since the epoch, as the Chinese platforms' APIs date things. */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/** The wall clock in China (UTC+8) as UTC fields: read it with getUTC…(). */
export function chinaClock(at: Date): Date {
  return new Date(at.getTime() + 8 * 3_600_000);
}

/** A JSON answer, with its keys renamed when the platform's API changed under the client (`changedMarkup`). */
export function jsonPage(ctx: PageContext, value: unknown, renamed: Readonly<Record<string, string>>, status = 200): RenderedPage {
  return { status, contentType: JSON_TYPE, body: JSON.stringify(ctx.changedMarkup ? renameKeys(value, renamed) : value) };
}

/** Every object key in `value` that `renamed` names, renamed, however deep. */
export function renameKeys(value: unknown, renamed: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, renamed));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [renamed[k] ?? k, renameKeys(v, renamed)]));
}
