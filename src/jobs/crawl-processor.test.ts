import { DelayedError, type Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY_BOOK } from '../activity/policies.ts';
import type { PolitenessSettings } from '../crawlers/host-politeness.ts';
import type { PageSource } from '../crawlers/observe-account.ts';
import type { AccountForRound } from '../store/accounts-repository.ts';
import type { ObservationRecord } from '../store/observations-repository.ts';
import { CONNECTION_RETRY_MS, crawlProcessor } from './crawl-processor.ts';
import type { GateAttempt, HostGate } from './host-gate.ts';
import type { CrawlJobData, CrawlJobResult } from './job-types.ts';
import type { StoreBatcher } from '../store/store-batcher.ts';

const feedOf = (id: number) => `https://feeds.example.org/${id}.xml`;

function account(id: number, doneStatus: string | null = null, leaseJob: string | null = null): AccountForRound {
  return {
    id,
    name: `account ${id}`,
    platform: 'feed',
    url: feedOf(id),
    time_zone: 'UTC',
    options: {},
    access: null,
    policy: null,
    group_name: null,
    interval_seconds: 86_400,
    done_status: doneStatus,
    done_outcome: doneStatus ? 'ok' : null,
    state_status: null,
    state_last_post_at: null,
    state_last_post_precision: null,
    consecutive_failures: 0,
    consecutive_not_found: 0,
    lease_job: leaseJob,
    earlier_posts: [],
  };
}

/** A worker's surroundings, faked: which pages it fetched and in what order, and what it recorded. */
/** The configuration's defaults (2 fetches at once, 500 ms apart, per host). */
const DEFAULT_POLITENESS: PolitenessSettings = { default: { maxConcurrency: 2, minDelayMs: 500 }, hosts: {} };

function worker(opts: {
  accountsAtOnce: number;
  done?: number[];
  leasedTo?: Record<number, string>;
  busyHosts?: Record<number, number>;
  failRecording?: number;
  storeLostAt?: number;
  recordingMs?: number;
  stopping?: AbortSignal;
}) {
  const fetched: number[] = [];
  const recorded: number[] = [];
  /** Each recorded account's round: `1@scheduled-1`. */
  const rounds: string[] = [];
  /** What happened, in order: `fetch 1`, `release 1`, `recorded 1`… */
  const events: string[] = [];
  let inFlight = 0;
  let mostAtOnce = 0;
  const pages: PageSource = {
    fetch: async (request) => {
      fetched.push(Number(/(\d+)\.xml/.exec(request.url)![1]));
      events.push(`fetch ${fetched.at(-1)}`);
      mostAtOnce = Math.max(mostAtOnce, ++inFlight);
      await sleep(20);
      inFlight--;
      return { kind: 'failure', outcome: 'error', httpStatus: null, error: 'offline in this test' };
    },
  };
  const batcher = {
    accountForRound: async (id: number) => account(id, opts.done?.includes(id) ? 'active' : null, opts.leasedTo?.[id] ?? null),
    recordObservation: async (record: ObservationRecord) => {
      if (record.accountId === opts.failRecording) throw new Error(`the store refused account ${record.accountId}`);
      if (record.accountId === opts.storeLostAt)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      if (opts.recordingMs) await sleep(opts.recordingMs);
      recorded.push(record.accountId);
      rounds.push(`${record.accountId}@${record.roundKey}`);
      events.push(`recorded ${record.accountId}`);
      return { recorded: true };
    },
  } as unknown as StoreBatcher;
  const hostGate: HostGate = {
    tryAcquire: async (_host, _rule, holder): Promise<GateAttempt> => {
      const id = Number(holder.split('/').at(-1));
      const wait = opts.busyHosts?.[id];
      return wait === undefined ? { ok: true, release: async () => void events.push(`release ${id}`) } : { ok: false, retryInMs: wait };
    },
  };
  const process = crawlProcessor({
    batcher,
    pages,
    hostGate,
    politeness: DEFAULT_POLITENESS,
    policies: DEFAULT_POLICY_BOOK,
    accountsAtOnce: opts.accountsAtOnce,
    stopping: opts.stopping,
  });
  const run = (data: CrawlJobData) => {
    const job = { id: `${data.kind}-${data.accountIds[0]}`, name: data.kind, data, moveToDelayed: vi.fn(async () => undefined) };
    return { job, result: process(job as unknown as Job<CrawlJobData, CrawlJobResult>, 'token') };
  };
  return { run, fetched, recorded, rounds, events, mostAtOnce: () => mostAtOnce };
}

const scheduled = (...accountIds: number[]): CrawlJobData => ({ accountIds, kind: 'scheduled', dueAt: '2026-11-29T00:00:00Z' });

describe('crawl processor: the accounts of a job', () => {
  it('fetches no more accounts at once than the worker allows, across its jobs, and records each', async () => {
    const w = worker({ accountsAtOnce: 3 });
    const results = await Promise.all([w.run(scheduled(1, 2, 3, 4)).result, w.run(scheduled(5, 6, 7, 8)).result]);
    expect(w.mostAtOnce()).toBe(3);
    expect(w.recorded.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.map((r) => r.accounts.map((a) => a.accountId))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
  });

  it('holds a slot and the host’s turn only while fetching: the next account fetches while the last is being recorded', async () => {
    const w = worker({ accountsAtOnce: 1, recordingMs: 100 });
    await w.run(scheduled(1, 2)).result;
    expect(w.events).toEqual(['fetch 1', 'release 1', 'fetch 2', 'release 2', 'recorded 1', 'recorded 2']);
  });

  it('fetches a recrawl’s account before the scheduled accounts still waiting for a slot', async () => {
    const w = worker({ accountsAtOnce: 1 });
    const sweep = w.run(scheduled(1, 2, 3, 4)).result;
    await sleep(5);
    const recrawl = w.run({ accountIds: [9], kind: 'recrawl', dueAt: '2026-11-29T00:00:00Z' }).result;
    await Promise.all([sweep, recrawl]);
    expect(w.fetched).toEqual([1, 9, 2, 3, 4]);
  });

  it('skips the accounts its round already recorded (a job retried after its worker died)', async () => {
    const w = worker({ accountsAtOnce: 4, done: [2, 3] });
    const { accounts } = await w.run(scheduled(1, 2, 3, 4)).result;
    expect(w.fetched.sort()).toEqual([1, 4]);
    expect(accounts.map((a) => [a.accountId, a.recorded])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
  });

  it('records each account under its own round: one queued again after its job was lost keeps the round first leased for', async () => {
    const w = worker({ accountsAtOnce: 4 });
    await w.run({ ...scheduled(1, 2), roundKeys: ['scheduled-1', 'scheduled-7'] }).result;
    await w.run({ accountIds: [3], kind: 'recrawl', dueAt: '2026-11-29T00:00:00Z' }).result;
    expect(w.rounds.sort()).toEqual(['1@scheduled-1', '2@scheduled-7', '3@recrawl-3']);
  });

  it('leaves an account whose lease passed to another job to that job, fetching nothing for it; a recrawl ignores leases', async () => {
    const w = worker({ accountsAtOnce: 4, leasedTo: { 2: 'scheduled-2', 3: 'scheduled-1', 4: 'scheduled-2' } });
    const { accounts } = await w.run(scheduled(1, 2, 3)).result;
    expect(w.fetched.sort()).toEqual([1, 3]);
    expect(accounts.map((a) => [a.accountId, a.recorded, a.status])).toEqual([
      [1, true, 'unknown'],
      [2, false, 'requeued'],
      [3, true, 'unknown'],
    ]);
    await w.run({ accountIds: [4], kind: 'recrawl', dueAt: '2026-11-29T00:00:00Z' }).result;
    expect(w.recorded.sort()).toEqual([1, 3, 4]);
  });

  it('records the accounts whose host has room, then puts the job back for the others, as soon as the first may go', async () => {
    const w = worker({ accountsAtOnce: 4, busyHosts: { 2: 500, 3: 200 } });
    const { job, result } = w.run(scheduled(1, 2, 3, 4));
    const before = Date.now();
    await expect(result).rejects.toBeInstanceOf(DelayedError);
    expect(w.recorded.sort()).toEqual([1, 4]);
    expect(job.moveToDelayed).toHaveBeenCalledOnce();
    const [until, token] = job.moveToDelayed.mock.calls[0] as unknown as [number, string];
    expect(token).toBe('token');
    expect(until - before).toBeGreaterThanOrEqual(200);
    expect(until - before).toBeLessThan(500);
  });

  it('once the worker stops, finishes the fetch under way and puts the job back at once for the accounts not yet fetched', async () => {
    const stop = new AbortController();
    const w = worker({ accountsAtOnce: 1, stopping: stop.signal });
    const { job, result } = w.run(scheduled(1, 2, 3));
    await sleep(5);
    const stoppedAt = Date.now();
    stop.abort();
    await expect(result).rejects.toBeInstanceOf(DelayedError);
    expect(w.fetched).toEqual([1]);
    expect(w.recorded).toEqual([1]);
    const [until] = job.moveToDelayed.mock.calls[0] as unknown as [number];
    expect(until - stoppedAt).toBeLessThan(100);
  });

  it('puts the job back, using up no attempt, when the store is out of reach: our outage is no failure of the accounts', async () => {
    const w = worker({ accountsAtOnce: 4, storeLostAt: 2 });
    const { job, result } = w.run(scheduled(1, 2, 3));
    const before = Date.now();
    await expect(result).rejects.toBeInstanceOf(DelayedError);
    expect(w.recorded.sort()).toEqual([1, 3]);
    const [until] = job.moveToDelayed.mock.calls[0] as unknown as [number];
    expect(until - before).toBeGreaterThanOrEqual(CONNECTION_RETRY_MS);
  });

  it('fails the job with an account’s error once the others are done, so a retry finds them recorded', async () => {
    const w = worker({ accountsAtOnce: 4, failRecording: 2 });
    await expect(w.run(scheduled(1, 2, 3)).result).rejects.toThrow('the store refused account 2');
    expect(w.recorded.sort()).toEqual([1, 3]);
  });
});
