import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alertRow } from '../alerts/alert-row.ts';
import { STATUSES } from '../domain/account-status.ts';
import { ALERT_KINDS, ALERT_SEVERITIES, type AlertState } from '../domain/alert.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { LOCALES } from '../domain/locale.ts';
import { principalLabel } from '../domain/role.ts';
import { pageAlerts, type AlertListFilter, type AlertPageStart } from '../store/alert-pages.ts';
import { acknowledgeAlert } from '../store/alerts-repository.ts';
import { alertRowSchema } from './alert-view.ts';
import { errorBodySchema } from './error-body-schema.ts';
import type { ApiContext } from './api-context.ts';
import { bearerToken } from './auth.ts';
import { feedForToken } from './feed-token.ts';
import { decodeCursor, encodeCursor, pageQuerySchema, pageSchema } from './pagination.ts';
import { enumListParameter, enumParameter, textListParameter } from './query-lists.ts';

const STATES: readonly AlertState[] = ['open', 'resolved'];

const alertsQuerySchema = pageQuerySchema.extend({
  state: enumListParameter(STATES, 'open or resolved alerts'),
  kind: enumListParameter(ALERT_KINDS, 'what the alert is about'),
  severity: enumListParameter(ALERT_SEVERITIES, 'how serious'),
  status: enumListParameter(STATUSES, 'the account status that raised or last updated the alert'),
  platform: textListParameter('platforms'),
  unit: textListParameter("the account's units (platform-level alerts have none)"),
  group: textListParameter("the account's groups (platform-level alerts have none)"),
  accountId: z.coerce.number().int().min(1).optional().describe("one account's alerts"),
  acknowledged: enumParameter(['true', 'false'], 'only acknowledged, or only unacknowledged, alerts'),
  locale: enumParameter(LOCALES, 'the language of titles and reasons; default: the feed’s, else SLEEPWATCH_LOCALE'),
  token: z.string().max(200).optional().describe('a feed token, for readers that cannot send an Authorization header'),
});

/**
 * `GET /api/alerts` (alerts newest first, filtered and paged) and `POST /api/alerts/:id/ack`.
 *
 * The list takes an API token, or a feed's token (as `Authorization: Bearer <token>` or
 * `?token=`), whose feed filter applies on top of the query's, in the feed's language. A
 * unit's API token sees its unit's accounts' alerts only: platform-level alerts (a broken
 * parser, unchecked accounts, the infrastructure) concern every unit's accounts and are shown
 * to unrestricted tokens, as a feed filtered by unit does not show them either.
 */
export function alertsRoutes(context: ApiContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/alerts',
      {
        config: { access: 'feed-or-viewer' },
        schema: {
          tags: ['alerts'],
          summary: 'List alerts, newest first',
          querystring: alertsQuerySchema,
          response: { 200: pageSchema(alertRowSchema), 401: errorBodySchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const query = request.query;
        const principal = request.principal;
        const feed = principal ? undefined : await feedForToken(context, bearerToken(request) ?? query.token);
        if (!principal && !feed) {
          return reply.code(401).header('www-authenticate', 'Bearer realm="sleepwatch"').send({
            error: 'an API token or a feed token is required, as "Authorization: Bearer <token>" (a feed token also as "?token=")',
          });
        }
        const asked: AlertListFilter = {
          states: query.state,
          kinds: query.kind,
          severities: query.severity,
          statuses: query.status,
          platforms: query.platform,
          units: query.unit,
          groups: query.group,
          ...(query.accountId !== undefined ? { accountIds: [query.accountId] } : {}),
          ...(query.acknowledged !== undefined ? { acknowledged: query.acknowledged === 'true' } : {}),
          onlyUnit: principal?.unit ?? null,
        };
        const filters = feed ? [asked, feed.filter] : [asked];
        const { alerts, next } = await pageAlerts(context.store.db, filters, pageStart(query), query.limit);
        const locale = query.locale ?? feed?.locale ?? context.config.locale;
        return {
          items: alerts.map((alert) => alertRow(alert, locale)),
          nextCursor: next ? encodeCursor([next.openedAt, next.id]) : null,
        };
      },
    );

    app.post(
      '/api/alerts/:id/ack',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['alerts'],
          summary: 'Acknowledge an open alert: no more reminders until it gets worse',
          params: z.object({ id: z.coerce.number().int().min(1) }),
          // A POST without a body is an acknowledgement without a note.
          body: z.preprocess(
            (body) => body ?? {},
            z.object({ note: z.string().max(1000).optional().describe('why, or what is being done') }).strict(),
          ),
          response: { 200: alertRowSchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const principal = request.principal!;
        const note = request.body.note?.trim() || null;
        const outcome = await acknowledgeAlert(
          context.store.db,
          request.params.id,
          { by: principalLabel(principal), note, unit: principal.unit },
          new Date(),
        );
        if (outcome.outcome === 'missing') return reply.code(404).send({ error: `no alert has id ${request.params.id}` });
        if (outcome.outcome === 'resolved') {
          return reply.code(409).send({ error: `alert ${request.params.id} is resolved: there is nothing left to acknowledge` });
        }
        return alertRow(outcome.alert, context.config.locale);
      },
    );
  };
}

/** The alerts a feed token shows, as a URL on `origin`: a page that exists for every feed, its channel link. */
export function alertsApiUrl(origin: string, token: string): string {
  return `${origin}/api/alerts?token=${encodeURIComponent(token)}`;
}

/** @throws InvalidInputError naming `querystring.cursor` for a cursor this server did not make, or one given with an offset. */
function pageStart(query: { cursor?: string; offset?: number }): AlertPageStart {
  if (query.cursor !== undefined && query.offset !== undefined) {
    throw new InvalidInputError('invalid querystring', [{ field: 'querystring.cursor', message: 'give a cursor or an offset, not both' }]);
  }
  if (query.offset !== undefined) return { offset: query.offset };
  if (query.cursor === undefined) return null;
  const values = decodeCursor(query.cursor, 2);
  const [openedAt, id] = values ?? [];
  if (typeof openedAt !== 'string' || Number.isNaN(Date.parse(openedAt)) || typeof id !== 'number') {
    throw new InvalidInputError('invalid querystring', [{ field: 'querystring.cursor', message: 'not a cursor this list gave' }]);
  }
  return { after: { openedAt, id } };
}
