/**
 * `node bin/run-ts.mjs bench/accounts-list.ts [--accounts 100000] [--backend pglite|postgres] [--runs 20]`
 *
 * Times `GET /api/accounts` over a register of N accounts: imports them (as `import` does),
 * writes varied states straight into `account_state` in one statement, then asks the list
 * route through `app.inject` for the shapes a dashboard asks most (first page, a status,
 * nearest the red line, a deep keyset page…), each `--runs` times after three warm-ups, and
 * prints the median and worst milliseconds of each as one JSON object on stdout.
 *
 * `pglite`: the embedded database in a temporary folder. `postgres`: a scratch database
 * created on the server DATABASE_URL names (default postgres://postgres:postgres@127.0.0.1:5432/postgres)
 * and dropped afterwards.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Account } from '../src/accounts/account.ts';
import { GOV_CN, PolicyBook } from '../src/activity/policies.ts';
import type { ApiContext } from '../src/api/api-context.ts';
import { buildHttpApp } from '../src/api/http-server.ts';
import { loadConfig } from '../src/config.ts';
import { openJobQueues } from '../src/jobs/job-queues.ts';
import { addApiToken } from '../src/store/api-tokens-repository.ts';
import { importAccounts } from '../src/store/accounts-repository.ts';
import { openStore, type Store } from '../src/store/database.ts';
import { createScratchDatabase, type ScratchDatabase } from '../tests/support/stores.ts';
import { round } from './measure.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    backend: { type: 'string', default: 'pglite' },
    runs: { type: 'string', default: '20' },
  },
});
const accounts = Number(values.accounts);
const runs = Number(values.runs);
if (!Number.isInteger(accounts) || accounts < 100) fail(`--accounts must be a whole number of at least 100, got "${values.accounts}"`);
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive whole number, got "${values.runs}"`);
if (values.backend !== 'pglite' && values.backend !== 'postgres') fail(`--backend must be pglite or postgres, got "${values.backend}"`);
const backend = values.backend;

function fail(message: string): never {
  process.stderr.write(`accounts-list bench: ${message}\n`);
  process.exit(2);
}
const progress = (line: string) => process.stderr.write(`accounts-list bench: ${line}\n`);

const PLATFORMS = ['weibo', 'douyin', 'bilibili', 'wechat', 'telegram', 'mastodon'];
/** Two policies beside the default, by group and by account: the red line differs per account. */
const policies = new PolicyBook(
  [
    { name: 'strict', warnDays: 5, redLineDays: 7, zombieDays: 60, lookAheadDays: 3, repostsCount: true },
    { name: 'lenient', warnDays: 20, redLineDays: 30, zombieDays: 180, lookAheadDays: 7, repostsCount: false },
  ],
  { 'group-0': 'strict', 'group-1': 'lenient' },
  GOV_CN.name,
);

function register(n: number): Account[] {
  return Array.from({ length: n }, (_, i) => ({
    platform: PLATFORMS[i % PLATFORMS.length]!,
    url: `https://example.org/${PLATFORMS[i % PLATFORMS.length]}/account-${i}`,
    name: i % 7 === 0 ? null : `账号 ${i} (unit ${i % 400})`,
    unit: `unit-${i % 400}`,
    region: `region-${i % 30}`,
    group: i % 5 === 4 ? null : `group-${i % 8}`,
    policy: i % 11 === 0 ? 'strict' : null,
    intervalMs: 86_400_000,
    timeZone: 'Asia/Shanghai',
    options: {},
  }));
}

/** Statuses consistent with days of silence under the default policy; some never read, some closed. */
async function writeStates(store: Store): Promise<void> {
  await sql`
    update account_state s set
      days_silent = v.ds,
      status = case when v.r < 0.02 then 'closed' when v.ds is null then (case when v.r < 0.06 then 'empty' else 'unknown' end)
                    when v.ds < 10 then 'active' when v.ds < 14 then 'drifting' when v.ds < 90 then 'sleeping' else 'zombie' end,
      last_post_at = now() - v.ds * interval '1 day',
      followers = case when v.r < 0.1 then null else (v.f * 100000)::bigint end,
      last_checked_at = case when v.ds is null and v.r > 0.09 then null else now() - v.f * interval '1 day' end,
      last_outcome = 'ok',
      reason = 'bench'
    from (select account_id, r, f,
                 case when r < 0.1 then null else floor(power(f2, 3) * 400)::int end as ds
            from (select account_id, (hashint8(account_id) & 65535) / 65536.0 as r,
                         (hashint8(account_id * 7) & 65535) / 65536.0 as f,
                         (hashint8(account_id * 13) & 65535) / 65536.0 as f2
                    from account_state) h) v
   where s.account_id = v.account_id`.execute(store.db);
  // As autovacuum would soon after: the rewrite left a dead row version behind for every account.
  await sql`vacuum analyze`.execute(store.db);
}

async function openBenchStore(): Promise<{ store: Store; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-bench-list-'));
    const store = await openStore({ dataDir: dir });
    return { store, dispose: async () => (await store.close(), await rm(dir, { recursive: true, force: true })) };
  }
  const database: ScratchDatabase = await createScratchDatabase(
    process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
    'sleepwatch_bench_list',
  );
  const store = await openStore({ dataDir: '', databaseUrl: database.url });
  return { store, dispose: async () => (await store.close(), await database.drop()) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

const bench = await openBenchStore();
const store = bench.store;
const prefix = `bench-list-${process.pid}`;
// Interrupted, the bench still removes its database or folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void bench.dispose().finally(() => process.exit(130)));
const queues = openJobQueues(store, { prefix });
try {
  let t0 = performance.now();
  const all = register(accounts);
  for (let i = 0; i < all.length; i += 10_000) await importAccounts(store.db, all.slice(i, i + 10_000), new Date());
  const importSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await writeStates(store);
  const stateSeconds = (performance.now() - t0) / 1000;
  progress(`${accounts} accounts on ${backend}: imported in ${round(importSeconds)} s, states written in ${round(stateSeconds)} s`);

  const context: ApiContext = { store, queues, config: { ...loadConfig({ SLEEPWATCH_QUEUE_PREFIX: prefix }), policies } };
  const app = buildHttpApp(context);
  await app.ready();
  const { token } = await addApiToken(store.db, { role: 'viewer', unit: null, name: 'bench' });
  const unitToken = (await addApiToken(store.db, { role: 'viewer', unit: 'unit-7', name: 'bench unit' })).token;
  const get = async (url: string, bearer = token) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return res.json<{ items: Array<{ id: number }>; nextCursor: string | null; total?: number }>();
  };
  const time = async (url: string, bearer = token) => {
    for (let i = 0; i < 3; i++) await get(url, bearer);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await get(url, bearer);
      ms.push(performance.now() - t);
    }
    return { medianMs: round(median(ms)), maxMs: round(Math.max(...ms)) };
  };

  // A cursor half-way down the list: as a client holds after paging through 50,000 accounts.
  const half = Math.floor(accounts / 2);
  const deepCursor = (await get(`/api/accounts?limit=50&offset=${half - 50}`)).nextCursor!;
  const deepRedLineCursor = (await get(`/api/accounts?sort=daysToRedLine&limit=50&offset=${half - 50}`)).nextCursor!;
  const shapes: Record<string, string> = {
    firstPage: '/api/accounts',
    firstPageWithTotal: '/api/accounts?total=true',
    statusSleeping: '/api/accounts?status=sleeping',
    statusSleepingWithTotal: '/api/accounts?status=sleeping&total=true',
    statusSleepingZombie: '/api/accounts?status=sleeping,zombie',
    daysToRedLine: '/api/accounts?sort=daysToRedLine',
    daysToRedLineSleeping: '/api/accounts?sort=daysToRedLine&status=sleeping',
    deepKeyset: `/api/accounts?cursor=${deepCursor}`,
    deepKeysetDaysToRedLine: `/api/accounts?sort=daysToRedLine&cursor=${deepRedLineCursor}`,
    deepOffset: `/api/accounts?offset=${half}`,
    unitFilter: '/api/accounts?unit=unit-7',
    platformFilter: '/api/accounts?platform=weibo',
    textSearch: '/api/accounts?q=account-4242',
    byName: '/api/accounts?sort=name',
    byStatus: '/api/accounts?sort=status',
    byLastPostAt: '/api/accounts?sort=lastPostAt',
    oneAccount: '/api/accounts/4242',
  };
  const figures: Record<string, { medianMs: number; maxMs: number }> = {};
  for (const [name, url] of Object.entries(shapes)) {
    figures[name] = await time(url);
    progress(`${name}: ${JSON.stringify(figures[name])}`);
  }
  figures.unitToken = await time('/api/accounts', unitToken);
  const total = (await get('/api/accounts?limit=1&total=true')).total;
  await app.close();
  const seconds = { importSeconds: round(importSeconds), stateSeconds: round(stateSeconds) };
  process.stdout.write(`${JSON.stringify({ backend, accounts, total, runs, ...seconds, figures })}\n`);
} finally {
  await queues.close();
  await bench.dispose();
}
