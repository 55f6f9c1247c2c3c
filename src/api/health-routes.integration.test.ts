import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import type { NotifyQueue } from '../jobs/job-queues.ts';
import { buildHttpApp } from './http-server.ts';

describe.each(BACKENDS)('readiness with both queues, on %s', (backend) => {
  let api: ApiUnderTest;

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
  }, 60_000);
  afterAll(() => api?.close());

  /** The API of the same process, with its delivery queue replaced. */
  async function expectNotReady(notify: Partial<NotifyQueue>): Promise<void> {
    const app = buildHttpApp({ ...api.context, queues: { ...api.context.queues, notify: notify as NotifyQueue } });
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toEqual({ ok: false, error: expect.stringMatching(/^the delivery queue/) });
    } finally {
      await app.close();
    }
  }

  it('answers with the job counts of the crawl queue and of the delivery queue', async () => {
    await api.context.queues.notify.add('deliver', { webhookId: 1, eventId: 1 }, { delay: 3_600_000 });
    try {
      const res = await api.call(null, { method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(200);
      const zero = { waiting: 0, active: 0, delayed: 0, prioritized: 0, failed: 0 };
      expect(res.json()).toEqual({
        ok: true,
        store: 'up',
        queue: backend === 'pglite' ? 'postgres' : 'redis',
        jobs: zero,
        notifyJobs: { ...zero, delayed: 1 },
      });
    } finally {
      await api.context.queues.notify.obliterate({ force: true });
    }
  });

  it('is 503 naming the delivery queue when it fails', async () => {
    await expectNotReady({ getJobCounts: () => Promise.reject(new Error('connection refused')) });
  });

  it('is 503 when the delivery queue does not answer in time', async () => {
    await expectNotReady({ getJobCounts: () => new Promise(() => {}) });
  }, 15_000);

  it('is described in the OpenAPI document with the feeds', async () => {
    const doc = (await api.call(null, { method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: Array<{ name: string }> }>>;
    }>();
    expect(Object.keys(doc.paths['/readyz']!.get!.responses).sort()).toEqual(['200', '503']);
    expect(JSON.stringify(doc.paths['/readyz']!.get!.responses['200'])).toContain('notifyJobs');
    expect(doc.paths['/healthz']!.get).toBeDefined();
    for (const format of ['rss', 'atom', 'json']) {
      const names = doc.paths[`/feeds/alerts.${format}`]!.get!.parameters!.map((p) => p.name);
      expect(names, format).toEqual(expect.arrayContaining(['token', 'status', 'platform', 'unit', 'group', 'severity', 'limit']));
    }
  });
});
