import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { windowIssues } from '../alerts/quiet-rules.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { principalLabel } from '../domain/role.ts';
import {
  addMaintenanceWindow,
  listMaintenanceWindows,
  removeMaintenanceWindow,
  type MaintenanceWindow,
} from '../store/maintenance-windows-repository.ts';
import { groupHasAccounts } from '../store/mutes-repository.ts';
import { errorBodySchema } from './error-body-schema.ts';
import type { ApiContext } from './api-context.ts';
import { enumParameter } from './query-lists.ts';

const isoTime = z.string().describe('ISO 8601 time');

const windowSchema = z.object({
  id: z.number().int(),
  group: z.string().nullable().describe('null: every account'),
  startsAt: isoTime,
  endsAt: isoTime,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoTime,
});

const newWindowSchema = z
  .object({
    group: z.string().trim().min(1).max(200).nullable().optional().describe("the group's accounts; null or absent: every account"),
    startsAt: z.iso.datetime({ offset: true }).describe('ISO 8601 time; may be past (a window already running)'),
    endsAt: z.iso.datetime({ offset: true }).describe('ISO 8601 time, later than startsAt and in the future, at most 31 days after it'),
    note: z.string().max(1000).optional(),
  })
  .strict();

/**
 * Maintenance windows: no account alerts (opened, escalated, reminded) for a group's accounts,
 * or every account, between two times, e.g. while a unit's sites move to a new host. Admins set
 * and remove them; anyone with a token reads them, as they explain missing alerts to everyone.
 */
export function maintenanceRoutes(context: ApiContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const db = context.store.db;

    app.post(
      '/api/maintenance-windows',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['alerts'],
          summary: 'Set a maintenance window: no account alerts for a group (or all) between two times',
          body: newWindowSchema,
          response: { 201: windowSchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const body = request.body;
        const startsAt = new Date(body.startsAt);
        const endsAt = new Date(body.endsAt);
        const issues = windowIssues(startsAt, endsAt, new Date());
        if (body.group != null && !(await groupHasAccounts(db, body.group))) {
          issues.push({ field: 'body.group', message: `no registered account is in group "${body.group}"` });
        }
        if (issues.length) throw new InvalidInputError('invalid body', issues);
        const window = await addMaintenanceWindow(db, {
          group: body.group ?? null,
          startsAt,
          endsAt,
          note: body.note?.trim() || null,
          createdBy: principalLabel(request.principal!),
        });
        return reply.code(201).send(windowView(window));
      },
    );

    app.get(
      '/api/maintenance-windows',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['alerts'],
          summary: 'List running and upcoming maintenance windows (all=true: past ones too)',
          querystring: z.object({ all: enumParameter(['true', 'false'], 'true: past windows too') }),
          response: { 200: z.object({ items: z.array(windowSchema) }) },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const windows = await listMaintenanceWindows(db, { now: request.query.all === 'true' ? null : new Date() });
        return { items: windows.map(windowView) };
      },
    );

    app.delete(
      '/api/maintenance-windows/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: ['alerts'],
          summary: 'Remove a maintenance window (one running ends now)',
          params: z.object({ id: z.coerce.number().int().min(1) }),
          response: { 204: z.null().describe('removed'), 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        if (!(await removeMaintenanceWindow(db, request.params.id))) {
          return reply.code(404).send({ error: `no maintenance window has id ${request.params.id}` });
        }
        return reply.code(204).send(null);
      },
    );
  };
}

function windowView(w: MaintenanceWindow): z.infer<typeof windowSchema> {
  return {
    id: w.id,
    group: w.group,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
    note: w.note,
    createdBy: w.createdBy,
    createdAt: w.createdAt.toISOString(),
  };
}
