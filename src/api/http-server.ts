import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Monitor } from '../jobs/monitor.ts';

/**
 * The HTTP side of `serve`: liveness (`/healthz`: the process answers) and readiness
 * (`/readyz`: the store and the queue answer too), for load balancers and orchestrators.
 */
export async function startHttpServer(monitor: Monitor, port: number, host = '0.0.0.0'): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    void route(monitor, req.url ?? '/').then(({ status, body }) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function route(monitor: Monitor, url: string): Promise<{ status: number; body: unknown }> {
  const path = url.split('?')[0];
  if (path === '/healthz') return { status: 200, body: { ok: true } };
  if (path === '/readyz') {
    try {
      await sql`select 1`.execute(monitor.store.db);
      const jobs = await monitor.queues.crawl.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      return { status: 200, body: { ok: true, store: 'up', queue: monitor.queues.backend, jobs } };
    } catch (err) {
      return { status: 503, body: { ok: false, error: (err as Error).message } };
    }
  }
  return { status: 404, body: { error: 'not found' } };
}
