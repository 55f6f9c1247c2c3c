import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { LOCALES, type Locale } from '../domain/locale.ts';
import { alertRow } from '../alerts/alert-row.ts';
import { type AlertState } from '../domain/alert.ts';
import { matchesFilter } from '../alerts/feeds/feed-filter.ts';
import { InvalidInputError, type InputIssue } from '../domain/errors.ts';
import { listAlerts } from '../store/alerts-repository.ts';
import type { ApiContext } from './api-context.ts';
import { feedForToken } from './feed-token.ts';
import { requestQuery } from './request-query.ts';

const STATES: readonly AlertState[] = ['open', 'resolved'];

/**
 * `GET /api/alerts[?state=open|resolved][&locale=zh-CN|en]`: alerts as `AlertRow`s, newest
 * first, for dashboards and scripts.
 *
 * Needs a feed token, as `Authorization: Bearer <token>` or `?token=` (401 otherwise). The
 * token's feed filter applies here too, so a token handed to one unit shows that unit's
 * alerts and no others; the text is in the feed's locale unless `locale` says otherwise.
 */
export function alertsRoutes(context: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/alerts', { config: { access: 'feed-or-viewer' } }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const query = requestQuery(request);
      const principal = request.principal;
      const feed = principal ? undefined : await feedForToken(context, presentedToken(request, query));
      if (!principal && !feed) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="sleepwatch"')
          .send({ error: 'an API token or a feed token is required, as "Authorization: Bearer <token>" (a feed token also as "?token=")' });
      }
      const { state, locale } = parseAlertsQuery(query, feed?.locale ?? context.config.locale);
      const alerts = await listAlerts(context.store.db, state ? { state } : {});
      // The filter reads an event's alert only; an alert stands for itself here. A unit's token sees its unit's alerts.
      const filter = feed ? feed.filter : principal?.unit != null ? { units: [principal.unit] } : {};
      const visible = alerts.filter((alert) => matchesFilter({ id: 0, type: 'opened', at: alert.openedAt, alert }, filter));
      return visible.map((alert) => alertRow(alert, locale));
    });
  };
}

/** The alerts a feed token shows, as a URL on `origin`: a page that exists for every feed, its channel link. */
export function alertsApiUrl(origin: string, token: string): string {
  return `${origin}/api/alerts?token=${encodeURIComponent(token)}`;
}

/** The bearer token if the client sent one, else the `token` query parameter. */
function presentedToken(request: FastifyRequest, query: URLSearchParams): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match ? match[1]! : query.get('token');
}

/** @throws InvalidInputError naming `state` or `locale` when either is not one of its values. */
function parseAlertsQuery(query: URLSearchParams, defaultLocale: Locale): { state?: AlertState; locale: Locale } {
  const issues: InputIssue[] = [];
  // An empty parameter (`?state=`) is what forms send for "any": the same as leaving it out.
  const state = query.get('state') || null;
  if (state !== null && !(STATES as readonly string[]).includes(state)) {
    issues.push({ field: 'state', message: `expected one of ${STATES.join(', ')}, got "${state}"` });
  }
  const locale = query.get('locale') || null;
  if (locale !== null && !(LOCALES as readonly string[]).includes(locale)) {
    issues.push({ field: 'locale', message: `expected one of ${LOCALES.join(', ')}, got "${locale}"` });
  }
  if (issues.length) throw new InvalidInputError('invalid query', issues);
  return { ...(state ? { state: state as AlertState } : {}), locale: (locale as Locale | null) ?? defaultLocale };
}
