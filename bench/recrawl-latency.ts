/**
 * How long a person waits for `recrawl --wait` while scheduled work fills the queue: recrawls
 * of random accounts, one at a time, queued as the `recrawl` command queues them (priority
 * ahead of scheduled jobs), each timed from `add` until the worker has finished it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobQueues } from '../src/jobs/job-queues.ts';
import { crawlJobId, PRIORITY, type CrawlJobData } from '../src/jobs/job-types.ts';
import { CRAWL_JOB_OPTIONS } from '../src/jobs/scheduler.ts';

export interface RecrawlSamples {
  /** Milliseconds from queueing to finished, in the order issued. */
  latenciesMs: number[];
  /** Of each, milliseconds until a worker started it (the rest is the crawl itself, and the news of its end). */
  startedAfterMs: number[];
  /** How many were queued while scheduled jobs were waiting (the case being measured). */
  withBacklog: number;
}

export interface RecrawlSampling {
  samples: number;
  /** Pause between one recrawl finishing and the next being queued. @defaultValue 200 */
  gapMs?: number;
  /** Give up on one recrawl after this long. @defaultValue 30 000 */
  timeoutMs?: number;
  /** Stop early (the sweep failed or ended). */
  signal?: AbortSignal;
}

export async function sampleRecrawlLatency(
  queues: JobQueues,
  accountIds: readonly number[],
  opts: RecrawlSampling,
): Promise<RecrawlSamples> {
  const { samples, gapMs = 200, timeoutMs = 30_000, signal } = opts;
  // Listening before any job exists, so no completion can be missed (as `recrawl --wait` does).
  const events = queues.crawlEvents();
  await events.waitUntilReady();
  const latenciesMs: number[] = [];
  const startedAfterMs: number[] = [];
  let withBacklog = 0;
  while (latenciesMs.length < samples && !signal?.aborted) {
    const accountId = accountIds[Math.floor(Math.random() * accountIds.length)]!;
    const counts = await queues.crawl.getJobCounts('wait', 'prioritized');
    if ((counts.wait ?? 0) + (counts.prioritized ?? 0) > 0) withBacklog++;
    const data: CrawlJobData = { accountIds: [accountId], kind: 'recrawl', dueAt: new Date().toISOString() };
    const t0 = performance.now();
    const job = await queues.crawl.add('recrawl', data, {
      ...CRAWL_JOB_OPTIONS,
      attempts: 1,
      jobId: crawlJobId(data),
      priority: PRIORITY.recrawl,
    });
    await job.waitUntilFinished(events, timeoutMs);
    latenciesMs.push(Math.round(performance.now() - t0));
    // The queue's own timestamps (this machine's clock, ms): when it was added and when a worker last took it.
    const done = await queues.crawl.getJob(job.id!);
    startedAfterMs.push(done?.processedOn ? done.processedOn - done.timestamp : NaN);
    await sleep(gapMs);
  }
  return { latenciesMs, startedAfterMs, withBacklog };
}

/** Nearest-rank percentile (p in 0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
