import { once } from 'node:events';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../accounts/account.ts';
import { policyNamed } from '../activity/policies.ts';
import { judge } from '../activity/status.ts';
import { openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { importAccounts } from '../store/accounts-repository.ts';
import { recordObservations } from '../store/observations-repository.ts';
import { openJobQueues, type JobQueues } from './job-queues.ts';
import { enqueueDueAccounts } from './scheduler.ts';
import { blankObservation } from '../../tests/support/observation.ts';

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LEASE_MS = 120_000;
const t0 = new Date('2026-12-01T08:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const account = (n: number): Account => ({
  platform: 'feed',
  url: `https://feeds.example.org/${n}.xml`,
  name: `feed ${n}`,
  unit: null,
  region: null,
  group: null,
  policy: null,
  intervalMs: 86_400_000,
  timeZone: 'UTC',
  options: {},
});

describe.each(['redis', 'embedded'] as const)('scheduler leases, queue on %s', (backend) => {
  let t: TestStore;
  let queues: JobQueues;
  const prefix = `lease-test-${process.pid}-${backend}`;
  const tick = (now: Date) => enqueueDueAccounts(t.store, queues.crawl, { now, batchSize: 1000, accountsPerJob: 2, leaseMs: LEASE_MS });
  const queued = async () =>
    (await queues.crawl.getJobs(['wait', 'prioritized', 'delayed', 'active']))
      .map((j) => j.data)
      .sort((a, b) => a.accountIds[0]! - b.accountIds[0]!);
  const leases = async () =>
    (
      await t.store.db
        .selectFrom('account_state')
        .select(['account_id', 'next_due_at', 'lease_job', 'lease_round'])
        .orderBy('account_id')
        .execute()
    ).map((a) => ({
      id: a.account_id,
      nextDueAt: a.next_due_at,
      job: a.lease_job,
      round: a.lease_round,
    }));

  beforeAll(async () => {
    t = await openTestStore('pglite');
    queues = openJobQueues(t.store, backend === 'redis' ? { redisUrl: REDIS_URL, prefix } : { prefix });
  }, 60_000);
  afterAll(async () => {
    await queues?.crawl.obliterate({ force: true });
    await queues?.close();
    await t?.dispose();
  });
  beforeEach(async () => {
    await queues.crawl.obliterate({ force: true });
    await t.store.db.deleteFrom('accounts').execute();
    await importAccounts(t.store.db, [1, 2, 3, 4].map(account), t0);
  });

  it('leases due accounts for a short lease to jobs that carry each account’s round', async () => {
    expect(await tick(at(0))).toBe(4);
    const jobs = await queued();
    expect(jobs.map((j) => j.roundKeys)).toEqual(jobs.map((j) => j.accountIds.map(() => `scheduled-${j.accountIds[0]}-${t0.getTime()}`)));
    for (const lease of await leases()) {
      expect(lease.nextDueAt).toEqual(at(LEASE_MS));
      expect(lease.round).toBe(lease.job);
    }
    expect(await tick(at(LEASE_MS - 1))).toBe(0);
  });

  it('extends the lease of a job that is alive (waiting, or delayed for a busy host or a retry), queuing nothing twice', async () => {
    await tick(at(0));
    const [first, second] = await queues.crawl.getJobs(['wait', 'prioritized']);
    // The second job as a job waiting out its backoff would be.
    await second!.remove();
    await queues.crawl.add(second!.name, second!.data, { jobId: second!.id, delay: 600_000 });
    expect(await queues.crawl.getJobState(second!.id!)).toBe('delayed');
    expect(await tick(at(LEASE_MS + 1))).toBe(0);
    expect((await leases()).map((l) => l.nextDueAt)).toEqual([1, 2, 3, 4].map(() => at(2 * LEASE_MS + 1)));
    expect((await queued()).map((j) => j.accountIds)).toEqual(
      [first!.data.accountIds, second!.data.accountIds].sort((a, b) => a[0]! - b[0]!),
    );
  });

  it('queues the accounts of a job that is gone or failed again, in the round they were first leased for', async () => {
    await tick(at(0));
    const [gone, failing] = (await queues.crawl.getJobs(['wait', 'prioritized'])).sort(
      (a, b) => a.data.accountIds[0]! - b.data.accountIds[0]!,
    );
    await gone!.remove();
    const worker = queues.crawlWorker(
      async () => {
        throw new UnrecoverableError('lost in a test');
      },
      { concurrency: 1 },
    );
    await once(worker, 'failed');
    await worker.close();
    expect(await queues.crawl.getJobState(failing!.id!)).toBe('failed');

    expect(await tick(at(LEASE_MS + 1))).toBe(4);
    const again = await queued();
    expect(again.map((j) => [j.accountIds, j.roundKeys])).toEqual([
      [gone!.data.accountIds, gone!.data.roundKeys],
      [failing!.data.accountIds, failing!.data.roundKeys],
    ]);
    // Held by the new jobs now, for a lease twice as long: a job lost again is not retried at once.
    const held = new Map((await leases()).map((l) => [l.id, l]));
    for (const job of await queues.crawl.getJobs(['wait', 'prioritized'])) {
      for (const id of job.data.accountIds) expect(held.get(id)).toMatchObject({ job: job.id, nextDueAt: at(LEASE_MS + 1 + 2 * LEASE_MS) });
    }
  });

  it('makes each lease of a round that keeps being lost twice as long, up to the account’s interval', async () => {
    await t.store.db.updateTable('accounts').set({ interval_seconds: 600 }).execute();
    const lengths: number[] = [];
    let now = 0;
    for (let lease = 0; lease < 4; lease++) {
      expect(await tick(at(now))).toBe(4);
      const { nextDueAt } = (await leases())[0]!;
      lengths.push((nextDueAt.getTime() - at(now).getTime()) / LEASE_MS);
      // Lost, as a page that breaks the worker every time would have it.
      await queues.crawl.obliterate({ force: true });
      now = nextDueAt.getTime() - t0.getTime() + 1;
    }
    expect(lengths).toEqual([1, 2, 4, 5]);
  });

  it('ends the lease when the account is recorded: not queued again, next due an interval later', async () => {
    await tick(at(0));
    const [job] = await queues.crawl.getJobs(['wait', 'prioritized']);
    const data = job!.data;
    const observation = blankObservation({
      platform: 'feed',
      url: 'u',
      fetchedAt: at(1000).toISOString(),
      outcome: 'error',
      httpStatus: null,
      error: 'offline',
    });
    const judgement = judge(observation, at(1000), policyNamed('gov-cn'), {
      earlierPosts: [],
      lastPostAt: null,
      lastPostPrecision: null,
      consecutiveFailures: 0,
      consecutiveNotFound: 0,
    });
    await recordObservations(
      t.store.db,
      data.accountIds.map((accountId, i) => ({
        accountId,
        roundKey: data.roundKeys![i]!,
        observation,
        judgement,
        nextDueAt: at(86_400_000),
      })),
    );
    await job!.remove();
    // The other job still waits with its accounts: nothing to queue.
    expect(await tick(at(LEASE_MS + 1))).toBe(0);
    const recorded = (await leases()).filter((l) => data.accountIds.includes(l.id));
    expect(recorded).toEqual(data.accountIds.map((id) => ({ id, nextDueAt: at(86_400_000), job: null, round: null })));
  });
});
