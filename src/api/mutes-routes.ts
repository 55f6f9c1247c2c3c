import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { muteUntilIssue } from '../alerts/quiet-rules.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { principalLabel } from '../domain/role.ts';
import { addMute, findMute, groupHasAccounts, listMutes, removeMute, type Mute } from '../store/mutes-repository.ts';
import { errorBodySchema } from './error-body-schema.ts';
import type { ApiContext } from './api-context.ts';
import { enumParameter } from './query-lists.ts';

const isoTime = z.string().describe('ISO 8601 time');

const muteSchema = z.object({
  id: z.number().int(),
  accountId: z.number().int().nullable().describe('the muted account; null for a group mute'),
  group: z.string().nullable().describe('the muted group; null for an account mute'),
  until: isoTime,
  note: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoTime,
});

const newMuteSchema = z
  .object({
    accountId: z.number().int().min(1).optional().describe('mute this account …'),
    group: z.string().trim().min(1).max(200).optional().describe('… or every account of this group (not with a unit token)'),
    until: z.iso.datetime({ offset: true }).describe('ISO 8601 time, in the future, at most a year ahead'),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.accountId === undefined) === (body.group === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'give accountId or group, one of them' });
    }
  });

/**
 * Mutes: no alert for an account, or for a group's accounts, until a time (see `evaluateAlerts`
 * for what that means for alerts already open). Operators mute and unmute; viewers read.
 *
 * A unit's token mutes its unit's accounts only (others answer 404, as if absent) and never a
 * group: a group spans units, and one unit must not silence another's alerts.
 */
export function mutesRoutes(context: ApiContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    const db = context.store.db;

    app.post(
      '/api/mutes',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['alerts'],
          summary: 'Mute an account or a group until a time',
          body: newMuteSchema,
          response: { 201: muteSchema, 403: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const principal = request.principal!;
        const body = request.body;
        const until = new Date(body.until);
        const issue = muteUntilIssue(until, new Date(), 'body.until');
        if (issue) throw new InvalidInputError('invalid body', [issue]);
        if (body.group !== undefined && principal.unit !== null) {
          return reply
            .code(403)
            .send({ error: `a group spans units: a token limited to unit ${principal.unit} mutes single accounts only` });
        }
        if (body.group !== undefined && !(await groupHasAccounts(db, body.group))) {
          throw new InvalidInputError('invalid body', [
            { field: 'body.group', message: `no registered account is in group "${body.group}"` },
          ]);
        }
        if (body.accountId !== undefined) {
          let q = db.selectFrom('accounts').select('id').where('id', '=', body.accountId).where('removed_at', 'is', null);
          if (principal.unit !== null) q = q.where('unit', '=', principal.unit);
          if (!(await q.executeTakeFirst())) return reply.code(404).send({ error: `no account has id ${body.accountId}` });
        }
        const mute = await addMute(db, {
          accountId: body.accountId ?? null,
          group: body.group ?? null,
          until,
          note: body.note?.trim() || null,
          createdBy: principalLabel(principal),
        });
        return reply.code(201).send(muteView(mute));
      },
    );

    app.get(
      '/api/mutes',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['alerts'],
          summary: 'List the mutes in force (all=true: ended ones too)',
          querystring: z.object({ all: enumParameter(['true', 'false'], 'true: ended mutes too') }),
          response: { 200: z.object({ items: z.array(muteSchema) }) },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const now = request.query.all === 'true' ? null : new Date();
        const mutes = await listMutes(db, { now, unit: request.principal!.unit });
        return { items: mutes.map(muteView) };
      },
    );

    app.delete(
      '/api/mutes/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['alerts'],
          summary: 'End a mute now',
          params: z.object({ id: z.coerce.number().int().min(1) }),
          response: { 204: z.null().describe('ended'), 403: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        const unit = request.principal!.unit;
        const mute = await findMute(db, request.params.id);
        const visible = mute && (unit === null || (await mutedAccountUnit(context, mute)) === unit || mute.group !== null);
        if (!mute || !visible) return reply.code(404).send({ error: `no mute has id ${request.params.id}` });
        if (mute.group !== null && unit !== null) {
          return reply.code(403).send({ error: `a group spans units: a token limited to unit ${unit} cannot unmute a group` });
        }
        await removeMute(db, mute.id);
        return reply.code(204).send(null);
      },
    );
  };
}

/** The unit of a muted account (undefined for a group mute). */
async function mutedAccountUnit(context: ApiContext, mute: Mute): Promise<string | null | undefined> {
  if (mute.accountId === null) return undefined;
  const row = await context.store.db.selectFrom('accounts').select('unit').where('id', '=', mute.accountId).executeTakeFirst();
  return row?.unit;
}

function muteView(m: Mute): z.infer<typeof muteSchema> {
  return {
    id: m.id,
    accountId: m.accountId,
    group: m.group,
    until: m.until.toISOString(),
    note: m.note,
    createdBy: m.createdBy,
    createdAt: m.createdAt.toISOString(),
  };
}
