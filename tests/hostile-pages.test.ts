import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountsFileEntry } from '../src/fake-platforms/accounts-file.ts';
import { statusForSilence, type FakeAccount } from '../src/fake-platforms/population.ts';
import type { FakePlatforms } from '../src/fake-platforms/server.ts';
import { fakeAccount } from './support/fake-account.ts';
import { importAccounts } from '../src/store/accounts-repository.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { CliProcess, waitFor } from './support/cli-process.ts';
import { clearRedisPrefix } from './support/process-scenario.ts';
import { runCli } from './support/run-cli.ts';
import { serveSimulated } from './support/simulated.ts';
import { createTestDatabase } from './support/stores.ts';

/**
 * A page nested 170,000 levels deep (about 1.9 MB), served among healthy accounts: the run and
 * the worker that meet it go on, every healthy account gets its status, and the hostile one is
 * `unknown` with the reason. It used to take `check` 40 s and then end it with "Maximum call
 * stack size exceeded", no row printed for any account.
 */

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DEPTH_REASON = 'page nested too deeply to read (over 1,000 levels)';

function population(): FakeAccount[] {
  const healthy = (key: string, shape: Pick<FakeAccount, 'platform' | 'variant'>, silenceDays: number | null) =>
    fakeAccount({ key, ...shape, silenceDays, postCount: silenceDays === null ? 0 : 40, expectedStatus: statusForSilence(silenceDays) });
  const hostile = (key: string, shape: Pick<FakeAccount, 'platform' | 'variant'>) =>
    fakeAccount({ key, ...shape, silenceDays: 30, fault: 'hostile', expectedStatus: 'unknown' });
  return [
    healthy('tg_active', { platform: 'telegram' }, 2.5),
    hostile('tg_hostile', { platform: 'telegram' }),
    healthy('tg_sleeping', { platform: 'telegram' }, 30),
    healthy('rss_active', { platform: 'feed', variant: 'rss' }, 1.5),
    hostile('rss_hostile', { platform: 'feed', variant: 'rss' }),
    healthy('atom_empty', { platform: 'feed', variant: 'atom' }, null),
    healthy('page_zombie', { platform: 'html', variant: 'static' }, 200),
    hostile('page_hostile', { platform: 'html', variant: 'static' }),
    healthy('masto_drifting', { platform: 'mastodon' }, 12),
    hostile('masto_hostile', { platform: 'mastodon' }),
  ];
}

const isHostile = (entry: AccountsFileEntry) => entry.fault === 'hostile';
/** Markup pages fail on their nesting; an API answer buried in arrays reads as a list whose first status is no status. */
const expectedReason = (entry: AccountsFileEntry) => (entry.platform === 'mastodon' ? /status #1 of the list has no id/ : DEPTH_REASON);

describe('check: a hostile page among healthy ones', () => {
  const now = new Date('2026-05-20T09:00:00+08:00');
  let dir: string;
  let server: FakePlatforms;
  let entries: AccountsFileEntry[];
  let register: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-hostile-'));
    const served = await serveSimulated(population(), now);
    server = served.server;
    entries = served.entries;
    register = path.join(dir, 'accounts.json');
    await writeFile(register, JSON.stringify(entries.map(({ name, platform, url, options }) => ({ name, platform, url, options }))));
  });

  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints every account: the healthy ones with their status, the hostile ones unknown with the reason', async () => {
    const run = await runCli(['check', register, '--format', 'json', '--now', now.toISOString(), '--allow-private-hosts'], {
      timeoutMs: 110_000,
    });
    expect(run.stderr).not.toMatch(/Maximum call stack|unexpected error/);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{ url: string; status: string; outcome: string; reason: string }>;
    // Rows come worst first: matched to the register by URL.
    expect(rows.map((r) => r.url).sort()).toEqual(entries.map((e) => e.url).sort());
    rows.forEach((row) => {
      const entry = entries.find((e) => e.url === row.url)!;
      expect({ url: row.url, status: row.status }).toEqual({ url: entry.url, status: entry.expectedStatus });
      if (isHostile(entry)) {
        expect(row.outcome).toBe('error');
        expect(row.reason).toMatch(expectedReason(entry));
      }
    });
  }, 120_000);
});

describe('worker: a hostile page among healthy ones (PostgreSQL + Redis)', () => {
  const prefix = `hostile${process.pid}${Math.random().toString(36).slice(2, 8)}`;
  let server: FakePlatforms;
  let entries: AccountsFileEntry[];
  let store: Store;
  let dropDatabase: () => Promise<void>;
  const processes: CliProcess[] = [];

  beforeAll(async () => {
    const served = await serveSimulated(population());
    server = served.server;
    entries = served.entries;
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL,
      SLEEPWATCH_QUEUE_PREFIX: prefix,
      SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      SLEEPWATCH_PER_HOST_DELAY_MS: '0',
      SLEEPWATCH_PER_HOST_CONCURRENCY: '8',
      SLEEPWATCH_SCHEDULER_TICK_MS: '500',
    };
    processes.push(new CliProcess(['worker'], env), new CliProcess(['scheduler'], env));
    await Promise.all(processes.map((p) => p.ready()));
    store = await openStore({ dataDir: '', databaseUrl: database.url });
    await importAccounts(store.db, served.accounts, new Date());
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await store?.close();
    await server?.close();
    await dropDatabase?.();
    await clearRedisPrefix(REDIS_URL, prefix);
  }, 60_000);

  it('observes every account, judges the healthy ones right and the hostile ones unknown with the reason, and keeps running', async () => {
    const states = () =>
      store.db
        .selectFrom('accounts')
        .innerJoin('account_state', 'account_state.account_id', 'accounts.id')
        .select([
          'accounts.url',
          'account_state.status',
          'account_state.reason',
          'account_state.last_outcome',
          'account_state.last_checked_at',
        ])
        .execute();
    await waitFor(
      async () => (await states()).filter((s) => s.last_checked_at !== null).length === entries.length,
      90_000,
      'every account to be observed',
    );
    const byUrl = new Map((await states()).map((s) => [s.url, s]));
    for (const entry of entries) {
      const state = byUrl.get(entry.url)!;
      expect({ url: entry.url, status: state.status }).toEqual({ url: entry.url, status: entry.expectedStatus });
      if (isHostile(entry)) {
        expect(state.last_outcome).toBe('error');
        expect(state.reason).toMatch(expectedReason(entry));
      }
    }
    expect(processes.every((p) => p.running)).toBe(true);
    expect(processes[0]!.stderr).not.toMatch(/Maximum call stack|RangeError/);
  }, 120_000);
});
