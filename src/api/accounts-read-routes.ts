import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { STATUSES, type Status } from '../domain/account-status.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { followerHistory, observationsPage, postsPage, type ObservationEntry } from '../store/account-history-pages.ts';
import { ACCOUNT_SORTS, defaultOrder, findVisibleAccount, listAccountsPage, type SortOrder } from '../store/accounts-list-query.ts';
import { accountView, accountViewSchema } from './account-view.ts';
import type { ApiContext } from './api-context.ts';
import { replyNotFound } from './not-found.ts';
import { accountCursor, checkedCursor } from './account-cursor.ts';
import { encodeCursor, pageQuerySchema, pageSchema } from './pagination.ts';

const VIEWER = { access: 'viewer' } as const;
const TAGS = ['accounts'];
const isoTime = z.string().describe('ISO 8601 time');

/** `?status=sleeping&status=zombie` or `?status=sleeping,zombie`: any of them. */
const statusFilter = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const statuses = (Array.isArray(value) ? value : [value])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    const unknown = statuses.filter((s) => !(STATUSES as readonly string[]).includes(s));
    if (unknown.length)
      ctx.addIssue({ code: 'custom', message: `unknown status "${unknown.join('", "')}"; expected ${STATUSES.join(', ')}` });
    return statuses as Status[];
  })
  .describe(`any of these statuses (${STATUSES.join(', ')}); repeat the parameter or separate with commas`);

const trueOrFalse = z.enum(['true', 'false']).optional();

const listQuerySchema = pageQuerySchema.extend({
  status: statusFilter,
  platform: z.string().max(100).optional(),
  unit: z.string().max(500).optional(),
  region: z.string().max(500).optional(),
  group: z.string().max(500).optional(),
  q: z.string().max(500).optional().describe('case-insensitive text in the name, the name its pages show, the URL or the unit'),
  paused: trueOrFalse.describe('only paused (true) or only watched (false) accounts'),
  sort: z
    .enum(ACCOUNT_SORTS)
    .default('daysSilent')
    .describe(
      'daysSilent (most silent first), daysToRedLine (nearest first), name, status (worst first), lastPostAt, followers, lastCheckedAt, id',
    ),
  order: z
    .enum(['asc', 'desc'])
    .optional()
    .describe("reverses the sort's own order when it differs; accounts without a value sort last in it"),
  total: trueOrFalse.describe('true: count the matching accounts as `total` (a pass over all of them: 0.1–0.4 s at 100,000)'),
});

const idParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).describe('the account id') });

const observationSchema = z.object({
  id: z.number().int(),
  fetchedAt: isoTime,
  /** ok, not_found, blocked, error. */
  outcome: z.string(),
  status: z.string(),
  daysSilent: z.number().nullable(),
  followers: z.number().nullable(),
  lastPostAt: isoTime.nullable(),
  reason: z.string(),
  error: z.string().nullable(),
  httpStatus: z.number().int().nullable(),
});

const postSchema = z.object({
  postId: z.string(),
  at: isoTime,
  /** How exactly the page gave the time (second, minute, day…). */
  precision: z.string(),
  pinned: z.boolean(),
  repost: z.boolean(),
  url: z.string().nullable(),
  excerpt: z.string().nullable(),
});

const followerPointSchema = z.object({ at: isoTime, followers: z.number(), approximate: z.boolean().nullable() });

/** Follower points a page holds at most: a year of daily looks and more. */
const MAX_FOLLOWER_POINTS = 1000;

/** Observations the detail of an account shows. */
const RECENT_OBSERVATIONS = 20;

/**
 * The read side of the accounts API, for viewers and up: the list (filtered, sorted, paged by
 * keyset), one account with its recent looks, and its observations, posts and followers over
 * time. A unit's token sees its unit only: any other account answers 404, as an absent one does.
 */
export function accountsReadRoutes(context: ApiContext): FastifyPluginAsync {
  const { db } = context.store;
  const { policies, locale } = context.config;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get(
      '/api/accounts',
      {
        config: VIEWER,
        schema: {
          tags: TAGS,
          summary: 'Registered accounts, filtered, sorted and a page at a time',
          querystring: listQuerySchema,
          response: { 200: pageSchema(accountViewSchema) },
        },
      },
      async (request) => {
        const q = request.query;
        const order: SortOrder = q.order ?? defaultOrder(q.sort, policies);
        if (q.cursor !== undefined && q.offset !== undefined) {
          throw new InvalidInputError('invalid querystring', [{ field: 'querystring.offset', message: 'give cursor or offset, not both' }]);
        }
        const after = q.cursor === undefined ? undefined : accountCursor(q.cursor, q.sort, order, policies);
        const page = await listAccountsPage(db, policies, {
          // An empty parameter (`?unit=`) is what forms send for "any": the same as leaving it out.
          filter: {
            ...(q.status?.length ? { statuses: q.status } : {}),
            ...(q.platform ? { platform: q.platform } : {}),
            ...(q.unit ? { unit: q.unit } : {}),
            ...(q.region ? { region: q.region } : {}),
            ...(q.group ? { group: q.group } : {}),
            ...(q.q ? { text: q.q } : {}),
            ...(q.paused !== undefined ? { paused: q.paused === 'true' } : {}),
            scopeUnit: request.principal?.unit ?? null,
          },
          sort: q.sort,
          order,
          limit: q.limit,
          after,
          offset: q.offset,
          withTotal: q.total === 'true',
        });
        return {
          items: page.accounts.map((a) => accountView(a, locale, policies)),
          nextCursor: page.next ? encodeCursor([q.sort, order, ...page.next.keys, page.next.id]) : null,
          ...(page.total === undefined ? {} : { total: page.total }),
        };
      },
    );

    app.get(
      '/api/accounts/:id',
      {
        config: VIEWER,
        schema: {
          tags: TAGS,
          summary: 'One account, with its latest observations',
          params: idParams,
          response: { 200: accountViewSchema.extend({ recentObservations: z.array(observationSchema) }) },
        },
      },
      async (request, reply) => {
        const account = await findVisibleAccount(db, request.params.id, request.principal?.unit ?? null);
        if (!account) return replyNotFound(reply);
        const observations = await observationsPage(db, account.id, { limit: RECENT_OBSERVATIONS });
        return { ...accountView(account, locale, policies), recentObservations: observations.map(observationItem) };
      },
    );

    app.get(
      '/api/accounts/:id/observations',
      {
        config: VIEWER,
        schema: {
          tags: TAGS,
          summary: "An account's observations, newest first",
          params: idParams,
          querystring: pageQuerySchema,
          response: { 200: pageSchema(observationSchema) },
        },
      },
      async (request, reply) => {
        if (!(await findVisibleAccount(db, request.params.id, request.principal?.unit ?? null))) return replyNotFound(reply);
        const { limit, cursor, offset } = request.query;
        const [beforeId] = cursor === undefined ? [] : (checkedCursor(cursor, 1, (v) => Number.isSafeInteger(v)) as [number]);
        const rows = await observationsPage(db, request.params.id, { limit: limit + 1, beforeId, offset });
        const items = rows.slice(0, limit);
        return {
          items: items.map(observationItem),
          nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.id]) : null,
        };
      },
    );

    app.get(
      '/api/accounts/:id/posts',
      {
        config: VIEWER,
        schema: {
          tags: TAGS,
          summary: 'Posts seen on the account’s pages, newest first',
          params: idParams,
          querystring: pageQuerySchema,
          response: { 200: pageSchema(postSchema) },
        },
      },
      async (request, reply) => {
        if (!(await findVisibleAccount(db, request.params.id, request.principal?.unit ?? null))) return replyNotFound(reply);
        const { limit, cursor, offset } = request.query;
        const after =
          cursor === undefined
            ? undefined
            : (([at, postId]) => ({ at, postId }))(
                checkedCursor(cursor, 2, (v, i) => typeof v === 'string' && (i === 1 || !Number.isNaN(Date.parse(v)))) as [string, string],
              );
        const rows = await postsPage(db, request.params.id, { limit: limit + 1, after, offset });
        const items = rows.slice(0, limit);
        const last = items.at(-1);
        return {
          items: items.map((p) => ({
            postId: p.post_id,
            at: p.at.toISOString(),
            precision: p.precision,
            pinned: p.pinned,
            repost: p.repost,
            url: p.url,
            excerpt: p.excerpt,
          })),
          nextCursor: rows.length > limit && last ? encodeCursor([last.at.toISOString(), last.post_id]) : null,
        };
      },
    );

    app.get(
      '/api/accounts/:id/followers',
      {
        config: VIEWER,
        schema: {
          tags: TAGS,
          summary: 'The account’s followers over time, oldest first',
          params: idParams,
          querystring: z.object({
            since: z.iso.datetime({ offset: true }).optional().describe('from this time (ISO 8601)'),
            until: z.iso.datetime({ offset: true }).optional().describe('up to this time (ISO 8601)'),
            limit: z.coerce.number().int().min(1).max(MAX_FOLLOWER_POINTS).default(MAX_FOLLOWER_POINTS),
            cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
          }),
          response: { 200: pageSchema(followerPointSchema) },
        },
      },
      async (request, reply) => {
        if (!(await findVisibleAccount(db, request.params.id, request.principal?.unit ?? null))) return replyNotFound(reply);
        const { since, until, limit, cursor } = request.query;
        const [afterId] = cursor === undefined ? [] : (checkedCursor(cursor, 1, (v) => Number.isSafeInteger(v)) as [number]);
        const rows = await followerHistory(db, request.params.id, {
          limit: limit + 1,
          since: since === undefined ? undefined : new Date(since),
          until: until === undefined ? undefined : new Date(until),
          afterId,
        });
        const items = rows.slice(0, limit);
        return {
          items: items.map((p) => ({ at: p.fetched_at.toISOString(), followers: p.followers, approximate: p.followers_approximate })),
          nextCursor: rows.length > limit ? encodeCursor([items.at(-1)!.id]) : null,
        };
      },
    );
  };
}

function observationItem(o: ObservationEntry) {
  return {
    id: o.id,
    fetchedAt: o.fetched_at.toISOString(),
    outcome: o.outcome,
    status: o.status,
    daysSilent: o.days_silent,
    followers: o.followers,
    lastPostAt: o.last_post_at?.toISOString() ?? null,
    reason: o.reason,
    error: o.error,
    httpStatus: o.http_status,
  };
}
