import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SleepwatchError } from '../domain/errors.ts';
import { enqueueRecrawl, recrawlObservation } from '../jobs/enqueue-recrawl.ts';
import { findAccounts } from '../store/accounts-repository.ts';
import type { ObservationRow } from '../store/schema.ts';
import { accountView, accountViewSchema } from './account-view.ts';
import type { ApiContext } from './api-context.ts';
import { errorBodySchema } from './error-body-schema.ts';
import { observationSchema, observationView } from './observation-view.ts';
import { replyNotFound } from './not-found.ts';

/** How long `wait=true` waits when not told, and at most: an HTTP client (or its proxy) gives up around then. */
const DEFAULT_WAIT_SECONDS = 30;
const MAX_WAIT_SECONDS = 120;

/**
 * `POST /api/accounts/:id/recrawl`: a look at one account now, ahead of scheduled work, as
 * `sleepwatch recrawl` asks for it. A running worker (`serve` or `worker`) does the look.
 */
export function recrawlRoutes(context: ApiContext): FastifyPluginAsync {
  const { db } = context.store;
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/accounts/:id/recrawl',
      {
        config: { access: 'operator' },
        schema: {
          tags: ['accounts'],
          summary: 'Look at one account now',
          description:
            'Queues the look (202). With `wait=true`, waits for a worker to record it (at most `timeoutSeconds`) and answers with ' +
            'the observation and the account as it then stands; 504 when no worker finished it in time, 502 when the look failed.',
          params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('the account id') }),
          querystring: z.object({
            wait: z.enum(['true', 'false']).default('false').describe('wait for the look and answer with it'),
            timeoutSeconds: z.coerce.number().int().min(1).max(MAX_WAIT_SECONDS).default(DEFAULT_WAIT_SECONDS),
          }),
          response: {
            200: z.object({ jobId: z.string(), observation: observationSchema, account: accountViewSchema }),
            202: z.object({ jobId: z.string(), accountId: z.number().int() }),
            404: errorBodySchema,
            502: errorBodySchema,
            504: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const unit = request.principal?.unit;
        const [account] = await findAccounts(db, String(id));
        if (!account || (unit != null && account.unit !== unit)) return replyNotFound(reply);
        const recrawl = await enqueueRecrawl(context.queues.crawl, id);
        reply.header('cache-control', 'no-store');
        if (request.query.wait !== 'true') return reply.code(202).send({ jobId: recrawl.jobId, accountId: id });
        const timeoutMs = request.query.timeoutSeconds * 1000;
        const started = Date.now();
        let observation: ObservationRow;
        try {
          observation = await recrawlObservation(db, context.queues.crawl, recrawl, { timeoutMs });
        } catch (err) {
          if (!(err instanceof SleepwatchError)) throw err;
          // Its message says which: no worker in time (the wait ran out), or the job's own failure.
          const timedOut = Date.now() - started >= timeoutMs;
          return reply.code(timedOut ? 504 : 502).send({ error: err.message });
        }
        const [after] = await findAccounts(db, String(id));
        if (!after) return replyNotFound(reply);
        return reply.code(200).send({
          jobId: recrawl.jobId,
          observation: observationView(observation),
          account: accountView(after, context.config.locale, context.config.policies),
        });
      },
    );
  };
}
