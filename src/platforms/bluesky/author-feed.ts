import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts, Precision } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import type { FetchedPage, PageReading, ParseContext } from '../adapter.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { isRecord } from '../json-answer.ts';

const REASON_REPOST = 'app.bsky.feed.defs#reasonRepost';
const REASON_PIN = 'app.bsky.feed.defs#reasonPin';

/** An `at://<did>/app.bsky.feed.post/<rkey>` post URI, for the post's web link. */
const POST_URI = /^at:\/\/(did:[^/]+)\/app\.bsky\.feed\.post\/([^/?#]+)$/;

/**
 * Reads an author feed (newest first, a pinned post first of all when asked for) and merges it
 * with the profile read before it. Each item counts by its own time, never by its place: a
 * pinned post by when it was written, a repost by when it was reposted.
 *
 * An empty feed is evidence of an account that never posted only when the profile said so too.
 * The profile reader always states a positive post count and leaves a count of 0 out, so a
 * profile without `postsCount` is one that counted none (see `readProfile`).
 */
export function readAuthorFeed(value: unknown, page: FetchedPage, ctx: ParseContext<unknown>): PageReading {
  if (!isRecord(value) || !Array.isArray(value.feed)) {
    throw new PageMismatchError(isRecord(value) && typeof value.error === 'string' ? describeError(value) : 'the JSON has no feed list');
  }
  const previous = ctx.previous;
  if (value.feed.length === 0) {
    if (previous && previous.postsCount === undefined) return { facts: { ...previous, postsCount: 0 } };
    if (previous) throw new PageMismatchError(`the feed is empty but the profile counts ${previous.postsCount} posts`);
    throw new PageMismatchError('the feed is empty and no profile said how many posts exist');
  }
  const items = value.feed.map((item, index) => readItem(item, index));
  const accountDid = actorDid(page.url) ?? items.find((i) => !i.repostBy)?.authorDid ?? items[0]?.repostBy;
  for (const [index, item] of items.entries()) {
    const by = item.repostBy ?? item.authorDid;
    if (by !== accountDid) throw new PageMismatchError(`feed item #${index + 1} is not by this account: the feed is not its author feed`);
  }
  const posts = items.map((item) => readPost(item, ctx.now));
  const base: PageFacts = previous ?? authorFacts(items.find((i) => !i.repostBy));
  return { facts: { ...base, posts } };
}

interface FeedItem {
  index: number;
  post: Record<string, unknown>;
  uri: string;
  authorDid: string;
  author: Record<string, unknown>;
  /** DID of the account that reposted it, for reposts. */
  repostBy?: string;
  repostedAt?: string;
  repostUri?: string;
  pinned: boolean;
}

function readItem(item: unknown, index: number): FeedItem {
  const where = `feed item #${index + 1}`;
  const post = isRecord(item) ? item.post : undefined;
  if (!isRecord(item) || !isRecord(post) || typeof post.uri !== 'string' || !isRecord(post.author) || typeof post.author.did !== 'string') {
    throw new PageMismatchError(`${where} has no post with a uri and an author`);
  }
  const read: FeedItem = { index, post, uri: post.uri, authorDid: post.author.did, author: post.author, pinned: false };
  const reason = item.reason;
  if (reason == null) return read;
  const type = isRecord(reason) ? reason.$type : undefined;
  if (type === REASON_PIN) return { ...read, pinned: true };
  if (type === REASON_REPOST && isRecord(reason) && isRecord(reason.by) && typeof reason.by.did === 'string') {
    if (typeof reason.indexedAt !== 'string') throw new PageMismatchError(`${where} is a repost without its time`);
    const repostUri = typeof reason.uri === 'string' ? reason.uri : undefined;
    return { ...read, repostBy: reason.by.did, repostedAt: reason.indexedAt, ...(repostUri ? { repostUri } : {}) };
  }
  throw new PageMismatchError(`${where} has a reason this reader does not know: ${JSON.stringify(String(type).slice(0, 60))}`);
}

function readPost(item: FeedItem, now: Date): ObservedPost {
  const where = `feed item #${item.index + 1}`;
  const record = isRecord(item.post.record) ? item.post.record : {};
  let time: ApiTime | null;
  if (item.repostedAt !== undefined) {
    time = readApiTime(item.repostedAt, now);
    if (!time) throw new PageMismatchError(`${where} has an unreadable repost time: ${item.repostedAt.slice(0, 40)}`);
  } else {
    time = postTime(record.createdAt, item.post.indexedAt, now);
    if (!time) throw new PageMismatchError(`${where} has no readable createdAt or indexedAt`);
  }
  const text = typeof record.text === 'string' ? record.text : '';
  return {
    id: item.repostUri ?? (item.repostBy ? `${item.uri}#repost` : item.uri),
    at: time.at,
    precision: time.precision,
    pinned: item.pinned,
    repost: item.repostBy !== undefined,
    url: postWebUrl(item.uri),
    excerpt: excerpt(text),
  };
}

/**
 * When a post was made, as the AppView orders posts (its `sortAt`): the earlier of the time the
 * client wrote into the record and the time the AppView first saw it. The record's time is the
 * author's to set, so a clock ahead of time cannot put a post in the future; one set back
 * (an imported archive) dates the post as it shows, which is how the app shows it too.
 */
function postTime(createdAt: unknown, indexedAt: unknown, now: Date): ApiTime | null {
  const created = typeof createdAt === 'string' ? readApiTime(createdAt, now) : null;
  const indexed = typeof indexedAt === 'string' ? readApiTime(indexedAt, now) : null;
  if (!created || !indexed) return created ?? indexed;
  return Date.parse(indexed.at) < Date.parse(created.at) ? indexed : created;
}

interface ApiTime {
  at: string;
  precision: Precision;
}

/** An atproto datetime; they carry their own offset, so the zone given only matters if one lacks it. */
function readApiTime(text: string, now: Date): ApiTime | null {
  const parsed = parseDate(text, { now, timeZone: 'UTC' });
  return parsed ? { at: parsed.iso, precision: parsed.precision } : null;
}

/** The post's page on the web client, which works for posts of any handle. */
function postWebUrl(uri: string): string | null {
  const match = POST_URI.exec(uri);
  return match ? `https://bsky.app/profile/${match[1]}/post/${match[2]}` : null;
}

/** The DID a feed request asked for, when the page's URL still says it. */
function actorDid(pageUrl: string): string | null {
  try {
    const actor = new URL(pageUrl).searchParams.get('actor');
    return actor?.startsWith('did:') ? actor : null;
  } catch {
    return null;
  }
}

/** A feed read on its own names its author in every own post. */
function authorFacts(item: FeedItem | undefined): PageFacts {
  if (!item) return {};
  const name = typeof item.author.displayName === 'string' ? cleanText(item.author.displayName) : '';
  const handle = typeof item.author.handle === 'string' ? item.author.handle : '';
  return name || handle ? { displayName: name || handle } : {};
}

function describeError(value: Record<string, unknown>): string {
  const message = typeof value.message === 'string' ? `: ${value.message}` : '';
  return `the API answered with an error instead of a feed: ${JSON.stringify(`${String(value.error)}${message}`.slice(0, 200))}`;
}
