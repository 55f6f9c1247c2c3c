import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ApiContext } from './api-context.ts';

/** Open to all and never rate-limited: orchestrators poll these every few seconds. */
const PROBE = { access: 'public', rateLimit: false } as const;

/**
 * How long readiness waits for each of the store and the queues. A queue on Redis waits for a
 * lost connection to come back rather than failing its commands, so without a limit a probe
 * would hang exactly when it should say "not ready".
 */
export const READINESS_TIMEOUT_MS = 3000;

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

const jobCountsSchema = z
  .object(Object.fromEntries(JOB_STATES.map((state) => [state, z.number().int()])) as Record<(typeof JOB_STATES)[number], z.ZodNumber>)
  .describe('Jobs in the queue by state');

const readySchema = z.object({
  ok: z.literal(true),
  store: z.literal('up'),
  queue: z.enum(['redis', 'postgres']).describe('Where the queues live'),
  jobs: jobCountsSchema.describe('The crawl queue’s jobs by state'),
  notifyJobs: jobCountsSchema.describe('The delivery (notify) queue’s jobs by state: webhooks and e-mail'),
});

const notReadySchema = z.object({ ok: z.literal(false), error: z.string().describe('What did not answer, and why') });

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the store, the crawl
 * queue and the delivery queue answer too, each within `READINESS_TIMEOUT_MS`), for load
 * balancers and orchestrators. Never cached: a stale "ok" is worse than none.
 */
export function healthRoutes(context: ApiContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get(
      '/healthz',
      {
        config: PROBE,
        schema: {
          tags: ['operations'],
          summary: 'Liveness: the process answers',
          security: [],
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async () => ({ ok: true as const }),
    );

    app.get(
      '/readyz',
      {
        config: PROBE,
        schema: {
          tags: ['operations'],
          summary: 'Readiness: the store and both queues answer',
          description: `503 when the store, the crawl queue or the delivery queue does not answer within ${READINESS_TIMEOUT_MS / 1000} s.`,
          security: [],
          response: { 200: readySchema, 503: notReadySchema },
        },
      },
      async (_request, reply) => {
        try {
          const [, jobs, notifyJobs] = await Promise.all([
            answered('the store', sql`select 1`.execute(context.store.db)),
            answered('the crawl queue', context.queues.crawl.getJobCounts(...JOB_STATES)),
            answered('the delivery queue', context.queues.notify.getJobCounts(...JOB_STATES)),
          ]);
          return {
            ok: true as const,
            store: 'up' as const,
            queue: context.queues.backend,
            jobs: counts(jobs),
            notifyJobs: counts(notifyJobs),
          };
        } catch (err) {
          return reply.code(503).send({ ok: false, error: (err as Error).message });
        }
      },
    );
  };
}

function counts(raw: Record<string, number>): Record<(typeof JOB_STATES)[number], number> {
  return Object.fromEntries(JOB_STATES.map((state) => [state, raw[state] ?? 0])) as Record<(typeof JOB_STATES)[number], number>;
}

/** `work`, or a rejection naming `what` when it fails or does not settle in time. */
async function answered<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${READINESS_TIMEOUT_MS / 1000} s`)), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work.catch((err: unknown) => Promise.reject(new Error(`${what}: ${(err as Error).message}`))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
