import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Locale } from '../domain/locale.ts';
import type { FeedFilter } from '../domain/feed-filter.ts';
import type { FeedRow, Schema, WebhookRow } from './schema.ts';

/** A feed of alert events; its token is the whole of its access control, since readers cannot send headers. */
export interface FeedSubscription {
  id: number;
  token: string;
  filter: FeedFilter;
  locale: Locale;
  createdAt: Date;
}

/** Where and how to deliver alert events: a signed POST, or an e-mail for `mailto:` targets. */
export interface WebhookSubscription {
  id: number;
  url: string;
  /** Signs each POST (`X-Sleepwatch-Signature`); empty for e-mail and for chat bots added without one. */
  secret: string;
  /** The chat bot's own signing secret (DingTalk's and Feishu's 加签), or null. */
  signSecret: string | null;
  /** Loopback and private receivers were allowed when it was added, and so are at delivery. */
  allowPrivateHosts: boolean;
  /** A payload format's name (`WEBHOOK_PAYLOAD_FORMATS`), checked when the webhook is added and again at delivery. */
  format: string;
  locale: Locale;
  filter: FeedFilter;
  createdAt: Date;
}

/**
 * 32 random bytes, URL-safe: unguessable, and fine in a query string. Never with a leading "-":
 * `sleepwatch feeds remove <token>` would read it as an option (one token in 64 did).
 */
export function newFeedToken(): string {
  for (;;) {
    const token = randomBytes(32).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}

export async function addFeed(db: Kysely<Schema>, feed: { filter: FeedFilter; locale: Locale }): Promise<FeedSubscription> {
  const row = await db
    .insertInto('feeds')
    .values({ token: newFeedToken(), filter: JSON.stringify(feed.filter), locale: feed.locale })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFeed(row);
}

export async function listFeeds(db: Kysely<Schema>): Promise<FeedSubscription[]> {
  return (await db.selectFrom('feeds').selectAll().orderBy('id').execute()).map(toFeed);
}

export async function feedByToken(db: Kysely<Schema>, token: string): Promise<FeedSubscription | undefined> {
  const row = await db.selectFrom('feeds').selectAll().where('token', '=', token).executeTakeFirst();
  return row && toFeed(row);
}

/** Removes a feed by id or token; true when one was removed. */
export async function removeFeed(db: Kysely<Schema>, idOrToken: string): Promise<boolean> {
  const q = db.deleteFrom('feeds');
  const result = await (
    /^\d+$/.test(idOrToken) ? q.where('id', '=', Number(idOrToken)) : q.where('token', '=', idOrToken)
  ).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A webhook to add: without a sign secret and without private receivers unless given. */
export type NewWebhook = Omit<WebhookSubscription, 'id' | 'createdAt' | 'signSecret' | 'allowPrivateHosts'> &
  Partial<Pick<WebhookSubscription, 'signSecret' | 'allowPrivateHosts'>>;

export async function addWebhook(db: Kysely<Schema>, hook: NewWebhook): Promise<WebhookSubscription> {
  const row = await db
    .insertInto('webhooks')
    .values({
      url: hook.url,
      secret: hook.secret,
      sign_secret: hook.signSecret ?? null,
      allow_private_hosts: hook.allowPrivateHosts ?? false,
      format: hook.format,
      locale: hook.locale,
      filter: JSON.stringify(hook.filter),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWebhook(row);
}

export async function listWebhooks(db: Kysely<Schema>): Promise<WebhookSubscription[]> {
  return (await db.selectFrom('webhooks').selectAll().orderBy('id').execute()).map(toWebhook);
}

export async function webhookById(db: Kysely<Schema>, id: number): Promise<WebhookSubscription | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toWebhook(row);
}

export async function removeWebhook(db: Kysely<Schema>, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

function toFeed(row: FeedRow): FeedSubscription {
  return { id: Number(row.id), token: row.token, filter: row.filter, locale: row.locale as Locale, createdAt: row.created_at };
}

function toWebhook(row: WebhookRow): WebhookSubscription {
  return {
    id: Number(row.id),
    url: row.url,
    secret: row.secret,
    signSecret: row.sign_secret,
    allowPrivateHosts: row.allow_private_hosts,
    format: row.format,
    locale: row.locale as Locale,
    filter: row.filter,
    createdAt: row.created_at,
  };
}
