/**
 * One benchmark run of the full monitoring pipeline — scheduler → queue → crawl worker →
 * store — on a fresh, throwaway set-up: the simulated accounts are registered, then a Monitor
 * (scheduler and worker in this process, as `serve` runs them) is started and timed until
 * every account has an observation. Optionally samples recrawl latency while the sweep runs,
 * and (on Redis) weighs what the queues leave behind once it is over.
 *
 * With `--workers N` (N > 1), N − 1 more `sleepwatch worker` processes share the sweep, as
 * an installation scales out; their CPU time is added to this process's.
 *
 * Args: <base url> <accounts> <concurrency> <postgres-redis|embedded>
 *       [--recrawls N] [--tick-ms MS] [--timeout-s S] [--workers N]. Prints one JSON object (SweepFigures).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { parseAccounts } from '../src/accounts/load-accounts.ts';
import { withStore } from '../src/cli/with-store.ts';
import { loadConfig } from '../src/config.ts';
import { Monitor } from '../src/jobs/monitor.ts';
import { importAccounts } from '../src/store/accounts-repository.ts';
import type { Store } from '../src/store/database.ts';
import { measure, round } from './measure.ts';
import { percentile, sampleRecrawlLatency, type RecrawlSamples } from './recrawl-latency.ts';
import { keyBytes, usedMemory } from './redis-memory.ts';
import { postgresCpuMs, redisCpuMs } from './server-cpu.ts';
import { startExtraWorkers, type ExtraWorkers } from './extra-workers.ts';
import { prepareBackend, SWEEP_BACKENDS, type SweepBackend } from './sweep-backend.ts';

/** Accounts one scheduler tick enqueues at most: what `serve` uses. */
const BATCH_SIZE = 1000;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    recrawls: { type: 'string', default: '0' },
    'tick-ms': { type: 'string' },
    'timeout-s': { type: 'string', default: '1800' },
    workers: { type: 'string', default: '1' },
  },
});
const [base = '', countArg = '10000', concurrencyArg = '50', backendArg = ''] = positionals;
if (!(SWEEP_BACKENDS as readonly string[]).includes(backendArg)) {
  process.stderr.write(`run-sweep: backend must be one of ${SWEEP_BACKENDS.join(', ')}, got "${backendArg}"\n`);
  process.exit(2);
}
const backend = backendArg as SweepBackend;
const concurrency = Number(concurrencyArg);
const recrawls = Number(values.recrawls);
const workerProcesses = Number(values.workers);
const log = (message: string) => process.stderr.write(`sweep ${backend}: ${message}\n`);

const entries = (await (await fetch(`${base}/accounts.json`)).json()) as Array<{
  name: string;
  platform: string;
  url: string;
  options: object;
}>;
const accounts = parseAccounts(
  JSON.stringify(entries.slice(0, Number(countArg)).map(({ name, platform, url, options }) => ({ name, platform, url, options }))),
  'json',
);

const prepared = await prepareBackend(backend).catch((err: Error) => {
  log(err.message);
  process.exit(1);
});
let monitor: Monitor | undefined;
let extraWorkers: ExtraWorkers | undefined;
let tornDown: Promise<void> | undefined;
const teardown = () =>
  (tornDown ??= (async () => {
    await extraWorkers?.stop().catch((err: Error) => log(`stopping the extra workers: ${err.message}`));
    await monitor?.stop().catch((err: Error) => log(`stopping the monitor: ${err.message}`));
    await prepared.dispose().catch((err: Error) => log(`cleaning up: ${err.message}`));
  })());
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void teardown().finally(() => process.exit(143)));

try {
  const config = loadConfig(prepared.env);
  const tickMs = values['tick-ms'] ? Number(values['tick-ms']) : config.monitor.tickMs;
  log(`registering ${accounts.length} accounts in a fresh store (not timed)`);
  await withStore(config, (store) => importAccounts(store.db, accounts, new Date()));
  const redisBefore = prepared.redis ? await usedMemory(prepared.redis) : undefined;

  const host = new URL(base).host;
  const crawl = {
    ...config.crawl,
    policy: { allowPrivateHosts: true },
    httpConcurrency: concurrency,
    politeness: { ...config.crawl.politeness, hosts: { [host]: { maxConcurrency: concurrency, minDelayMs: 0 } } },
  };
  const deadline = Date.now() + Number(values['timeout-s']) * 1000;
  if (workerProcesses > 1) {
    log(`starting ${workerProcesses - 1} more worker process(es) (not timed)`);
    extraWorkers = await startExtraWorkers(
      workerProcesses - 1,
      {
        ...prepared.env,
        SLEEPWATCH_HOST_POLITENESS: `${host}=${concurrency}/0`,
        SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      },
      concurrency,
    );
  }
  let recrawling: Promise<RecrawlSamples> | undefined;
  const stopRecrawls = new AbortController();
  const cpu0 = await serverCpu();
  const figures = await measure(accounts.length, async () => {
    const t0 = performance.now();
    monitor = await Monitor.start(config, {
      scheduler: true,
      worker: true,
      tickMs,
      batchSize: BATCH_SIZE,
      workerConcurrency: concurrency,
      lockDurationMs: config.monitor.lockDurationMs,
      crawl,
    });
    const startupSeconds = round((performance.now() - t0) / 1000);
    // The scheduler's first tick is under way: once it has queued its batch, recrawls have work to overtake.
    await monitor.tickNow();
    if (recrawls > 0) {
      const ids = (await monitor.store.db.selectFrom('accounts').select('id').execute()).map((r) => r.id);
      recrawling = sampleRecrawlLatency(monitor.queues, ids, { samples: recrawls, signal: stopRecrawls.signal });
      recrawling.catch(() => undefined);
    }
    const workersCpu0 = extraWorkers?.cpuMs() ?? 0;
    await untilObserved(monitor.store, accounts.length, deadline);
    const cpu1 = await serverCpu();
    return {
      startupSeconds,
      serverCpuMsPerAccount: cpuPerAccount(cpu0, cpu1),
      workerProcesses,
      extraWorkersCpuMs: (extraWorkers?.cpuMs() ?? 0) - workersCpu0,
    };
  });
  const recrawl = await recrawlSummary(recrawling, deadline, stopRecrawls);
  const { unread, observations } = await outcomes(monitor!.store);

  let redis: Record<string, unknown> | undefined;
  if (prepared.redis && redisBefore !== undefined) {
    await untilQueueIdle(monitor!, deadline);
    // At rest: every job done, the worker and scheduler gone; what is left is what the queues keep.
    await monitor!.stop();
    const after = await usedMemory(prepared.redis);
    const keys = await keyBytes(prepared.redis, prepared.prefix);
    redis = {
      usedMemoryBeforeBytes: redisBefore,
      usedMemoryAfterBytes: after,
      bytesPerAccount: Math.round((after - redisBefore) / accounts.length),
      keyBytesPerAccount: Math.round(keys.total / accounts.length),
      keyGroups: keys.groups,
    };
  }
  const { extraWorkersCpuMs, ...rest } = figures;
  const out = {
    backend,
    accounts: accounts.length,
    ...rest,
    // Every worker process's CPU: this one's and the extra workers'.
    cpuMsPerAccount: round(figures.cpuMsPerAccount + extraWorkersCpuMs / accounts.length),
    unread,
    observations,
    schedulerTickMs: tickMs,
    batchSize: BATCH_SIZE,
    ...(recrawl ? { recrawl } : {}),
    ...(redis ? { redis } : {}),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (err) {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
} finally {
  await teardown();
}
process.exit(process.exitCode ?? 0);

/** Polls the store until every account has been looked at (or the deadline passes: an error). */
async function untilObserved(store: Store, total: number, deadline: number): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    const { n } = await store.db
      .selectFrom('account_state')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_checked_at', 'is not', null)
      .executeTakeFirstOrThrow();
    if (Number(n) >= total) return;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${total} accounts observed before the time limit`);
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      log(`${n}/${total} observed after ${Math.round((lastReport - started) / 1000)} s`);
    }
    await sleep(250);
  }
}

/** Waits until no job is waiting, active or delayed: the last completions have been written. */
async function untilQueueIdle(m: Monitor, deadline: number): Promise<void> {
  for (;;) {
    const counts = await m.queues.crawl.getJobCounts('wait', 'prioritized', 'active', 'delayed');
    if (Object.values(counts).every((c) => !c)) return;
    if (Date.now() > deadline) throw new Error(`the queue is not idle: ${JSON.stringify(counts)}`);
    await sleep(200);
  }
}

async function outcomes(store: Store): Promise<{ unread: number; observations: number }> {
  const unknown = await store.db
    .selectFrom('account_state')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'unknown')
    .executeTakeFirstOrThrow();
  const obs = await store.db
    .selectFrom('observations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { unread: Number(unknown.n), observations: Number(obs.n) };
}

async function recrawlSummary(recrawling: Promise<RecrawlSamples> | undefined, deadline: number, stop: AbortController) {
  if (!recrawling) return undefined;
  const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - Date.now()));
  try {
    const { latenciesMs, startedAfterMs, withBacklog } = await recrawling;
    return {
      samples: latenciesMs.length,
      withBacklog,
      p50: percentile(latenciesMs, 50),
      p95: percentile(latenciesMs, 95),
      max: Math.max(...latenciesMs),
      latenciesMs,
      startedAfterMs,
    };
  } catch (err) {
    return { error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

interface ServerCpu {
  postgres?: number;
  redis?: number;
}

async function serverCpu(): Promise<ServerCpu> {
  if (!prepared.redis) return {};
  return { postgres: postgresCpuMs(), redis: await redisCpuMs(prepared.redis) };
}

function cpuPerAccount(a: ServerCpu, b: ServerCpu): ServerCpu | undefined {
  if (!prepared.redis) return undefined;
  const per = (x?: number, y?: number) => (x === undefined || y === undefined ? undefined : round((y - x) / accounts.length));
  return { postgres: per(a.postgres, b.postgres), redis: per(a.redis, b.redis) };
}
