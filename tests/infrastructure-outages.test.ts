import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAlerts } from '../src/store/alerts-repository.ts';
import { waitFor, type CliProcess } from './support/cli-process.ts';
import { logMessages } from './support/log-lines.ts';
import { population, Scenario, TEST_REDIS_URL } from './support/process-scenario.ts';
import { PrivatePostgres, PrivateRedis } from './support/private-servers.ts';
import { createScratchDatabase } from './support/stores.ts';

/**
 * Our own infrastructure failing under a sweep, as operators see it happen: Redis restarted
 * (with its data, and empty, as a container without a volume restarts) and PostgreSQL
 * restarted, under a scheduler and two workers run through the CLI. Each runs on a server of
 * its own, started here: the shared ones other tests use are never touched.
 */

/** Short locks, leases and alert threshold, so that each fault plays out in seconds. */
const SETTINGS = {
  SLEEPWATCH_JOB_LOCK_MS: '2000',
  SLEEPWATCH_LEASE_MS: '3000',
  SLEEPWATCH_OUTAGE_ALERT_MS: '2000',
  SLEEPWATCH_PER_HOST_CONCURRENCY: '10',
};
const WORKERS = ['worker-a', 'worker-b'];

/** A scheduler and two workers on the scenario's backends, started. */
async function startProcesses(s: Scenario): Promise<CliProcess[]> {
  const started = [
    s.spawn(['scheduler'], 'scheduler'),
    ...WORKERS.map((w) => s.spawn(['worker'], w, { SLEEPWATCH_WORKER_CONCURRENCY: '5' })),
  ];
  await Promise.all(started.map((p) => p.ready()));
  return started;
}

/** Accounts observed since `since`; 0 while the store cannot be reached. */
async function observed(s: Scenario, since: Date): Promise<number> {
  return (await s.observationCounts(since).catch(() => [])).filter((n) => n > 0).length;
}

/** Waits until every account is observed since `since`: each once, with the status the simulation expects. */
async function expectRoundComplete(s: Scenario, since: Date, timeoutMs: number): Promise<void> {
  await waitFor(async () => (await observed(s, since)) === s.entries.length, timeoutMs, 'every account to be observed');
  expect(await s.observationCounts(since)).toEqual(s.entries.map(() => 1));
  expect(await s.statuses()).toEqual(s.expectedStatuses());
}

/**
 * Each process's log since the outage: no stack trace, a few lines at most, and about the
 * dependency one "lost connection" line when it noticed the outage and one "reconnected".
 */
function expectOneLineEachWay(logs: Array<{ args: string; log: string }>, lostLine: RegExp, mustNotice: (args: string) => boolean): void {
  for (const { args, log } of logs) {
    const context = `${args}:\n${log}`;
    expect(log, context).not.toMatch(/^\s+at /m);
    const lost = count(log, lostLine);
    expect(lost, context).toBe(mustNotice(args) ? 1 : Math.min(lost, 1));
    expect(count(log, /reconnected to \w+ after \d+ s\n/), context).toBe(lost);
    expect(count(log, /\n/), context).toBeLessThanOrEqual(10);
  }
}

/** Waits until a worker is fetching and some accounts of the round are recorded. */
async function roundUnderWay(s: Scenario, since: Date): Promise<void> {
  await waitFor(
    async () => WORKERS.some((w) => (s.proxy!.inFlight.get(w) ?? 0) > 0) && (await observed(s, since)) > 0,
    60_000,
    'the round to be under way',
  );
}

/**
 * What each process logged from now on at warning level and above (its per-crawl and
 * per-round lines are routine), one message a line.
 */
function logsFromNow(processes: CliProcess[]): () => Array<{ args: string; log: string }> {
  const marks = processes.map((p) => p.stderr.length);
  return () => processes.map((p, i) => ({ args: p.args.join(' '), log: logMessages(p.stderr.slice(marks[i]), 'warn') }));
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

/** An alert's events since `since`, oldest first. */
async function eventsOf(s: Scenario, key: string, since: Date): Promise<string[]> {
  const rows = await s
    .store!.db.selectFrom('alert_events')
    .innerJoin('alerts', 'alerts.id', 'alert_events.alert_id')
    .select('alert_events.type')
    .where('alerts.key', '=', key)
    .where('alert_events.at', '>=', since)
    .orderBy('alert_events.id')
    .execute();
  return rows.map((r) => r.type);
}

describe('Redis restarted mid-sweep, under a scheduler and two workers', () => {
  const s = new Scenario();
  let redis: PrivateRedis;
  let processes: CliProcess[];

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // Six jobs: the two workers take four at once, so two wait in Redis, to be lost with it.
    await s.start(population(60, 'redis-restarts', true), { redisUrl: redis.url }, SETTINGS);
    processes = await startProcesses(s);
  }, 120_000);

  afterAll(async () => {
    await s.dispose();
    await redis?.dispose();
  }, 60_000);

  it('with its data kept: the sweep goes on, every account observed once with its status', async () => {
    const since = new Date();
    await s.importAccounts();
    await roundUnderWay(s, since);
    await redis.shutdownKeepingData();
    await sleep(1000);
    await redis.restart();

    await expectRoundComplete(s, since, 60_000);
  }, 120_000);

  it('empty, jobs lost: accounts requeued from the store, each observed once; a line each way, an alert opened and resolved', async () => {
    const since = new Date();
    await s.store!.db.updateTable('account_state').set({ next_due_at: since }).execute();
    await waitFor(() => WORKERS.every((w) => (s.proxy!.inFlight.get(w) ?? 0) > 0), 60_000, 'both workers to be fetching');
    const logs = logsFromNow(processes);
    await redis.kill();
    // Longer than the alert threshold.
    await sleep(4000);
    await redis.restart();

    await expectRoundComplete(s, since, 90_000);
    // The accounts of the jobs lost were queued again, from the store, in the round they began.
    const carried = (await s.queues!.crawl.getJobs(['completed'], 0, 1000)).flatMap((j) =>
      (j.data.roundKeys ?? []).filter((round) => round !== j.id),
    );
    expect(carried.length).toBeGreaterThan(0);

    // Every process waits on Redis all the time: each notices.
    expectOneLineEachWay(logs(), /lost connection to Redis at redis:\/\/127\.0\.0\.1:\d+ \([^)]+\); retrying\n/, () => true);
    // About our own infrastructure, no account's: none was judged by it. (The short outage of the
    // test before may have passed the threshold on a loaded machine: only this outage's events count.)
    await waitFor(async () => (await eventsOf(s, 'infrastructure:redis', since)).includes('resolved'), 30_000, 'the alert to be resolved');
    expect(await eventsOf(s, 'infrastructure:redis', since)).toEqual(['opened', 'resolved']);
    expect((await listAlerts(s.store!.db)).filter((a) => a.kind === 'unreachable')).toEqual([]);
  }, 180_000);
});

describe('PostgreSQL restarted mid-sweep, under a scheduler and two workers', () => {
  const s = new Scenario();
  let postgres: PrivatePostgres;
  let processes: CliProcess[];

  beforeAll(async () => {
    postgres = await PrivatePostgres.start();
    const database = await createScratchDatabase(postgres.url, 'sleepwatch_outage');
    await s.start(population(30, 'postgres-restart', true), { redisUrl: TEST_REDIS_URL, databaseUrl: database.url }, SETTINGS);
    processes = await startProcesses(s);
  }, 120_000);

  afterAll(async () => {
    await s.dispose();
    await postgres?.dispose();
  }, 60_000);

  it('the sweep goes on once it is back: each account observed once with its status, one line each way, the outage on record', async () => {
    const since = new Date();
    await s.importAccounts();
    await roundUnderWay(s, since);
    const logs = logsFromNow(processes);
    await postgres.stop();
    await sleep(3000);
    await postgres.start();

    await expectRoundComplete(s, since, 90_000);
    // The scheduler queries all the time; a worker notices only if it used the store meanwhile.
    expectOneLineEachWay(
      logs(),
      /lost connection to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/sleepwatch_outage_\w+ \([^)]+\); retrying\n/,
      (args) => args === 'scheduler',
    );
    // Recorded once the store was back: opened and resolved together.
    await waitFor(
      async () => (await eventsOf(s, 'infrastructure:postgresql', since).catch(() => [])).length === 2,
      30_000,
      'the outage to be recorded',
    );
    expect(await eventsOf(s, 'infrastructure:postgresql', since)).toEqual(['opened', 'resolved']);
  }, 180_000);
});
