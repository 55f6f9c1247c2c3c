import type { FakeAccount } from '../population.ts';
import { hashString, seededChars } from '../random.ts';
import { isChinese, timeline, type FakePost } from '../timeline.ts';
import { escapeHtml, HTML_TYPE, jsonPage, type PageContext, type PlatformFaultPages, type RenderedPage } from './page.ts';
import { DAY_MS } from '../../domain/durations.ts';

/**
 * Bluesky's AppView as it answers unauthenticated reads: `app.bsky.actor.getProfile` and
 * `app.bsky.feed.getAuthorFeed` (newest first, the pinned post on top when asked for with
 * `includePins`, reposts dated by when they were reposted), its XRPC errors, and the web
 * client's profile page, which carries no data of its own.
 */

const DEFAULT_FEED_LIMIT = 50;
const MAX_FEED_LIMIT = 100;

/** did:plc identifiers are 24 characters of lower-case base32. */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** Record keys (TIDs) use the sortable base32 alphabet. */
const SORTABLE_BASE32 = '234567abcdefghijklmnopqrstuvwxyz';

const OTHER_ACCOUNT = { did: 'did:plc:q7sxuhb4mqrcvn2flbrkwy5d', handle: 'citynewshub.bsky.social', displayName: 'City News Hub' };

/** The handle an account is known by: its key as a domain name (handles allow no underscores). */
export function blueskyHandle(key: string): string {
  const label = key
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${label || 'account'}.bsky.social`;
}

export function blueskyDid(key: string): string {
  return `did:plc:${seededChars(`did:${key}`, BASE32, 24)}`;
}

/** GET /xrpc/app.bsky.actor.getProfile?actor=<handle or DID> */
export function renderBlueskyProfile(ctx: PageContext): RenderedPage {
  const { account } = ctx;
  const did = blueskyDid(account.key);
  const pinned = timeline(account, ctx.now, 1).find((post) => post.pinned);
  return blueskyJson(ctx, {
    did,
    handle: blueskyHandle(account.key),
    displayName: account.displayName,
    avatar: avatarUrl(did),
    associated: { lists: 0, feedgens: 0, starterPacks: 0, labeler: false, chat: { allowIncoming: 'following' } },
    labels: [],
    createdAt: accountCreatedAt(account).toISOString(),
    description: isChinese(account) ? `${account.displayName}官方账号` : `Official account of ${account.displayName}.`,
    indexedAt: accountCreatedAt(account).toISOString(),
    banner: `https://cdn.bsky.app/img/banner/plain/${did}/bafkreibanner${seededChars(`banner:${account.key}`, BASE32, 20)}@jpeg`,
    followersCount: account.followers,
    followsCount: hashString(`follows:${account.key}`) % 400,
    postsCount: account.postCount,
    ...(pinned ? { pinnedPost: pinnedPostRef(did, pinned) } : {}),
  });
}

/** GET /xrpc/app.bsky.feed.getAuthorFeed?actor=<DID or handle>&limit=N&includePins=true */
export function renderBlueskyAuthorFeed(ctx: PageContext, query: { limit: number | null; includePins: boolean }): RenderedPage {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_FEED_LIMIT, 1), MAX_FEED_LIMIT);
  const posts = timeline(ctx.account, ctx.now, limit).filter((post) => query.includePins || !post.pinned);
  const items = posts.map((post) => feedItem(ctx, post));
  const regular = posts.filter((post) => !post.pinned);
  const oldest = regular.at(-1);
  // A cursor to the next page while older posts remain.
  const more = oldest !== undefined && oldest.seq > (posts.some((post) => post.pinned) ? 2 : 1);
  return blueskyJson(ctx, { feed: items, ...(more ? { cursor: createdAt(oldest).toISOString() } : {}) });
}

/** GET /profile/<handle>: the web client's page, built by script; its data is behind the API. */
export function renderBlueskyWebProfile(ctx: PageContext): RenderedPage {
  const name = escapeHtml(ctx.account.displayName);
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Bluesky</title>
<meta property="og:title" content="${name} (@${blueskyHandle(ctx.account.key)})">
<meta property="og:site_name" content="Bluesky Social"></head>
<body><noscript>${NOSCRIPT}</noscript>
<div id="root"></div></body></html>
`,
  };
}

const NOSCRIPT =
  'This is a heavily interactive web application, and JavaScript is required. ' +
  'Simple HTML interfaces are possible, but that is not what this is.';

/** XRPC's answer for an actor it does not know: 400, not 404. */
export function blueskyProfileNotFound(): RenderedPage {
  return xrpcError(400, 'InvalidRequest', 'Profile not found');
}

export const BLUESKY_FAULT_PAGES: PlatformFaultPages = {
  'not-found': () => blueskyProfileNotFound(),
  // An AppView that wants a signed-in client for the request.
  'login-wall': () => xrpcError(401, 'AuthMissing', 'Authentication Required'),
  'rate-limited': () => ({
    ...xrpcError(429, 'RateLimitExceeded', 'Rate Limit Exceeded'),
    headers: { 'Retry-After': '120', 'RateLimit-Limit': '3000', 'RateLimit-Remaining': '0', 'RateLimit-Policy': '3000;w=300' },
  }),
};

/** A breaking change of the lexicon: counts and record times renamed, the feed list under another name. */
const RENAMED: Readonly<Record<string, string>> = {
  followersCount: 'followers_count',
  postsCount: 'posts_count',
  createdAt: 'created_at',
  feed: 'items',
};

function blueskyJson(ctx: PageContext, value: unknown): RenderedPage {
  return jsonPage(ctx, value, RENAMED);
}

function xrpcError(status: number, error: string, message: string): RenderedPage {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error, message }) };
}

type Json = Record<string, unknown>;

function feedItem(ctx: PageContext, post: FakePost): Json {
  const { account } = ctx;
  const did = blueskyDid(account.key);
  const author = authorView(did, account);
  if (post.pinned) return { post: postView(ctx, post, did, author, createdAt(post)), reason: { $type: 'app.bsky.feed.defs#reasonPin' } };
  if (!post.repost) return { post: postView(ctx, post, did, author, createdAt(post)) };
  // Someone else's post, written before the account reposted it.
  const originalAt = new Date(post.at.getTime() - ((post.seq * 7919) % 3) * DAY_MS - 3_600_000);
  const other = { did: OTHER_ACCOUNT.did, handle: OTHER_ACCOUNT.handle, displayName: OTHER_ACCOUNT.displayName, labels: [] };
  return {
    post: postView(ctx, post, OTHER_ACCOUNT.did, other, originalAt),
    reason: {
      $type: 'app.bsky.feed.defs#reasonRepost',
      by: author,
      uri: `at://${did}/app.bsky.feed.repost/${tid(post.at, post.seq)}`,
      cid: cid(`${account.key}:repost:${post.seq}`),
      indexedAt: withMillis(post.at, post.seq + 3).toISOString(),
    },
  };
}

function postView(ctx: PageContext, post: FakePost, did: string, author: Json, at: Date): Json {
  const uri = postUri(did, { at, seq: post.seq });
  return {
    uri,
    cid: cid(uri),
    author,
    record: {
      $type: 'app.bsky.feed.post',
      createdAt: at.toISOString(),
      langs: [isChinese(ctx.account) ? 'zh' : 'en'],
      text: post.text,
    },
    replyCount: post.seq % 5,
    repostCount: post.seq % 13,
    likeCount: (post.seq * 7) % 97,
    quoteCount: post.seq % 3,
    // The AppView sees a post a moment after its author's client wrote it.
    indexedAt: new Date(at.getTime() + 350 + (post.seq % 400)).toISOString(),
    labels: [],
  };
}

function authorView(did: string, account: FakeAccount): Json {
  return {
    did,
    handle: blueskyHandle(account.key),
    displayName: account.displayName,
    avatar: avatarUrl(did),
    labels: [],
    createdAt: accountCreatedAt(account).toISOString(),
  };
}

/** The record's own time: the post's instant with the milliseconds a client writes. */
function createdAt(post: FakePost): Date {
  return withMillis(post.at, post.seq);
}

function withMillis(at: Date, seq: number): Date {
  return new Date(at.getTime() + ((seq * 137) % 1000));
}

function pinnedPostRef(did: string, post: FakePost): Json {
  const uri = postUri(did, { at: createdAt(post), seq: post.seq });
  return { uri, cid: cid(uri) };
}

function postUri(did: string, post: { at: Date; seq: number }): string {
  return `at://${did}/app.bsky.feed.post/${tid(post.at, post.seq)}`;
}

/** A timestamp identifier: microseconds since the epoch and a clock id, 13 characters of sortable base32. */
function tid(at: Date, seq: number): string {
  let value = (BigInt(at.getTime()) * 1000n) << 10n;
  value |= BigInt(seq % 1024);
  let text = '';
  for (let i = 0; i < 13; i++) {
    text = SORTABLE_BASE32[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

function cid(seed: string): string {
  return `bafyrei${seededChars(`cid:${seed}`, BASE32, 52)}`;
}

function avatarUrl(did: string): string {
  return `https://cdn.bsky.app/img/avatar/plain/${did}/bafkrei${seededChars(`avatar:${did}`, BASE32, 20)}@jpeg`;
}

/** When the account joined Bluesky: a stable day between its opening (2023) and 2025. */
function accountCreatedAt(account: FakeAccount): Date {
  return new Date(Date.UTC(2023, 4, 1) + (hashString(`joined:${account.key}`) % 600) * DAY_MS + 421);
}
