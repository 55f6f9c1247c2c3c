import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { STATUSES } from '../domain/account-status.ts';
import { buildPopulation } from '../fake-platforms/population.ts';
import type { AccountsFileEntry } from '../fake-platforms/accounts-file.ts';
import type { FakePlatforms } from '../fake-platforms/server.ts';
import { Monitor } from '../jobs/monitor.ts';
import { enqueueDueAccounts } from '../jobs/scheduler.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { addApiToken } from '../store/api-tokens-repository.ts';
import { parsePrometheusText } from '../../tests/support/prometheus-text.ts';
import { serveSimulated, testCrawlSettings } from '../../tests/support/simulated.ts';
import { createTestDatabase } from '../../tests/support/stores.ts';
import { TEST_REDIS_URL } from '../../tests/support/process-scenario.ts';
import { buildHttpApp } from './http-server.ts';

/** All embedded (PGlite, BullMQ on it), and PostgreSQL with Redis. */
const SETUPS = ['embedded', 'postgres+redis'] as const;

describe.each(SETUPS)('GET /metrics, %s', (setup) => {
  let dir: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  let served: { server: FakePlatforms; entries: AccountsFileEntry[] };
  let monitor: Monitor;
  let app: FastifyInstance;
  let viewer: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-metrics-'));
    const env: Record<string, string> = {
      SLEEPWATCH_DATA: path.join(dir, 'data'),
      SLEEPWATCH_QUEUE_PREFIX: `metrics${process.pid}${setup === 'embedded' ? 'e' : 'r'}`,
    };
    if (setup === 'postgres+redis') {
      const database = await createTestDatabase();
      dropDatabase = database.drop;
      Object.assign(env, { DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL });
    }
    const config = loadConfig(env);
    const population = buildPopulation({ count: 12, seed: 'metrics', faults: false }).filter((a) => a.variant !== 'browser');
    const s = await serveSimulated(population);
    served = s;
    monitor = await Monitor.start(config, {
      scheduler: false,
      worker: true,
      tickMs: 60_000,
      batchSize: 1000,
      workerConcurrency: 8,
      lockDurationMs: 30_000,
      crawl: testCrawlSettings(),
    });
    await importAccounts(monitor.store.db, s.accounts, new Date());
    viewer = (await addApiToken(monitor.store.db, { role: 'viewer', unit: null, name: 'prometheus' })).token;
    app = buildHttpApp({ store: monitor.store, queues: monitor.queues, config, metrics: monitor.metrics });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await monitor?.queues.crawl.obliterate({ force: true });
    await monitor?.stop();
    await served?.server.close();
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const scrape = async () => {
    const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${viewer}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(res.body);
  };

  it('needs a viewer token', async () => {
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer swt_1_nope' } })).statusCode).toBe(401);
  });

  it('counts a real crawl by platform and outcome, and reads accounts, queues and alerts from the stores', async () => {
    const before = await scrape();
    const platforms = [...new Set(served.entries.map((e) => e.platform))];
    const crawled = (samples: Map<string, number>, platform: string) =>
      samples.get(`sleepwatch_crawls_total{platform="${platform}",outcome="ok"}`) ?? 0;
    expect(before.get('sleepwatch_accounts{status="unknown"}')).toBe(served.entries.length);
    // Node's own metrics, on the same registry.
    expect(before.has('process_cpu_user_seconds_total')).toBe(true);

    expect(await enqueueDueAccounts(monitor.store, monitor.queues.crawl, { now: new Date(), batchSize: 1000 })).toBe(served.entries.length);
    const deadline = Date.now() + 60_000;
    let looked = 0;
    while (looked < served.entries.length && Date.now() < deadline) {
      await sleep(200);
      looked = (await monitor.store.db.selectFrom('observations').select('id').execute()).length;
    }
    expect(looked).toBe(served.entries.length);
    // One account removed: a removed account is no longer watched, nor counted.
    const [removed] = await listAccounts(monitor.store.db);
    await monitor.store.db.updateTable('accounts').set({ removed_at: new Date() }).where('id', '=', removed!.id).execute();
    const events = await monitor.evaluateAlertsNow();

    const after = await scrape();
    for (const platform of platforms) {
      const accounts = served.entries.filter((e) => e.platform === platform).length;
      expect(crawled(after, platform) - crawled(before, platform), platform).toBe(accounts);
      expect(after.get(`sleepwatch_crawl_duration_seconds_count{platform="${platform}"}`), platform).toBe(accounts);
    }
    const watched = served.entries.filter((e) => e.name !== removed!.name);
    for (const status of STATUSES) {
      const expected = watched.filter((e) => e.expectedStatus === status).length;
      expect(after.get(`sleepwatch_accounts{status="${status}"}`), status).toBe(expected);
    }
    expect(after.get('sleepwatch_alert_events_total{type="opened"}')).toBe(events.filter((e) => e.type === 'opened').length);
    const open = await monitor.store.db.selectFrom('alerts').select('severity').where('state', '=', 'open').execute();
    for (const severity of ['info', 'warning', 'critical']) {
      expect(after.get(`sleepwatch_open_alerts{severity="${severity}"}`), severity).toBe(
        open.filter((a) => a.severity === severity).length,
      );
    }
    for (const queue of ['crawl', 'notify']) {
      for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'failed']) {
        expect(after.get(`sleepwatch_queue_jobs{queue="${queue}",state="${state}"}`), `${queue} ${state}`).toBe(0);
      }
      expect(after.get(`sleepwatch_queue_oldest_waiting_age_seconds{queue="${queue}"}`)).toBe(0);
    }
  }, 90_000);

  it('tells how long the oldest waiting job has waited, and how many wait', async () => {
    const { crawl } = monitor.queues;
    await crawl.pause();
    try {
      const queuedAt = Date.now() - 90_000;
      await crawl.add(
        'scheduled',
        { accountIds: [], kind: 'scheduled', dueAt: new Date().toISOString() },
        { priority: 10, timestamp: queuedAt },
      );
      await crawl.add('scheduled', { accountIds: [], kind: 'scheduled', dueAt: new Date().toISOString() }, { priority: 10 });
      const samples = await scrape();
      expect(samples.get('sleepwatch_queue_jobs{queue="crawl",state="prioritized"}')).toBe(2);
      expect(samples.get('sleepwatch_queue_oldest_waiting_age_seconds{queue="crawl"}')).toBeGreaterThanOrEqual(90);
      expect(samples.get('sleepwatch_queue_oldest_waiting_age_seconds{queue="crawl"}')).toBeLessThan(3600);
    } finally {
      await crawl.obliterate({ force: true });
      await crawl.resume();
    }
  });
});
