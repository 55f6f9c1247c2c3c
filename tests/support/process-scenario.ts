import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { parseAccounts } from '../../src/accounts/load-accounts.ts';
import type { AccountsFileEntry } from '../../src/fake-platforms/accounts-file.ts';
import { buildPopulation, type FakeAccount } from '../../src/fake-platforms/population.ts';
import { openJobQueues, type JobQueues } from '../../src/jobs/job-queues.ts';
import { importAccounts } from '../../src/store/accounts-repository.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { CliProcess } from './cli-process.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import { serveSimulated } from './simulated.ts';
import { createTestDatabase } from './stores.ts';

/** The shared Redis of the tests (each scenario keeps to its own queue prefix). */
export const TEST_REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The simulated accounts of one scenario: healthy pages without a browser (faults are the
 * check suites' business), each answering after 2 s when `slow`, so sweeps last long enough
 * to be interrupted.
 */
export function population(count: number, seed: string, slow: boolean): FakeAccount[] {
  return buildPopulation({ count, seed, faults: false })
    .filter((a) => a.variant !== 'browser')
    .map((a) => ({ ...a, fault: slow ? 'slow' : null }));
}

/** Where a scenario keeps its queue and store: the embedded default, or servers. */
export type ScenarioBackend =
  'embedded' | { redisUrl: string; /** A database made for the scenario on the test server when absent. */ databaseUrl?: string };

/**
 * One scenario's surroundings: simulated platforms behind a proxy that notes which process
 * fetched what (each process gets its own User-Agent), a unique queue namespace, the
 * processes started, and a PostgreSQL database unless the scenario runs embedded.
 */
export class Scenario {
  readonly prefix = `proc${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  readonly processes: CliProcess[] = [];
  entries: AccountsFileEntry[] = [];
  proxy?: RecordingProxy;
  store?: Store;
  queues?: JobQueues;
  env: Record<string, string> = {};
  private cleanups: Array<() => Promise<unknown>> = [];

  async start(accounts: FakeAccount[], backend: ScenarioBackend, settings: Record<string, string> = {}): Promise<void> {
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
      ...settings,
    };
    if (backend === 'embedded') {
      const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-processes-'));
      this.cleanups.push(() => rm(dir, { recursive: true, force: true }));
      this.env.SLEEPWATCH_DATA = path.join(dir, 'data');
      return;
    }
    let databaseUrl = backend.databaseUrl;
    if (!databaseUrl) {
      const database = await createTestDatabase();
      this.cleanups.push(() => database.drop());
      databaseUrl = database.url;
    }
    this.cleanups.push(() => clearRedisPrefix(backend.redisUrl, this.prefix));
    this.env.DATABASE_URL = databaseUrl;
    this.env.REDIS_URL = backend.redisUrl;
    this.store = await openStore({ dataDir: '', databaseUrl });
    this.cleanups.push(() => this.store!.close());
    this.queues = openJobQueues(this.store, { redisUrl: backend.redisUrl, prefix: this.prefix });
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

  /** Each registered account's URL and status, in the order registered. */
  async statuses(): Promise<Array<[string, string]>> {
    const rows = await this.store!.db.selectFrom('accounts')
      .innerJoin('account_state', 'account_state.account_id', 'accounts.id')
      .select(['url', 'status'])
      .orderBy('accounts.id')
      .execute();
    return rows.map((r) => [r.url, r.status]);
  }

  /** What the simulation says each account's status is, in the order registered. */
  expectedStatuses(): Array<[string, string]> {
    return this.entries.map((e) => [e.url, e.expectedStatus]);
  }

  /** Kills whatever is still running, then releases everything else, in reverse order; never throws. */
  async dispose(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill('SIGKILL')));
    for (const cleanup of this.cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

/** Removes a scenario's queues from a shared Redis. */
export async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
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
