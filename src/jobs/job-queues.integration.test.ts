import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { KEEP_COMPLETED, openJobQueues, type CrawlWorker, type JobQueues, type NotifyWorker } from './job-queues.ts';
import { crawlJobId, NOTIFY_QUEUE, notifyJobId, type CrawlJobData, type NotifyJobData } from './job-types.ts';

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One more than Redis keeps, so a count limit would show on either backend. */
const JOBS = KEEP_COMPLETED.redis.crawl.count + 1;

describe.each(['redis', 'embedded'] as const)('completed jobs kept, on %s', (backend) => {
  let t: TestStore;
  let queues: JobQueues;
  let crawlWorker: CrawlWorker;
  let notifyWorker: NotifyWorker;
  const done = { crawl: 0, notify: 0 };
  const delivered: string[] = [];
  const prefix = `keep-test-${process.pid}-${backend}`;

  beforeAll(async () => {
    t = await openTestStore('pglite');
    queues = openJobQueues(t.store, backend === 'redis' ? { redisUrl: REDIS_URL, prefix } : { prefix });
    crawlWorker = queues.crawlWorker(
      async (job) => ({
        accounts: job.data.accountIds.map((accountId) => ({ accountId, recorded: true, status: 'active', outcome: 'ok' })),
      }),
      { concurrency: 50 },
    );
    notifyWorker = queues.notifyWorker(
      async (job) => {
        delivered.push(job.id!);
        return { delivered: true };
      },
      { concurrency: 50 },
    );
    crawlWorker.on('completed', () => done.crawl++);
    notifyWorker.on('completed', () => done.notify++);
  }, 60_000);
  afterAll(async () => {
    await crawlWorker?.close();
    await notifyWorker?.close();
    await queues?.crawl.obliterate({ force: true });
    await queues?.notify.obliterate({ force: true });
    await queues?.close();
    await t?.dispose();
  });

  async function runCrawls(count: number): Promise<void> {
    const target = done.crawl + count;
    const data = Array.from({ length: count }, (_, i): CrawlJobData => ({
      accountIds: [i],
      kind: 'scheduled',
      dueAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
    }));
    await queues.crawl.addBulk(data.map((d) => ({ name: 'scheduled', data: d, opts: { jobId: crawlJobId(d) } })));
    while (done.crawl < target) await once(crawlWorker, 'completed');
  }

  async function deliver(first: number, count: number): Promise<void> {
    const target = done.notify + count;
    const data = Array.from({ length: count }, (_, i): NotifyJobData => ({ webhookId: 1, eventId: first + i }));
    await queues.notify.addBulk(data.map((d) => ({ name: 'deliver', data: d, opts: { jobId: notifyJobId(d) } })));
    while (done.notify < target) await once(notifyWorker, 'completed');
  }

  if (backend === 'redis') {
    it('keeps the newest 1,000 of each queue, which bounds the memory at rest', async () => {
      await runCrawls(JOBS);
      await deliver(0, JOBS);
      expect(await queues.crawl.getJobCounts('completed')).toEqual({ completed: KEEP_COMPLETED.redis.crawl.count });
      expect(await queues.notify.getJobCounts('completed')).toEqual({ completed: KEEP_COMPLETED.redis.notify.count });
    }, 120_000);
  } else {
    it('keeps no crawl job once it completes: its observation is the record', async () => {
      await runCrawls(JOBS);
      expect(await queues.crawl.getJobCounts('completed')).toEqual({ completed: 0 });
    }, 120_000);

    it('keeps every delivery completed within the hour, however many', async () => {
      await deliver(0, JOBS);
      expect(await queues.notify.getJobCounts('completed')).toEqual({ completed: JOBS });
    }, 120_000);

    it('lets deliveries completed more than an hour ago go when the next one completes', async () => {
      // BullMQ's own table: ten deliveries made to have finished twice the kept age ago.
      await sql`update job set finished_at_ms = finished_at_ms - ${2 * KEEP_COMPLETED.postgres.notify.age * 1000}
                 where queue = ${NOTIFY_QUEUE} and state = 'completed'
                   and id in (select id from job where queue = ${NOTIFY_QUEUE} and state = 'completed' order by id limit 10)`.execute(
        t.store.db,
      );
      await deliver(JOBS, 1);
      expect(await queues.notify.getJobCounts('completed')).toEqual({ completed: JOBS - 10 + 1 });
    }, 60_000);
  }

  it('does not deliver an event twice when it is queued again after its delivery completed', async () => {
    const data: NotifyJobData = { webhookId: 2, eventId: 1 };
    const before = done.notify;
    await queues.notify.add('deliver', data, { jobId: notifyJobId(data) });
    while (done.notify === before) await once(notifyWorker, 'completed');
    await queues.notify.add('deliver', data, { jobId: notifyJobId(data) });
    // A marker queued after the repeat: once it is delivered, the repeat would have been too.
    await deliver(1_000_000, 1);
    expect(delivered.filter((id) => id === notifyJobId(data))).toHaveLength(1);
  }, 60_000);
});

describe('BullMQ on the embedded database', () => {
  it('prepares each of its statements once per connection, however many jobs run, and lets them go when the queues close', async () => {
    const t = await openTestStore('pglite');
    const queues = openJobQueues(t.store, { prefix: `prepare-test-${process.pid}` });
    const worker = queues.crawlWorker(
      async (job) => ({
        accounts: job.data.accountIds.map((accountId) => ({ accountId, recorded: true, status: 'active', outcome: 'ok' })),
      }),
      { concurrency: 4 },
    );
    let completed = 0;
    worker.on('completed', () => completed++);
    const prepared = async (like: string) =>
      (
        await sql<{
          name: string;
        }>`select name from pg_prepared_statements where name like 'bullmq%' and statement like ${like} order by name`.execute(t.store.db)
      ).rows.map((r) => r.name);
    const run = async (first: number, count: number) => {
      const target = completed + count;
      const data = Array.from({ length: count }, (_, i): CrawlJobData => ({
        accountIds: [first + i],
        kind: 'scheduled',
        dueAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      }));
      await queues.crawl.addBulk(data.map((d) => ({ name: 'scheduled', data: d, opts: { jobId: crawlJobId(d) } })));
      while (completed < target) await once(worker, 'completed');
    };
    try {
      await run(0, 20);
      const finishing = await prepared('%move_to_completed_fetch(%');
      expect(finishing.length).toBeGreaterThan(0);
      await run(20, 100);
      expect(await prepared('%move_to_completed_fetch(%')).toEqual(finishing);
      await worker.close();
      await queues.close();
      for (let i = 0; i < 40 && (await prepared('%')).length > 0; i++) await sleep(50);
      expect(await prepared('%')).toEqual([]);
    } finally {
      await worker.close();
      await queues.close();
      await t.dispose();
    }
  }, 60_000);
});
