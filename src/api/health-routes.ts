import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { ApiContext } from './api-context.ts';

/** Open to all and never rate-limited: orchestrators poll these every few seconds. */
const PROBE = { access: 'public', rateLimit: false } as const;

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the store and the
 * queue answer too), for load balancers and orchestrators. Never cached: a stale "ok" is
 * worse than none.
 */
export function healthRoutes(context: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get('/healthz', { config: PROBE }, async () => ({ ok: true }));

    app.get('/readyz', { config: PROBE }, async (_request, reply) => {
      try {
        await sql`select 1`.execute(context.store.db);
        const jobs = await context.queues.crawl.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
        return { ok: true, store: 'up', queue: context.queues.backend, jobs };
      } catch (err) {
        return reply.code(503).send({ ok: false, error: (err as Error).message });
      }
    });
  };
}
