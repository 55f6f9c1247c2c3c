import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_FEED_LIMIT, MAX_FEED_LIMIT, feedSourceVersion, newestFeedEvents } from '../alerts/feeds/feed-events.ts';
import { feedFilterKey, parseFeedFilterQuery } from '../alerts/feeds/feed-filter.ts';
import { FEED_FORMATS, feedValidators, renderAlertFeed, type FeedFormat } from '../alerts/feeds/render-feed.ts';
import { RenderOnceCache } from '../alerts/feeds/render-once-cache.ts';
import { STATUSES } from '../domain/account-status.ts';
import { ALERT_SEVERITIES } from '../domain/alert.ts';
import type { FeedSubscription } from '../store/subscriptions-repository.ts';
import { alertsApiUrl } from './alerts-routes.ts';
import type { ApiContext } from './api-context.ts';
import { isNotModified, type ResponseValidators } from './conditional-get.ts';
import { feedForToken } from './feed-token.ts';
import { replyNotFound } from './not-found.ts';
import { requestQuery } from './request-query.ts';
import { singleFlight } from './single-flight.ts';
import { errorBodySchema } from './error-body-schema.ts';

/**
 * Readers poll every few minutes; a minute of caching spares the store without delaying an
 * alert noticeably. `private`: the URL carries a subscriber's token, so shared caches keep out.
 */
const CACHE_CONTROL = 'private, max-age=60';

/**
 * Rendered feeds kept: one per subscription, format, narrowing and limit that readers ask for,
 * within a memory budget (a feed of 500 events is about 650 KB).
 */
const CACHED_FEEDS = { maxEntries: 500, maxBytes: 64 * 1024 * 1024, sizeOf: (feed: RenderedFeed) => feed.body.length };

const listParameter = (what: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe(`Only events whose ${what}; comma-separated or repeated`);

const feedQuerySchema = z.object({
  token: z.string().optional().describe('The feed subscription’s token (sleepwatch feeds add); a missing or unknown one is a 404'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_FEED_LIMIT)
    .default(DEFAULT_FEED_LIMIT)
    .describe(`How many of the newest matching events the feed carries, 1–${MAX_FEED_LIMIT}`),
  status: listParameter(`account status is one of ${STATUSES.join(', ')}`),
  platform: listParameter('platform is one of these'),
  unit: listParameter('account’s unit is one of these'),
  group: listParameter('account’s group is one of these'),
  severity: listParameter(`severity is one of ${ALERT_SEVERITIES.join(', ')}`),
});

/** A feed as served: rendered once per change of its events, then answered from memory. */
interface RenderedFeed extends ResponseValidators {
  /** Encoded once: a string would be encoded again for every reader. */
  body: Buffer;
  contentType: string;
}

/**
 * `GET /feeds/alerts.{rss,atom,json}?token=…[&limit=…&status=…&platform=…&unit=…&group=…&severity=…]`:
 * the newest alert events a feed subscription selects (at most `limit`, 100 unless asked),
 * newest first, as RSS 2.0, Atom 1.0 or JSON Feed 1.1.
 *
 * The token picks the subscription, whose stored filter and locale apply; query parameters
 * can only narrow the feed further (an event must match both). A missing or unknown token is
 * answered exactly like an unknown path. An unknown status or severity is a 400 naming the
 * parameter.
 *
 * Many readers poll the same feed, and it changes only when an alert event is recorded: each
 * request looks up the newest event's id, and a feed is rendered once per id (concurrent
 * requests share the rendering), then served from memory with its validators, so that
 * conditional requests (`If-None-Match`, `If-Modified-Since`) are answered 304.
 */
export function feedRoutes(context: ApiContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const cache = new RenderOnceCache<RenderedFeed>(CACHED_FEEDS);
    // A thousand readers polling at once make one lookup of their token and of the newest
    // event, not a thousand: on the embedded database every query waits for the one before.
    const feedFor = singleFlight((token) => feedForToken(context, token));
    const sourceVersion = singleFlight(() => feedSourceVersion(context.store.db));
    for (const format of FEED_FORMATS) {
      app.get(
        `/feeds/alerts.${format}`,
        {
          config: { access: 'public' },
          schema: {
            tags: ['feeds'],
            summary: `Alert feed as ${FORMAT_NAMES[format]}`,
            description:
              'The token in the URL is the access control (feed readers cannot send headers). Answers 304 to a conditional request ' +
              'whose ETag or date still holds.',
            security: [],
            querystring: feedQuerySchema,
            response: { 200: z.string().describe(FORMAT_NAMES[format]), 400: errorBodySchema, 404: errorBodySchema },
          },
        },
        async (request, reply) => {
          const { token, limit } = request.query;
          const feed = token ? await feedFor(token) : undefined;
          if (!feed) return replyNotFound(reply);
          const version = await sourceVersion('');
          return serveFeed(context, cache, { format, feed, limit, version }, request, reply);
        },
      );
    }
  };
}

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: 'RSS 2.0', atom: 'Atom 1.0', json: 'JSON Feed 1.1' };

interface FeedRequest {
  format: FeedFormat;
  feed: FeedSubscription;
  limit: number;
  /** What the feed's events are read from, as it stands (`feedSourceVersion`). */
  version: string;
}

async function serveFeed(
  context: ApiContext,
  cache: RenderOnceCache<RenderedFeed>,
  { format, feed, limit, version }: FeedRequest,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  // Read from the raw query: repeated parameters in order (see `requestQuery`).
  const narrowing = parseFeedFilterQuery(requestQuery(request));
  // Without a configured public address, the one the reader used reaches this server.
  const origin = context.config.alerts.publicUrl ?? `${request.protocol}://${request.host}`;
  // As the subscriber asked for it, so that readers refresh the very same URL.
  const selfUrl = `${origin}${request.url}`;
  // Everything that shapes the body besides the events: the subscription as it stands now
  // (its filter or locale may have been changed), the narrowing, the URLs written in, the limit.
  const key = JSON.stringify([feed.id, feed.locale, feedFilterKey(feed.filter), format, feedFilterKey(narrowing), selfUrl, limit]);

  const rendered = await cache.get(key, version, async () => {
    const events = await newestFeedEvents(context.store.db, [feed.filter, narrowing], limit);
    // The feed's own page: the alerts it is about, behind the same token.
    const siteUrl = alertsApiUrl(origin, feed.token);
    const validators = feedValidators(events, format, feed.locale, JSON.stringify([key, siteUrl]));
    const { body, contentType } = renderAlertFeed(format, events, {
      locale: feed.locale,
      selfUrl,
      siteUrl,
      // An empty feed still needs a time that stays put between requests, or its body would
      // change while its ETag does not: the subscription's creation is one.
      updated: validators.lastModified ?? feed.createdAt,
    });
    return { body: Buffer.from(body), contentType, ...validators };
  });

  reply.header('etag', rendered.etag).header('cache-control', CACHE_CONTROL).header('referrer-policy', 'no-referrer');
  if (rendered.lastModified) reply.header('last-modified', rendered.lastModified.toUTCString());
  if (isNotModified(request.headers, rendered)) return reply.code(304).send();
  return reply.type(rendered.contentType).send(rendered.body);
}
