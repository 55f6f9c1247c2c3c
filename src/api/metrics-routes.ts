import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from './api-context.ts';

/**
 * `GET /metrics`: the process's Prometheus metrics (see `SleepwatchMetrics`), for a scraper
 * holding a viewer token (`bearer_token` or `authorization` in its scrape config). Served by
 * `serve` only; a process without metrics has no such route.
 */
export function metricsRoutes(context: ApiContext): FastifyPluginAsync {
  return async (app) => {
    const metrics = context.metrics;
    if (!metrics) return;
    app.withTypeProvider<ZodTypeProvider>().get(
      '/metrics',
      {
        config: { access: 'viewer' },
        schema: {
          tags: ['operations'],
          summary: 'Prometheus metrics',
          description:
            'Crawls, alert events and deliveries counted by this process; queue, account and alert gauges read from the shared stores ' +
            'at each scrape; Node process metrics. Prometheus text exposition format 0.0.4.',
          response: { 200: z.string().describe('Prometheus text exposition') },
        },
      },
      async (_request, reply) => {
        const { body, contentType } = await metrics.exposition();
        return reply.header('cache-control', 'no-store').type(contentType).send(body);
      },
    );
  };
}
