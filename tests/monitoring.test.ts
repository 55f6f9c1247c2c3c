import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config.ts';
import { buildPopulation } from '../src/fake-platforms/population.ts';
import type { FakePlatforms } from '../src/fake-platforms/server.ts';
import type { AccountsFileEntry } from '../src/fake-platforms/accounts-file.ts';
import { Monitor } from '../src/jobs/monitor.ts';
import { ACCOUNTS_PER_JOB } from '../src/jobs/job-types.ts';
import { enqueueDueAccounts } from '../src/jobs/scheduler.ts';
import { importAccounts, listAccounts } from '../src/store/accounts-repository.ts';
import { serveSimulated, testCrawlSettings } from './support/simulated.ts';
import { createTestDatabase } from './support/stores.ts';

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The two set-ups of the issue: all embedded (PGlite store, BullMQ on it), and PostgreSQL + Redis. */
const SETUPS = ['embedded', 'postgres+redis'] as const;

describe.each(SETUPS)('continuous monitoring, %s', (setup) => {
  let dir: string;
  let config: Config;
  let served: { server: FakePlatforms; entries: AccountsFileEntry[] };
  let dropDatabase: (() => Promise<void>) | undefined;
  let monitor: Monitor | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-monitor-'));
    const env: Record<string, string> = {
      SLEEPWATCH_DATA: path.join(dir, 'data'),
      SLEEPWATCH_QUEUE_PREFIX: `test${process.pid}${setup === 'embedded' ? 'e' : 'r'}`,
    };
    if (setup === 'postgres+redis') {
      const database = await createTestDatabase();
      dropDatabase = database.drop;
      env.DATABASE_URL = database.url;
      env.REDIS_URL = REDIS_URL;
    }
    config = loadConfig(env);
    // Healthy accounts only: fault handling is proven by the check suites; this is about the pipeline.
    const population = buildPopulation({ count: 40, seed: `monitor-${setup}`, faults: false }).filter((a) => a.variant !== 'browser');
    const s = await serveSimulated(population);
    served = s;
    monitor = await Monitor.start(config, {
      scheduler: false,
      worker: true,
      tickMs: 60_000,
      batchSize: 1000,
      workerConcurrency: 16,
      lockDurationMs: 30_000,
      crawl: testCrawlSettings(),
    });
    await importAccounts(monitor.store.db, s.accounts, new Date());
  }, 120_000);

  afterAll(async () => {
    await monitor?.stop();
    await served?.server.close();
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('queues each due account once, however many scheduler ticks run at the same time', async () => {
    const now = new Date();
    const counts = await Promise.all(
      [1, 2, 3].map(() => enqueueDueAccounts(monitor!.store, monitor!.queues.crawl, { now, batchSize: 1000 })),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(served.entries.length);
    // Nothing is due any more: the accounts are leased until their interval has passed.
    expect(await enqueueDueAccounts(monitor!.store, monitor!.queues.crawl, { now, batchSize: 1000 })).toBe(0);
  }, 60_000);

  it('observes every account through the queue and workers, once, with the status its activity implies', async () => {
    const deadline = Date.now() + 90_000;
    let rows = await listAccounts(monitor!.store.db);
    while (rows.some((r) => r.last_checked_at === null) && Date.now() < deadline) {
      await sleep(500);
      rows = await listAccounts(monitor!.store.db);
    }
    const byUrl = new Map(served.entries.map((e) => [e.url, e.expectedStatus]));
    expect(rows.map((r) => [r.url, r.status])).toEqual(rows.map((r) => [r.url, byUrl.get(r.url)]));
    const observations = await monitor!.store.db.selectFrom('observations').select(['account_id']).execute();
    expect(observations).toHaveLength(served.entries.length);
    // The next round is an interval away (24 h ± 10 %), not due again now.
    for (const r of rows) expect(r.next_due_at.getTime()).toBeGreaterThan(Date.now() + 20 * 3600_000);
  }, 120_000);

  it('puts a recrawl ahead of scheduled work waiting in the queue', async () => {
    const { store, queues } = monitor!;
    // The order in which jobs first became active, from the queue's own events (completed crawl
    // jobs are not kept on every backend; a job delayed by a busy host becomes active again later).
    const events = queues.crawlEvents();
    const firstActive: string[] = [];
    events.on('active', ({ jobId }) => void (firstActive.includes(jobId) || firstActive.push(jobId)));
    await events.waitUntilReady();
    try {
      // Every account due again and queued, two to a job so there are more jobs than the worker
      // takes at once, then one recrawl asked for behind them all.
      await store.db
        .updateTable('account_state')
        .set({ next_due_at: new Date(0) })
        .execute();
      expect(await enqueueDueAccounts(store, queues.crawl, { now: new Date(), batchSize: 1000, accountsPerJob: 2 })).toBe(
        served.entries.length,
      );
      const scheduledJobs = Math.ceil(served.entries.length / 2);
      const last = (await listAccounts(store.db)).at(-1)!;
      const recrawl = await queues.crawl.add(
        'recrawl',
        { accountIds: [last.id], kind: 'recrawl', dueAt: new Date().toISOString() },
        { priority: 1, jobId: `recrawl-${last.id}-test` },
      );
      const deadline = Date.now() + 90_000;
      // Every job done (so none is still writing when the next case counts observations), and its start heard of.
      const idle = async () => Object.values(await queues.crawl.getJobCounts('waiting', 'prioritized', 'active')).every((n) => n === 0);
      while ((firstActive.length < scheduledJobs + 1 || !(await idle())) && Date.now() < deadline) await sleep(300);
      expect(firstActive).toHaveLength(scheduledJobs + 1);
      // First in, first out would have started the recrawl after every scheduled job.
      expect(firstActive.indexOf(recrawl.id!)).toBeLessThan(scheduledJobs);
    } finally {
      await events.close();
    }
  }, 120_000);

  it('tops the queue up as workers drain it: a sweep larger than one batch does not wait for the next tick', async () => {
    const { store, queues } = monitor!;
    const before = (await store.db.selectFrom('observations').select('id').execute()).length;
    await store.db
      .updateTable('account_state')
      .set({ next_due_at: new Date(1000) })
      .execute();
    // A tick an hour apart: with one batch per tick this sweep would take five hours.
    const scheduler = await Monitor.start(config, {
      scheduler: true,
      worker: false,
      tickMs: 3_600_000,
      batchSize: 8,
      workerConcurrency: 1,
      lockDurationMs: 30_000,
      crawl: testCrawlSettings(),
    });
    let largestBacklog = 0;
    try {
      const deadline = Date.now() + 90_000;
      let observed = 0;
      while (observed < served.entries.length && Date.now() < deadline) {
        const waiting = await queues.crawl.getJobs(['wait', 'prioritized']);
        largestBacklog = Math.max(
          largestBacklog,
          waiting.reduce((n, job) => n + job.data.accountIds.length, 0),
        );
        await sleep(100);
        observed = (await store.db.selectFrom('observations').select('id').execute()).length - before;
      }
      expect(observed).toBe(served.entries.length);
    } finally {
      await scheduler.stop();
    }
    // The queue held a batch of in-flight accounts at most, never the whole register.
    expect(largestBacklog).toBeLessThanOrEqual(8);
  }, 120_000);
});

describe('politeness across worker processes (two workers sharing PostgreSQL + Redis)', () => {
  it.each([
    [1, 'one account per job, the jobs shared by both workers'],
    [ACCOUNTS_PER_JOB, 'all six in one job, which waits for the host between them'],
  ])(
    'never crawls a host more often than its rule allows (%i per job: %s)',
    async (accountsPerJob) => {
      const database = await createTestDatabase();
      const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-gate-'));
      const env = {
        DATABASE_URL: database.url,
        REDIS_URL,
        SLEEPWATCH_DATA: path.join(dir, 'data'),
        SLEEPWATCH_QUEUE_PREFIX: `gate${process.pid}x${accountsPerJob}`,
      };
      const config = loadConfig(env);
      // Six accounts on one host, each page answering after 2 s: one at a time means ≥ 2 s between starts.
      const population = buildPopulation({ count: 30, seed: 'gate', faults: false })
        .filter((a) => a.platform === 'telegram')
        .slice(0, 6)
        .map((a) => ({ ...a, fault: 'slow' as const }));
      const served = await serveSimulated(population);
      const host = new URL(served.server.url).host;
      const options = () => ({
        scheduler: false,
        worker: true,
        tickMs: 60_000,
        batchSize: 100,
        workerConcurrency: 4,
        lockDurationMs: 30_000,
        crawl: testCrawlSettings({
          politeness: { default: { maxConcurrency: 4, minDelayMs: 0 }, hosts: { [host]: { maxConcurrency: 1, minDelayMs: 0 } } },
        }),
      });
      const a = await Monitor.start(config, options());
      const b = await Monitor.start(config, options());
      try {
        await importAccounts(a.store.db, served.accounts, new Date());
        expect(await enqueueDueAccounts(a.store, a.queues.crawl, { now: new Date(), batchSize: 100, accountsPerJob })).toBe(6);
        const deadline = Date.now() + 90_000;
        let observations: Array<{ fetched_at: Date }> = [];
        while (observations.length < 6 && Date.now() < deadline) {
          await sleep(500);
          observations = await a.store.db.selectFrom('observations').select('fetched_at').orderBy('fetched_at').execute();
        }
        expect(observations).toHaveLength(6);
        const starts = observations.map((o) => o.fetched_at.getTime());
        for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1900);
      } finally {
        await a.stop();
        await b.stop();
        await served.server.close();
        await database.drop();
        await rm(dir, { recursive: true, force: true });
      }
    },
    150_000,
  );
});
