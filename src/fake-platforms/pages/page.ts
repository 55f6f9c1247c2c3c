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
}

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
