import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { policyNamed } from '../activity/policies.ts';
import { judge } from '../activity/status.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { recordObservation } from '../store/observations-repository.ts';
import { enqueueRecrawl, recrawlObservation } from './enqueue-recrawl.ts';
import { openJobQueues, type CrawlWorker, type JobQueues } from './job-queues.ts';
import { PRIORITY } from './job-types.ts';
import { blankObservation } from '../../tests/support/observation.ts';

const DAY = 86_400_000;
const t0 = new Date('2026-06-01T08:00:00Z');

describe('recrawls: queued ahead of scheduled work, and waited for in the store', () => {
  let t: TestStore;
  let queues: JobQueues;
  let worker: CrawlWorker | undefined;
  let ids: number[];

  /** A look recorded under the job's round, as a crawl worker records it. */
  async function recordLook(accountId: number, roundKey: string): Promise<void> {
    const observation = blankObservation({
      platform: 'telegram',
      url: 'https://t.me/s/x',
      fetchedAt: new Date().toISOString(),
      displayName: 'Recrawled',
      followers: 42,
      followersApproximate: false,
    });
    const earlier = { earlierPosts: [], lastPostAt: null, lastPostPrecision: null, consecutiveFailures: 0, consecutiveNotFound: 0 };
    const judgement = judge(observation, new Date(), policyNamed('gov-cn'), earlier);
    await recordObservation(t.store.db, { accountId, roundKey, observation, judgement, nextDueAt: new Date(Date.now() + DAY) });
  }

  beforeAll(async () => {
    t = await openTestStore('pglite');
    queues = openJobQueues(t.store, { prefix: `recrawl-test-${process.pid}` });
    const account = (name: string) => ({
      platform: 'telegram',
      url: `https://t.me/s/${name}`,
      name,
      unit: null,
      region: null,
      group: null,
      policy: null,
      intervalMs: DAY,
      timeZone: 'UTC',
      options: {},
    });
    await importAccounts(t.store.db, [account('first'), account('second'), account('third')], t0);
    ids = (await listAccounts(t.store.db)).map((a) => a.id);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await queues?.crawl.obliterate({ force: true });
    await queues?.close();
    await t?.dispose();
  });

  it('queues one job per request, tried once, ahead of scheduled work', async () => {
    const queued = await enqueueRecrawl(queues.crawl, ids[0]!, t0);
    expect(await enqueueRecrawl(queues.crawl, ids[0]!, t0)).toEqual(queued);
    const job = await queues.crawl.getJob(queued.jobId);
    expect(job?.data).toEqual({ accountIds: [ids[0]], kind: 'recrawl', dueAt: t0.toISOString() });
    expect(job?.opts).toMatchObject({ attempts: 1, priority: PRIORITY.recrawl });
    await queues.crawl.remove(queued.jobId);
  });

  it('says that no worker is running when nothing records the look in time', async () => {
    const queued = await enqueueRecrawl(queues.crawl, ids[1]!);
    await expect(recrawlObservation(t.store.db, queues.crawl, queued, { timeoutMs: 300, pollMs: 20 })).rejects.toThrow(
      'no worker finished the recrawl within 0.3 s: is `sleepwatch serve` or `sleepwatch worker` running?',
    );
    await queues.crawl.remove(queued.jobId);
  });

  it('returns the observation a worker recorded under the job’s round, or the reason its job failed', async () => {
    worker = queues.crawlWorker(
      async (job) => {
        const [accountId] = job.data.accountIds;
        if (accountId === ids[2]) throw new Error('the page server hung up');
        await recordLook(accountId!, job.id!);
        return { accounts: [{ accountId: accountId!, recorded: true, status: 'active', outcome: 'ok' }] };
      },
      { concurrency: 2 },
    );
    const recrawled = async (accountId: number) =>
      recrawlObservation(t.store.db, queues.crawl, await enqueueRecrawl(queues.crawl, accountId), { timeoutMs: 30_000 });
    expect(await recrawled(ids[0]!)).toMatchObject({ account_id: ids[0], display_name: 'Recrawled', followers: 42, outcome: 'ok' });
    await expect(recrawled(ids[2]!)).rejects.toThrow('the recrawl failed: the page server hung up');
  }, 60_000);
});
