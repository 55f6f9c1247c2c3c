import { hashString, seededRandom } from '../random.ts';
import { timeline, type FakePost } from '../timeline.ts';
import { escapeHtml, HTML_TYPE, JSON_TYPE, type PageContext, type RenderedPage } from './page.ts';
import { DAY_MS } from '../../domain/durations.ts';

/**
 * Mastodon's REST API as a modern server (≥ 3.1) answers it: the account with a date-only
 * `last_status_at`, and its statuses newest first, with a pinned old status on top for
 * accounts that have one and a few reblogs.
 */

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 40;

/** A stable numeric account id for a key (Mastodon ids are decimal strings). */
export function mastodonId(key: string): string {
  // Two 32-bit hashes make a 53-bit id: collisions among 10 000 accounts are practically impossible.
  return String(hashString(key) * 2 ** 21 + (hashString(`id:${key}`) >>> 11));
}

/** GET /api/v1/accounts/lookup?acct=KEY and GET /api/v1/accounts/:id */
export function renderMastodonAccount(ctx: PageContext): RenderedPage {
  return json(ctx, accountObject(ctx));
}

/** GET /api/v1/accounts/:id/statuses?limit=N (&pinned=true for the pinned ones only). */
export function renderMastodonStatuses(ctx: PageContext, query: { limit: number | null; pinnedOnly: boolean }): RenderedPage {
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const posts = timeline(ctx.account, ctx.now, limit).filter((post) => !query.pinnedOnly || post.pinned);
  const account = accountObject(ctx);
  return json(
    ctx,
    posts.map((post) => statusObject(ctx, post, account)),
  );
}

const APP_HOLDER =
  '<div class="app-holder" id="mastodon" data-props="{&quot;locale&quot;:&quot;en&quot;}">' +
  '<noscript>To use the Mastodon web application, please enable JavaScript.</noscript></div>';

/** GET /@KEY: the web app's shell; the data lives behind the API. */
export function renderMastodonProfile(ctx: PageContext): RenderedPage {
  const name = escapeHtml(ctx.account.displayName);
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${name} (@${escapeHtml(ctx.account.key)}) - Mastodon</title>
<meta property="og:title" content="${name}"></head>
<body class="app-body">${APP_HOLDER}</body></html>
`,
  };
}

/** A query's `acct` as a local username: "@KEY", "KEY" and "KEY@host" all name KEY. */
export function lookupKey(acct: string): string {
  return acct.replace(/^@/, '').split('@')[0] ?? '';
}

type Json = Record<string, unknown>;

function accountObject(ctx: PageContext): Json {
  const { account, base, now } = ctx;
  const posts = timeline(account, now, MAX_LIMIT);
  const newest = posts.find((post) => !post.pinned) ?? null;
  const oldest = Math.min(now.getTime(), ...posts.map((post) => post.at.getTime()));
  const createdAt = new Date(oldest - (30 + (hashString(`created:${account.key}`) % 900)) * DAY_MS);
  createdAt.setUTCHours(0, 0, 0, 0);
  const avatar = `${base}/system/accounts/avatars/${mastodonId(account.key)}/original/avatar.png`;
  return {
    id: mastodonId(account.key),
    username: account.key,
    acct: account.key,
    display_name: account.displayName,
    locked: false,
    bot: false,
    discoverable: true,
    indexable: false,
    group: false,
    created_at: createdAt.toISOString(),
    note: `<p>${escapeHtml(account.displayName)}</p>`,
    url: `${base}/@${account.key}`,
    uri: `${base}/users/${account.key}`,
    avatar,
    avatar_static: avatar,
    header: `${base}/headers/original/missing.png`,
    header_static: `${base}/headers/original/missing.png`,
    followers_count: account.followers,
    following_count: hashString(`following:${account.key}`) % 300,
    statuses_count: account.postCount,
    // Modern servers give the UTC date only; the exact time is in the statuses.
    last_status_at: newest ? newest.at.toISOString().slice(0, 10) : null,
    hide_collections: false,
    noindex: false,
    emojis: [],
    roles: [],
    fields: [],
  };
}

function statusObject(ctx: PageContext, post: FakePost, account: Json): Json {
  const { base } = ctx;
  const id = snowflake(post.at, post.seq);
  const url = `${base}/@${ctx.account.key}/${id}`;
  const reblog = post.repost ? rebloggedStatus(ctx, post) : null;
  return {
    id,
    created_at: withMillis(post.at, post.seq).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: /\p{Script=Han}/u.test(post.text) ? 'zh' : 'en',
    uri: `${base}/users/${ctx.account.key}/statuses/${id}`,
    url: reblog ? null : url,
    replies_count: post.seq % 7,
    reblogs_count: post.seq % 11,
    favourites_count: post.seq % 23,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: post.pinned,
    content: reblog ? '' : `<p>${escapeHtml(post.text)}</p>`,
    reblog,
    application: { name: 'Web', website: null },
    account,
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  };
}

/** The original a reblog shares: someone else's, and older than the reblog itself. */
function rebloggedStatus(ctx: PageContext, post: FakePost): Json {
  const at = new Date(post.at.getTime() - Math.round(seededRandom(`${ctx.account.key}:reblog:${post.seq}`)() * 3 * DAY_MS));
  const id = snowflake(at, post.seq + 7);
  const other = `${ctx.base}/@city_news_hub`;
  return {
    id,
    created_at: withMillis(at, post.seq).toISOString(),
    visibility: 'public',
    url: `${other}/${id}`,
    content: `<p>${escapeHtml(post.title)}</p>`,
    reblog: null,
    account: { id: '1', username: 'city_news_hub', acct: 'city_news_hub', display_name: 'City News Hub', url: other },
  };
}

/** Real timestamps carry milliseconds; a stable sub-second part keeps parsers honest about them. */
function withMillis(at: Date, seq: number): Date {
  return new Date(at.getTime() + ((seq * 137) % 1000));
}

/** Mastodon ids embed the creation time in milliseconds above 16 sequence bits. */
function snowflake(at: Date, seq: number): string {
  return ((BigInt(at.getTime()) << 16n) + BigInt(seq % 65_536)).toString();
}

function json(ctx: PageContext, value: unknown): RenderedPage {
  return {
    status: 200,
    contentType: JSON_TYPE,
    body: JSON.stringify(ctx.changedMarkup ? renameFields(value) : value),
  };
}

/** A breaking API change: `created_at` becomes `createdAt` and `last_status_at` disappears. */
function renameFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renameFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'last_status_at') continue;
    out[k === 'created_at' ? 'createdAt' : k] = renameFields(v);
  }
  return out;
}
