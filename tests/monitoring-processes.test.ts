import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, waitFor } from './support/cli-process.ts';
import { population, Scenario, TEST_REDIS_URL } from './support/process-scenario.ts';
import { runCli } from './support/run-cli.ts';

/**
 * The acceptance checks of continuous monitoring, as an operator runs it: `worker`,
 * `scheduler` and `serve` as separate processes of the real CLI, killed and stopped the way
 * machines and orchestrators stop them, against simulated platforms served from here.
 */

describe('worker processes sharing sweeps (PostgreSQL + Redis)', () => {
  const s = new Scenario();
  const workers = ['worker-a', 'worker-b', 'victim'];
  let victim: CliProcess;

  beforeAll(async () => {
    // 58 accounts: six jobs of ten, for three workers that take two jobs each. Every worker,
    // the victim too, has work from the start of a round; slow pages keep it busy for a while.
    await s.start(population(60, 'shared-sweeps', true), { redisUrl: TEST_REDIS_URL });
    for (const w of workers) s.spawn(['worker'], w, { SLEEPWATCH_WORKER_CONCURRENCY: '3' });
    victim = s.processes.at(-1)!;
    s.spawn(['scheduler'], 'scheduler');
    await Promise.all(s.processes.map((p) => p.ready()));
    await s.importAccounts();
  }, 120_000);

  afterAll(() => s.dispose(), 60_000);

  const queueEmpty = async () =>
    Object.values(await s.queues!.crawl.getJobCounts('waiting', 'active', 'prioritized', 'delayed')).every((n) => n === 0);

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

describe('three worker SIGKILLs mid-sweep (PostgreSQL + Redis): jobs lost with their workers come back through their leases', () => {
  const s = new Scenario();

  beforeAll(async () => {
    // Two jobs of slow pages; locks and leases of a few seconds, so that each step takes seconds.
    await s.start(
      population(20, 'three-kills', true),
      { redisUrl: TEST_REDIS_URL },
      { SLEEPWATCH_JOB_LOCK_MS: '2000', SLEEPWATCH_LEASE_MS: '3000' },
    );
    await s.spawn(['scheduler'], 'scheduler').ready();
  }, 120_000);

  afterAll(() => s.dispose(), 60_000);

  /** A worker started alone, killed with SIGKILL as soon as it is fetching. */
  async function killMidJob(name: string, before?: () => Promise<void>): Promise<void> {
    const worker = s.spawn(['worker'], name, { SLEEPWATCH_WORKER_CONCURRENCY: '10' });
    await worker.ready();
    await before?.();
    await waitFor(() => (s.proxy!.inFlight.get(name) ?? 0) > 0, 60_000, `${name} to be mid-job`);
    await worker.kill('SIGKILL');
  }

  it('observes every account exactly once, though jobs that stalled twice failed', async () => {
    await s.importAccounts();
    await killMidJob('victim-1');
    // The second takes the jobs the first left once their locks lapsed, and dies holding them too.
    await killMidJob('victim-2');
    // The third finds them stalled twice: BullMQ fails them, their accounts still leased. It only
    // has work once those leases have ended and the scheduler has queued the accounts again.
    await killMidJob('victim-3', () =>
      waitFor(async () => (await s.queues!.crawl.getJobCounts('failed')).failed! > 0, 30_000, 'the twice-stalled jobs to fail'),
    );
    await s.spawn(['worker'], 'survivor').ready();

    await waitFor(async () => (await s.observationCounts()).every((n) => n > 0), 60_000, 'every account to be observed');
    expect(await s.observationCounts()).toEqual(s.entries.map(() => 1));
    expect(await s.statuses()).toEqual(s.expectedStatuses());
  }, 240_000);
});

describe('embedded default: serve killed with SIGKILL mid-sweep, started again at once', () => {
  const s = new Scenario();

  beforeAll(async () => {
    await s.start(population(12, 'embedded-kill', true), 'embedded', { SLEEPWATCH_LEASE_MS: '3000' });
  }, 120_000);

  afterAll(() => s.dispose(), 60_000);

  it('takes the folder over from the dead process at once, keeps what was written, and finishes the sweep', async () => {
    const first = s.spawn(['serve', '--port', '0'], 'first');
    await first.ready();
    const file = path.join(s.env.SLEEPWATCH_DATA!, '..', 'accounts.json');
    await writeFile(file, JSON.stringify(s.entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))));
    const imported = await runCli(['import', file], { env: s.env });
    expect(imported.code, imported.stderr).toBe(0);
    await waitFor(() => (s.proxy!.inFlight.get('first') ?? 0) > 0, 60_000, 'the sweep to be under way');
    await first.kill('SIGKILL');

    const second = s.spawn(['serve', '--port', '0'], 'second');
    expect(await second.ready()).toContain('store embedded');
    expect(second.stderr).toContain(`was left by process ${first.child.pid}, which is gone; taking it over`);
    type Row = { url: string; status: string; lastCheckedAt: string | null };
    let rows: Row[] = [];
    await waitFor(
      async () => {
        const listed = await runCli(['accounts', '--format', 'json'], { env: s.env });
        rows = listed.code === 0 ? (JSON.parse(listed.stdout) as Row[]) : [];
        return rows.length > 0 && rows.every((r) => r.lastCheckedAt !== null);
      },
      90_000,
      'the sweep to reach every account',
    );
    // The register imported before the kill is all there, and every account judged right.
    // `accounts` lists worst first: compared by URL.
    expect(rows.map((r) => [r.url, r.status]).sort()).toEqual(s.expectedStatuses().sort());
    await second.kill('SIGTERM');
    expect(await second.exited, second.stderr).toEqual({ code: 0, signal: null });
  }, 240_000);
});

describe('serve (PostgreSQL + Redis): health, recrawl ahead of the sweep, graceful stop', () => {
  const s = new Scenario();
  let serve: CliProcess;
  let base: string;

  beforeAll(async () => {
    await s.start(population(30, 'serve', true), { redisUrl: TEST_REDIS_URL });
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
    expect(rows.map((r) => [r.url, r.status]).sort()).toEqual(s.entries.map((e) => [e.url, e.expectedStatus]).sort());

    await serve.kill('SIGTERM');
    expect(await serve.exited, serve.stderr).toEqual({ code: 0, signal: null });
  }, 180_000);
});
