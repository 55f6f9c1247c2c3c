import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { SleepwatchError } from '../domain/errors.ts';
import { observationForRound } from '../store/observations-repository.ts';
import type { ObservationRow, Schema } from '../store/schema.ts';
import type { CrawlQueue } from './job-queues.ts';
import { crawlJobId, PRIORITY, type CrawlJobData } from './job-types.ts';
import { CRAWL_JOB_OPTIONS } from './scheduler.ts';

/** A recrawl in the queue. Its job's id is also the round its observation is recorded under. */
export interface QueuedRecrawl {
  accountId: number;
  jobId: string;
}

/**
 * Queues a look at one account now, ahead of scheduled work; a running worker (`serve` or
 * `worker`) does it. Tried once: whoever asked is waiting for the answer, and a failure told at
 * once serves them better than retries minutes apart. Asking twice in the same millisecond
 * queues one job.
 */
export async function enqueueRecrawl(queue: CrawlQueue, accountId: number, now: Date = new Date()): Promise<QueuedRecrawl> {
  const data: CrawlJobData = { accountIds: [accountId], kind: 'recrawl', dueAt: now.toISOString() };
  const jobId = crawlJobId(data);
  const job = await queue.add('recrawl', data, { ...CRAWL_JOB_OPTIONS, attempts: 1, jobId, priority: PRIORITY.recrawl });
  return { accountId, jobId: job.id ?? jobId };
}

export interface RecrawlWait {
  /** Give up after this long with an error saying that no worker seems to be running. */
  timeoutMs: number;
  /** Between looks at the store. @defaultValue 100 */
  pollMs?: number;
}

/**
 * Waits until the recrawl's observation is recorded and returns it. The store says when, on
 * every queue backend alike (queue events on the embedded database arrive seconds late); the
 * queue says whether the job failed, which ends the wait with the job's reason.
 */
export async function recrawlObservation(
  db: Kysely<Schema>,
  queue: CrawlQueue,
  recrawl: QueuedRecrawl,
  wait: RecrawlWait,
): Promise<ObservationRow> {
  const deadline = Date.now() + wait.timeoutMs;
  let observation = await observationForRound(db, recrawl.accountId, recrawl.jobId);
  while (!observation) {
    if (Date.now() > deadline) {
      const question = 'is `sleepwatch serve` or `sleepwatch worker` running?';
      throw new SleepwatchError(`no worker finished the recrawl within ${wait.timeoutMs / 1000} s: ${question}`);
    }
    if ((await queue.getJobState(recrawl.jobId)) === 'failed') {
      throw new SleepwatchError(`the recrawl failed: ${(await queue.getJob(recrawl.jobId))?.failedReason ?? 'unknown error'}`);
    }
    await sleep(wait.pollMs ?? 100);
    observation = await observationForRound(db, recrawl.accountId, recrawl.jobId);
  }
  return observation;
}
