import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAccounts } from '../src/accounts/load-accounts.ts';
import { buildPopulation, type FakeAccount } from '../src/fake-platforms/population.ts';
import type { AccountsFileEntry } from '../src/fake-platforms/accounts-file.ts';
import { openJobQueues, type JobQueues } from '../src/jobs/job-queues.ts';
import { importAccounts } from '../src/store/accounts-repository.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { CliProcess, waitFor } from './support/cli-process.ts';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy.ts';
import { runCli } from './support/run-cli.ts';
import { serveSimulated } from './support/simulated.ts';
import { createTestDatabase } from './support/stores.ts';

/**
 * The acceptance checks of continuous monitoring, as an operator runs it: `worker`,
 * `scheduler` and `serve` as separate processes of the real CLI, killed and stopped the way
 * machines and orchestrators stop them, against simulated platforms served from here.
 */

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The simulated accounts of one scenario: healthy pages without a browser (faults are the
 * check suites' business), each answering after 2 s when `slow`, so sweeps last long enough
 * to be interrupted.
 */
function population(count: number, seed: string, slow: boolean): FakeAccount[] {
  return buildPopulation({ count, seed, faults: false })
    .filter((a) => a.variant !== 'browser')
    .map((a) => ({ ...a, fault: slow ? 'slow' : null }));
}

/**
 * One scenario's surroundings: simulated platforms behind a proxy that notes which process
 * fetched what (each process gets its own User-Agent), a unique queue namespace, the
 * processes started, and a PostgreSQL database unless the scenario runs embedded.
 */
class Scenario {
  readonly prefix = `proc${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  readonly processes: CliProcess[] = [];
  entries: AccountsFileEntry[] = [];
  proxy?: RecordingProxy;
  store?: Store;
  queues?: JobQueues;
  env: Record<string, string> = {};
  private cleanups: Array<() => Promise<unknown>> = [];

  async start(accounts: FakeAccount[], backend: 'postgres+redis' | 'embedded'): Promise<void> {
    const served = await serveSimulated(accounts);
    this.cleanups.push(() => served.server.close());
    this.proxy = await startRecordingProxy(served.server.url);
    this.cleanups.push(() => this.proxy!.close());
    this.entries = served.entries.map((e) => ({ ...e, url: e.url.replace(served.server.url, this.proxy!.url) }));
    this.env = {
      SLEEPWATCH_QUEUE_PREFIX: this.prefix,
      SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      SLEEPWATCH_PER_HOST_DELAY_MS: '0',
      SLEEPWATCH_PER_HOST_CONCURRENCY: '8',
      SLEEPWATCH_JOB_LOCK_MS: '4000',
      SLEEPWATCH_SCHEDULER_TICK_MS: '500',
    };
    if (backend === 'embedded') {
      const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-processes-'));
      this.cleanups.push(() => rm(dir, { recursive: true, force: true }));
      this.env.SLEEPWATCH_DATA = path.join(dir, 'data');
      return;
    }
    const database = await createTestDatabase();
    this.cleanups.push(() => database.drop(), () => clearRedisPrefix(this.prefix));
    this.env.DATABASE_URL = database.url;
    this.env.REDIS_URL = REDIS_URL;
    this.store = await openStore({ dataDir: '', databaseUrl: database.url });
    this.cleanups.push(() => this.store!.close());
    this.queues = openJobQueues(this.store, { redisUrl: REDIS_URL, prefix: this.prefix });
    this.cleanups.push(() => this.queues!.close());
  }

  /** Starts `node bin/sleepwatch.mjs ...args`; `agent` names it to the proxy. */
  spawn(args: string[], agent: string, extra: Record<string, string> = {}): CliProcess {
    const p = new CliProcess(args, { ...this.env, SLEEPWATCH_USER_AGENT: agent, ...extra });
    this.processes.push(p);
    return p;
  }

  /** Registers the scenario's accounts through the store, as `import` does: new accounts are due at once. */
  async importAccounts(): Promise<void> {
    const text = JSON.stringify(this.entries.map(({ name, platform, url, options }) => ({ name, platform, url, options })));
    await importAccounts(this.store!.db, parseAccounts(text, 'json'), new Date());
  }

  /** Observations per registered account fetched since `since` (0 for an account not observed). */
  async observationCounts(since = new Date(0)): Promise<number[]> {
    const { rows } = await sql<{ n: number }>`
      select count(o.id)::int as n from accounts a left join observations o on o.account_id = a.id and o.fetched_at >= ${since}
      group by a.id order by a.id`.execute(this.store!.db);
    return rows.map((r) => r.n);
  }

  /** Kills whatever is still running, then releases everything else, in reverse order; never throws. */
  async dispose(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill('SIGKILL')));
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/** Removes a scenario's queues from the shared Redis. */
async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

describe('worker processes sharing sweeps (PostgreSQL + Redis)', () => {
  const s = new Scenario();
  const workers = ['worker-a', 'worker-b', 'victim'];
  let victim: CliProcess;

  beforeAll(async () => {
    // 58 accounts: six jobs of ten, for three workers that take two jobs each. Every worker,
    // the victim too, has work from the start of a round; slow pages keep it busy for a while.
    await s.start(population(60, 'shared-sweeps', true), 'postgres+redis');
    for (const w of workers) s.spawn(['worker'], w, { SLEEPWATCH_WORKER_CONCURRENCY: '3' });
    victim = s.processes.at(-1)!;
    s.spawn(['scheduler'], 'scheduler');
    await Promise.all(s.processes.map((p) => p.ready()));
    await s.importAccounts();
  }, 120_000);

  afterAll(() => s.dispose(), 60_000);

  const queueEmpty = async () => Object.values(await s.queues!.crawl.getJobCounts('waiting', 'active', 'prioritized', 'delayed')).every((n) => n === 0);

  it('observes every account once, with the work spread over more than one worker process', async () => {
    await waitFor(async () => (await s.observationCounts()).every((n) => n > 0) && (await queueEmpty()), 90_000, 'the first sweep to end');
    expect(await s.observationCounts()).toEqual(s.entries.map(() => 1));
    const busy = workers.filter((w) => (s.proxy!.fetched.get(w) ?? 0) > 0);
    expect(busy.length, `requests per process: ${JSON.stringify([...s.proxy!.fetched])}`).toBeGreaterThan(1);
    // The scheduler only schedules: every page was fetched by a worker.
    expect(s.proxy!.fetched.get('scheduler')).toBeUndefined();
  }, 120_000);

  it('after a worker is killed mid-sweep, observes every account exactly once in that round', async () => {
    // A second round: every account due again now.
    const roundStart = new Date();
    await s.store!.db.updateTable('account_state').set({ next_due_at: roundStart }).execute();
    const observed = async () => (await s.observationCounts(roundStart)).filter((n) => n > 0).length;
    await waitFor(
      async () => (s.proxy!.inFlight.get('victim') ?? 0) > 0 && (await observed()) > 0,
      60_000,
      'the victim to be mid-job after the first observations of the round',
    );
    await victim.kill('SIGKILL');
    expect(await observed()).toBeLessThan(s.entries.length);

    await waitFor(async () => (await observed()) === s.entries.length && (await queueEmpty()), 90_000, 'the round to end');
    expect(await s.observationCounts(roundStart)).toEqual(s.entries.map(() => 1));
    // The victim's jobs were taken over once their lock expired: neither lost nor failed.
    const completed = await s.queues!.crawl.getJobs(['completed'], 0, 1000);
    expect(completed.filter((j) => j.stalledCounter > 0).length).toBeGreaterThan(0);
    expect(await s.queues!.crawl.getJobCounts('failed')).toEqual({ failed: 0 });
  }, 150_000);
});

describe('serve (PostgreSQL + Redis): health, recrawl ahead of the sweep, graceful stop', () => {
  const s = new Scenario();
  let serve: CliProcess;
  let base: string;

  beforeAll(async () => {
    await s.start(population(30, 'serve', true), 'postgres+redis');
    // One job at a time through slow pages: the sweep takes a minute, the recrawl has to overtake it.
    serve = s.spawn(['serve', '--port', '0'], 'serve', { SLEEPWATCH_WORKER_CONCURRENCY: '1' });
    const line = await serve.ready();
    base = /listening on (http:\/\/\S+)/.exec(line)?.[1] ?? '';
    await s.importAccounts();
  }, 120_000);

  afterAll(() => s.dispose(), 60_000);

  it('answers /healthz and /readyz with 200 while it runs, the queue on Redis', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, queue: 'redis' });
  });

  it('recrawl --wait returns the new observation while scheduled accounts are still waiting', async () => {
    await waitFor(() => (s.proxy!.fetched.get('serve') ?? 0) > 0, 30_000, 'the sweep to begin');
    // The account registered last: first in, first out would crawl it at the very end of the sweep.
    const entry = s.entries.at(-1)!;
    const target = (await s.store!.db.selectFrom('accounts').select('id').where('url', '=', entry.url).executeTakeFirstOrThrow()).id;
    const requestedAt = Date.now();
    const run = await runCli(['recrawl', String(target), '--wait', '--format', 'json'], { env: s.env, timeoutMs: 60_000 });
    const unobservedAfter = (await s.observationCounts()).filter((n) => n === 0).length;
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { id: number; status: string; observation: { fetchedAt: string; outcome: string } };
    expect(out).toMatchObject({ id: target, status: entry.expectedStatus, observation: { outcome: 'ok' } });
    expect(Date.parse(out.observation.fetchedAt)).toBeGreaterThanOrEqual(requestedAt);
    expect(unobservedAfter).toBeGreaterThan(0);
  }, 90_000);

  it('exits 0 on SIGTERM after finishing the fetches under way, its other accounts put back in the queue', async () => {
    await waitFor(async () => (s.proxy!.inFlight.get('serve') ?? 0) > 0, 30_000, 'serve to be mid-job');
    const observedAtStop = (await s.observationCounts()).reduce((a, b) => a + b, 0);
    expect((await s.queues!.crawl.getJobCounts('active')).active).toBeGreaterThan(0);
    await serve.kill('SIGTERM');
    expect(await serve.exited, serve.stderr).toEqual({ code: 0, signal: null });
    expect(serve.stderr).toContain('SIGTERM, finishing in-flight work');
    // Finished and recorded, not abandoned as active jobs for another worker to recover.
    expect((await s.queues!.crawl.getJobCounts('active')).active).toBe(0);
    const counts = await s.observationCounts();
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(observedAtStop);
    // Nothing lost: the accounts not yet observed wait in the queue for the next worker.
    const queued = await s.queues!.crawl.getJobCounts('wait', 'delayed', 'prioritized');
    if (counts.some((n) => n === 0)) expect(Object.values(queued).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 60_000);
});

describe('embedded default: serve on a data folder, other commands attached to it', () => {
  const s = new Scenario();
  let serve: CliProcess;

  beforeAll(async () => {
    await s.start(population(8, 'embedded', false), 'embedded');
    serve = s.spawn(['serve', '--port', '0'], 'serve');
    expect(await serve.ready()).toContain('queue on postgres, store embedded');
  }, 120_000);

  afterAll(() => s.dispose(), 60_000);

  it('imports, lists and recrawls through the running serve, which then stops cleanly', async () => {
    const file = path.join(s.env.SLEEPWATCH_DATA!, '..', 'accounts.json');
    await writeFile(file, JSON.stringify(s.entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))));
    const imported = await runCli(['import', file], { env: s.env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${s.entries.length} added`);

    const requestedAt = Date.now();
    const recrawl = await runCli(['recrawl', s.entries[0]!.url, '--wait', '--format', 'json'], { env: s.env, timeoutMs: 120_000 });
    expect(recrawl.code, recrawl.stderr).toBe(0);
    const out = JSON.parse(recrawl.stdout) as { url: string; status: string; observation: { fetchedAt: string } };
    expect(out).toMatchObject({ url: s.entries[0]!.url, status: s.entries[0]!.expectedStatus });
    expect(Date.parse(out.observation.fetchedAt)).toBeGreaterThanOrEqual(requestedAt);

    type Row = { url: string; status: string; lastCheckedAt: string | null };
    let rows: Row[] = [];
    await waitFor(
      async () => {
        const listed = await runCli(['accounts', '--format', 'json'], { env: s.env });
        expect(listed.code, listed.stderr).toBe(0);
        rows = JSON.parse(listed.stdout) as Row[];
        return rows.every((r) => r.lastCheckedAt !== null);
      },
      60_000,
      'the scheduled sweep to reach every account',
    );
    // The scheduler in serve found the imported accounts due and its worker judged each one right.
    expect(rows.map((r) => [r.url, r.status])).toEqual(s.entries.map((e) => [e.url, e.expectedStatus]));

    await serve.kill('SIGTERM');
    expect(await serve.exited, serve.stderr).toEqual({ code: 0, signal: null });
  }, 180_000);
});
