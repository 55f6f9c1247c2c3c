import { PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts, Precision } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import type { FetchedPage, PageReading, ParseContext } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { statusesRequest } from './api-url.ts';
import { isCount, isRecord } from '../json-answer.ts';

/** The fields of Mastodon's Account entity this adapter reads. */
export interface MastodonAccount {
  id: string | number;
  username: string;
  display_name?: unknown;
  followers_count: number;
  statuses_count?: unknown;
  last_status_at?: unknown;
  suspended?: unknown;
}

/** An account object, told apart from error answers (`{"error": ...}`) and other entities. */
export function isAccount(value: unknown): value is MastodonAccount {
  if (!isRecord(value)) return false;
  return (
    (typeof value.id === 'string' || typeof value.id === 'number') && typeof value.username === 'string' && isCount(value.followers_count)
  );
}

/** A time from the Mastodon API, which serializes every time in UTC. */
export function readApiTime(text: string, now: Date): { at: string; precision: Precision } | null {
  const exact = readUtcTimestamp(text);
  if (exact) return exact;
  const parsed = parseDate(text, { now, timeZone: 'UTC' });
  return parsed ? { at: parsed.iso, precision: parsed.precision } : null;
}

/** How servers write every `created_at`: "2025-07-10T09:15:00.000Z". */
const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

/**
 * The usual API timestamp, read as `parseDate` reads it but without its general machinery,
 * which took a fifth of a statuses list's reading. Anything else, including impossible dates
 * that `Date.UTC` would roll over (02-30, 24:00) and years before 100, gets null and goes to
 * `parseDate`.
 */
function readUtcTimestamp(text: string): { at: string; precision: Precision } | null {
  const match = UTC_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year = '', month = '', day = '', hour = '', minute = '', second = '', millis = '000'] = match;
  const date = new Date(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second, +millis));
  const stated = `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}Z`;
  if (date.getUTCFullYear() < 100 || date.toISOString() !== stated) return null;
  return { at: `${stated.slice(0, millis === '000' ? 19 : 23)}+00:00`, precision: 'second' };
}

/**
 * Reads the account object. Current servers give `last_status_at` as a UTC date only, so the
 * reading then asks for the statuses list to learn the newest post's exact time and text.
 */
export function readAccount(value: unknown, page: FetchedPage, ctx: ParseContext<unknown>): PageReading {
  if (!isAccount(value)) throw new PageMismatchError(describeNonAccount(value));
  if (value.suspended === true) {
    // Suspended accounts are served with every count blanked to 0: that is not an empty account.
    throw new PageMismatchError('the server shows this account as suspended, so its counts are blanked');
  }
  const facts = accountFacts(value, ctx.now);
  const exact = facts.lastPostPrecision === 'second' || facts.lastPostPrecision === 'minute';
  const mayHavePosts = facts.postsCount == null || facts.postsCount > 0;
  if (exact || !mayHavePosts) return { facts };
  return { facts, next: statusesRequest(page.url, String(value.id)) };
}

/** Name, counts and account-level last post time of an account object. */
export function accountFacts(account: MastodonAccount, now: Date): PageFacts {
  const facts: PageFacts = {
    displayName: cleanText(typeof account.display_name === 'string' ? account.display_name : '') || account.username,
    followers: account.followers_count,
    followersApproximate: false,
  };
  if (isCount(account.statuses_count)) facts.postsCount = account.statuses_count;
  const last = account.last_status_at;
  if (typeof last === 'string' && last !== '') {
    const time = readApiTime(last, now);
    if (!time) throw new PageMismatchError(`last_status_at is not a date: ${JSON.stringify(last.slice(0, 40))}`);
    facts.lastPostAt = time.at;
    facts.lastPostPrecision = time.precision;
  } else if (last != null) {
    throw new PageMismatchError('last_status_at is neither a date nor null');
  }
  return facts;
}

function describeNonAccount(value: unknown): string {
  if (isRecord(value) && typeof value.error === 'string') {
    return `the server answered with an error instead of an account: ${JSON.stringify(value.error.slice(0, 200))}`;
  }
  return 'the JSON is not a Mastodon account (no id, username or followers_count)';
}
