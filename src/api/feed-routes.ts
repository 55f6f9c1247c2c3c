import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { feedFilterKey, matchesFilter, parseFeedFilterQuery } from '../alerts/feeds/feed-filter.ts';
import { FEED_FORMATS, feedValidators, renderAlertFeed, type FeedFormat } from '../alerts/feeds/render-feed.ts';
import { recentEvents } from '../store/alerts-repository.ts';
import { alertsApiUrl } from './alerts-routes.ts';
import type { ApiContext } from './api-context.ts';
import { isNotModified } from './conditional-get.ts';
import { feedForToken } from './feed-token.ts';
import { replyNotFound } from './not-found.ts';
import { requestQuery } from './request-query.ts';

/** Newest events a feed is cut from; readers poll far more often than this many events happen. */
const FEED_WINDOW = 200;

/**
 * Readers poll every few minutes; a minute of caching spares the store without delaying an
 * alert noticeably. `private`: the URL carries a subscriber's token, so shared caches keep out.
 */
const CACHE_CONTROL = 'private, max-age=60';

/**
 * `GET /feeds/alerts.{rss,atom,json}?token=…[&status=…&platform=…&unit=…&group=…&severity=…]`:
 * the alert events a feed subscription selects, as RSS 2.0, Atom 1.0 or JSON Feed 1.1.
 *
 * The token picks the subscription, whose stored filter and locale apply; query parameters
 * can only narrow the feed further (an event must match both). A missing or unknown token is
 * answered exactly like an unknown path. An unknown status or severity is a 400 naming the
 * parameter. Conditional requests (`If-None-Match`, `If-Modified-Since`) are answered 304
 * before anything is rendered.
 */
export function feedRoutes(context: ApiContext): FastifyPluginAsync {
  return async (app) => {
    for (const format of FEED_FORMATS) {
      app.get(`/feeds/alerts.${format}`, { config: { access: 'public' } }, (request, reply) => serveFeed(context, format, request, reply));
    }
  };
}

async function serveFeed(context: ApiContext, format: FeedFormat, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const query = requestQuery(request);
  const feed = await feedForToken(context, query.get('token'));
  if (!feed) return replyNotFound(reply);
  const narrowing = parseFeedFilterQuery(query);

  const events = (await recentEvents(context.store.db, { limit: FEED_WINDOW })).filter(
    (e) => matchesFilter(e, feed.filter) && matchesFilter(e, narrowing),
  );
  // Without a configured public address, the one the reader used reaches this server.
  const origin = context.config.alerts.publicUrl ?? `${request.protocol}://${request.host}`;
  // As the subscriber asked for it, so that readers refresh the very same URL.
  const selfUrl = `${origin}${request.url}`;
  // The feed's own page: the alerts it is about, behind the same token.
  const siteUrl = alertsApiUrl(origin, feed.token);
  // Everything besides the events that shapes the body: both filters, and the URLs written into it.
  const shape = JSON.stringify([feedFilterKey(feed.filter), feedFilterKey(narrowing), selfUrl, siteUrl]);
  const validators = feedValidators(events, format, feed.locale, shape);

  reply.header('etag', validators.etag).header('cache-control', CACHE_CONTROL).header('referrer-policy', 'no-referrer');
  if (validators.lastModified) reply.header('last-modified', validators.lastModified.toUTCString());
  if (isNotModified(request.headers, validators)) return reply.code(304).send();

  const { body, contentType } = renderAlertFeed(format, events, {
    locale: feed.locale,
    selfUrl,
    siteUrl,
    // An empty feed still needs a time that stays put between requests, or its body would
    // change while its ETag does not: the subscription's creation is one.
    updated: validators.lastModified ?? feed.createdAt,
  });
  return reply.type(contentType).send(body);
}
