import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { InvalidInputError } from '../errors.ts';
import { alertsRoutes } from './alerts-routes.ts';
import type { ApiContext } from './api-context.ts';
import { feedRoutes } from './feed-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { replyNotFound } from './not-found.ts';

/**
 * The HTTP side of `serve`, ready for `inject` or `listen`: health and readiness
 * (`health-routes.ts`), alert feeds (`feed-routes.ts`) and the alerts API (`alerts-routes.ts`).
 *
 * Fastify's request log stays off: feed URLs carry their subscriber's token in the query
 * string, and a log line is not a place for it.
 */
export function buildHttpApp(context: ApiContext): FastifyInstance {
  const app = Fastify({ logger: false });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof InvalidInputError) {
      const [summary] = err.message.split('\n');
      return reply.code(400).header('cache-control', 'no-store').send({ error: summary, issues: err.issues });
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).header('cache-control', 'no-store').send({ error: err.message });
    }
    // The path only: the query may hold a token.
    process.stderr.write(`sleepwatch http: ${request.method} ${request.url.split('?')[0]} failed: ${err.message}\n`);
    return reply.code(500).header('cache-control', 'no-store').send({ error: 'internal error' });
  });
  app.setNotFoundHandler((_request, reply) => replyNotFound(reply));

  void app.register(healthRoutes(context));
  void app.register(feedRoutes(context));
  void app.register(alertsRoutes(context));
  return app;
}

/**
 * Starts the HTTP server of `serve` on `port` (0: any free port) and resolves once it listens,
 * with the URL to reach it at and a graceful `close`.
 */
export async function startHttpServer(context: ApiContext, port: number, host = '0.0.0.0'): Promise<{ url: string; close(): Promise<void> }> {
  const app = buildHttpApp(context);
  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${reachableHost(host)}:${boundPort}`,
    close: () => app.close(),
  };
}

/** Wildcard addresses are where a server listens, not where a client can connect. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
