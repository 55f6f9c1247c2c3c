import { Parser } from 'htmlparser2';
import { DateTime } from 'luxon';
import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import type { PageReading, ParseContext } from '../adapter.ts';
import { excerpt } from '../excerpt.ts';
import { NestingGuard } from '../markup/nesting-guard.ts';
import { isRecord } from '../json-answer.ts';
import { accountFacts, isAccount, readApiTime } from './account.ts';

/**
 * Reads an account's statuses list (newest first) and merges it with the facts of the account
 * page read before it. The account's own `last_status_at` is kept when it is later than every
 * listed status: it also counts followers-only posts and posts deleted since.
 */
export function readStatuses(list: readonly unknown[], ctx: ParseContext<unknown>): PageReading {
  const previous = ctx.previous;
  if (list.length === 0) {
    // Only public posts are listed: an empty list says nothing when the account counts posts.
    if (previous) return { facts: previous };
    throw new PageMismatchError('the statuses list is empty and no account page said how many posts exist');
  }
  const posts = list.map((status, index) => readStatus(status, index, ctx.now));
  const base = previous ?? embeddedAccountFacts(list[0], ctx.now);
  return { facts: { ...mergeAccountLastPost(base, posts), posts } };
}

function readStatus(status: unknown, index: number, now: Date): ObservedPost {
  if (!isRecord(status) || !isId(status.id) || typeof status.created_at !== 'string') {
    throw new PageMismatchError(`status #${index + 1} of the list has no id or created_at`);
  }
  const time = readApiTime(status.created_at, now);
  if (!time) {
    throw new PageMismatchError(`status #${index + 1} has an unreadable created_at: ${status.created_at.slice(0, 40)}`);
  }
  const reblog = isRecord(status.reblog) ? status.reblog : null;
  return {
    id: String(status.id),
    at: time.at,
    precision: time.precision,
    pinned: status.pinned === true,
    repost: status.reblog != null,
    url: stringOr(status.url) ?? stringOr(reblog?.url) ?? stringOr(status.uri) ?? stringOr(reblog?.uri),
    excerpt: statusExcerpt(reblog ?? status),
  };
}

/**
 * Merges the account's `last_status_at` with the newest listed status. The statuses are fetched
 * to learn the newest post's exact time, so when that status falls within the span the account
 * names (its day, or its second on old servers) or later, the account-level time is dropped and
 * the posts decide (`okObservation` would otherwise keep the end of the day). A `last_status_at`
 * before which every listed status lies stays: the newest post is followers-only or deleted, and
 * no listed status is that post, so no link or text is borrowed.
 */
function mergeAccountLastPost(base: PageFacts, posts: readonly ObservedPost[]): PageFacts {
  if (!base.lastPostAt || !base.lastPostPrecision) return base;
  const newestAt = Date.parse(posts.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a)).at);
  // The span starts at or before the account's time, so only an earlier status needs the calendar.
  if (newestAt < Date.parse(base.lastPostAt)) {
    const spanStart = DateTime.fromISO(base.lastPostAt, { setZone: true }).startOf(base.lastPostPrecision);
    if (newestAt < spanStart.toMillis()) return base;
  }
  const facts = { ...base };
  delete facts.lastPostAt;
  delete facts.lastPostPrecision;
  delete facts.lastPostUrl;
  delete facts.lastPostExcerpt;
  return facts;
}

/** A statuses list fetched on its own still names its account in every status. */
function embeddedAccountFacts(first: unknown, now: Date): PageFacts {
  const account = isRecord(first) ? first.account : undefined;
  return isAccount(account) ? accountFacts(account, now) : {};
}

/** Plain text of a status: its HTML content with paragraphs and line breaks kept as spaces. */
function statusExcerpt(status: Record<string, unknown>): string | null {
  const content = typeof status.content === 'string' ? status.content : '';
  return excerpt(contentText(content)) ?? excerpt(typeof status.spoiler_text === 'string' ? status.spoiler_text : '');
}

/**
 * The text of status HTML, each `<br>` read as a space and a space added at the end of each
 * `<p>`. Streamed from the parser rather than built into a document: a list holds up to 40
 * statuses, and a document per status took more than half of the list's reading.
 */
function contentText(html: string): string {
  let text = '';
  // The parser's own stack costs time quadratic in the nesting, built DOM or not.
  const nesting = new NestingGuard();
  const parser = new Parser({
    ontext(data) {
      text += data;
    },
    onopentag(name) {
      nesting.open();
      // The parser reports a stray `</br>` as an opening `<br>` too, as browsers read it.
      if (name === 'br') text += ' ';
    },
    onclosetag(name) {
      nesting.close();
      // Also fired for paragraphs closed implicitly, by the next block or the end of the content.
      if (name === 'p') text += ' ';
    },
  });
  parser.end(html);
  return text;
}

function isId(value: unknown): value is string | number {
  return (typeof value === 'string' && value !== '') || typeof value === 'number';
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
