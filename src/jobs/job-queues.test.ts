import { once } from 'node:events';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { KEEP_COMPLETED, openJobQueues, type CrawlWorker, type JobQueues } from './job-queues.ts';
import type { CrawlJobData } from './job-types.ts';

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** One more than Redis keeps, so a count limit would show on either backend. */
const JOBS = KEEP_COMPLETED.redis.count + 1;

describe.each(['redis', 'embedded'] as const)('completed jobs kept for inspection, on %s', (backend) => {
  let t: TestStore;
  let queues: JobQueues;
  let worker: CrawlWorker;
  let completed = 0;
  const prefix = `keep-test-${process.pid}-${backend}`;

  beforeAll(async () => {
    t = await openTestStore('pglite');
    queues = openJobQueues(t.store, backend === 'redis' ? { redisUrl: REDIS_URL, prefix } : { prefix });
    worker = queues.crawlWorker(async (job) => ({ accountId: job.data.accountId, recorded: true, status: 'active', outcome: 'ok' }), { concurrency: 50 });
    worker.on('completed', () => completed++);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await queues?.crawl.obliterate({ force: true });
    await queues?.close();
    await t?.dispose();
  });

  async function runJobs(first: number, count: number): Promise<void> {
    const target = completed + count;
    const jobs = Array.from({ length: count }, (_, i): { name: string; data: CrawlJobData } => ({
      name: 'scheduled',
      data: { accountId: first + i, kind: 'scheduled', dueAt: new Date(Date.UTC(2026, 0, 1)).toISOString() },
    }));
    await queues.crawl.addBulk(jobs.map((job) => ({ ...job, opts: { jobId: `keep-${job.data.accountId}` } })));
    while (completed < target) await once(worker, 'completed');
  }

  it(backend === 'redis' ? 'keeps the newest 1,000, which bounds the memory at rest' : 'keeps every job completed within the hour, however many', async () => {
    await runJobs(0, JOBS);
    const { completed: kept } = await queues.crawl.getJobCounts('completed');
    expect(kept).toBe(backend === 'redis' ? KEEP_COMPLETED.redis.count : JOBS);
  }, 120_000);

  if (backend === 'embedded') {
    it('lets jobs completed more than an hour ago go when the next one completes', async () => {
      // BullMQ's own table: ten jobs made to have finished twice the kept age ago.
      await sql`update job set finished_at_ms = finished_at_ms - ${2 * KEEP_COMPLETED.postgres.age * 1000}
                 where state = 'completed' and id in (select id from job where state = 'completed' order by id limit 10)`.execute(t.store.db);
      await runJobs(JOBS, 1);
      const { completed: kept } = await queues.crawl.getJobCounts('completed');
      expect(kept).toBe(JOBS - 10 + 1);
    }, 60_000);
  }
});
