/**
 * `npm run bench [-- --accounts N] [--concurrency C] [--rounds R] [--only check|sweep]
 *   [--sweep-accounts N] [--embedded-accounts N] [--sweep-backends postgres-redis,embedded]
 *   [--recrawls N] [--sweep-tick-ms MS]`
 *
 * Measures, against a stock CheerioCrawler fetching and parsing the same simulated pages at
 * the same concurrency in the same run:
 * - `check`: `check`'s crawl-and-parse path;
 * - `sweep`: the full monitoring pipeline (scheduler → queue → worker → store) on PostgreSQL +
 *   Redis and on the embedded default, with recrawl latency during the Redis sweep and the
 *   Redis memory the queues keep once it is over.
 * The simulated platforms run in their own process; each measured run gets a fresh process so
 * its CPU time and peak memory are its own. With `--rounds R`, each round runs the baseline and
 * then everything measured against it, and each ratio is the median of the rounds' own ratios:
 * the machine's speed drifts between rounds, far less within one. Prints one JSON object on
 * stdout; progress on stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { round, type RunFigures } from './measure.ts';
import { SWEEP_BACKENDS, type SweepBackend } from './sweep-backend.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    only: { type: 'string' },
    'sweep-accounts': { type: 'string' },
    'embedded-accounts': { type: 'string' },
    'sweep-backends': { type: 'string', default: SWEEP_BACKENDS.join(',') },
    recrawls: { type: 'string', default: '20' },
    'sweep-tick-ms': { type: 'string' },
  },
});
const accounts = positive(values.accounts, '--accounts');
const concurrency = positive(values.concurrency, '--concurrency');
const rounds = positive(values.rounds, '--rounds');
const recrawls = values.recrawls === '0' ? 0 : positive(values.recrawls, '--recrawls');
const sweepAccounts = values['sweep-accounts'] === undefined ? accounts : positive(values['sweep-accounts'], '--sweep-accounts');
const embeddedAccounts =
  values['embedded-accounts'] === undefined ? sweepAccounts : positive(values['embedded-accounts'], '--embedded-accounts');
if (Math.max(sweepAccounts, embeddedAccounts) > accounts)
  fail(
    `--sweep-accounts and --embedded-accounts cannot exceed --accounts (${accounts}): the simulated platforms serve --accounts accounts`,
  );
if (values.only !== undefined && values.only !== 'check' && values.only !== 'sweep')
  fail(`--only must be check or sweep, got "${values.only}"`);
const parts = { check: values.only !== 'sweep', sweep: values.only !== 'check' };
const backends = values['sweep-backends']
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
for (const b of backends)
  if (!(SWEEP_BACKENDS as readonly string[]).includes(b))
    fail(`--sweep-backends: unknown backend "${b}" (known: ${SWEEP_BACKENDS.join(', ')})`);
const tickArgs = values['sweep-tick-ms'] === undefined ? [] : ['--tick-ms', String(positive(values['sweep-tick-ms'], '--sweep-tick-ms'))];

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** Every child still running: all are stopped however the bench ends. */
const children = new Set<ChildProcess>();
const runTs = (script: string, args: string[]) => {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};
process.once('exit', () => children.forEach((c) => c.kill('SIGTERM')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const server = runTs('bench/serve.ts', [String(accounts)]);
const base = await new Promise<string>((resolve, reject) => {
  createInterface({ input: server.stdout }).once('line', resolve);
  server.once('exit', (code) => reject(new Error(`simulated platforms exited with ${code}`)));
});

/**
 * Runs one measured child and returns the JSON on the last line of its stdout. A child past
 * `timeoutSec` is asked to stop (it cleans up what it created) and killed 30 s later.
 */
async function runChild<T>(script: string, args: string[], timeoutSec: number): Promise<T> {
  const child = runTs(script, args);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
  }, timeoutSec * 1000);
  const kill = setTimeout(() => child.kill('SIGKILL'), (timeoutSec + 30) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(term);
  clearTimeout(kill);
  if (code !== 0) throw new Error(`${script} ${timedOut ? `stopped after the ${timeoutSec} s limit` : `exited with ${code}`}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

const run = (kind: 'pipeline' | 'baseline') =>
  runChild<RunFigures>(`bench/run-${kind}.ts`, [base, String(accounts), String(concurrency)], 120 + accounts / 5);

/** How many accounts a sweep on `backend` registers and sweeps. */
const sweepSize = (backend: SweepBackend) => (backend === 'embedded' ? embeddedAccounts : sweepAccounts);
/** A sweep's own limit: slower than 10 accounts/s after a 5-minute allowance counts as a failure. */
const sweepTimeoutSec = (backend: SweepBackend) => 300 + sweepSize(backend) / 10;

interface SweepFigures {
  accounts: number;
  accountsPerSec: number;
  cpuMsPerAccount: number;
  peakRssMb: number;
  seconds: number;
  startupSeconds: number;
  unread: number;
  observations: number;
  schedulerTickMs: number;
  batchSize: number;
  serverCpuMsPerAccount?: { postgres?: number; redis?: number };
  recrawl?:
    | { samples: number; withBacklog: number; p50: number; p95: number; max: number; latenciesMs: number[]; startedAfterMs: number[] }
    | { error: string };
  redis?: {
    usedMemoryBeforeBytes: number;
    usedMemoryAfterBytes: number;
    bytesPerAccount: number;
    keyBytesPerAccount: number;
    keyGroups: Record<string, { keys: number; bytes: number }>;
  };
}

const sweep = (backend: SweepBackend) =>
  runChild<SweepFigures>(
    'bench/run-sweep.ts',
    [
      base,
      String(sweepSize(backend)),
      String(concurrency),
      backend,
      '--recrawls',
      backend === 'postgres-redis' ? String(recrawls) : '0',
      '--timeout-s',
      String(sweepTimeoutSec(backend)),
      ...tickArgs,
    ],
    sweepTimeoutSec(backend) + 120,
  );

/** The median; of an even count, the mean of the two middle values. */
const middle = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half]! : round((sorted[half - 1]! + sorted[half]!) / 2);
};
const median = (runs: RunFigures[], key: keyof RunFigures) => middle(runs.map((r) => r[key]));
const summary = (runs: RunFigures[]) => ({
  accountsPerSec: median(runs, 'accountsPerSec'),
  cpuMsPerAccount: median(runs, 'cpuMsPerAccount'),
  peakRssMb: median(runs, 'peakRssMb'),
  pagesFetched: median(runs, 'pagesFetched'),
  unread: median(runs, 'unread'),
});
const ratio = (a: number, b: number) => round(a / b);

let failed = false;
const loadAtStart = loadavg()[0]!;
try {
  process.stderr.write(`bench: ${accounts} simulated accounts at ${base}; warm-up pass (fills the server's page cache, not counted)\n`);
  await run('pipeline');
  const pipeline: RunFigures[] = [];
  const baseline: RunFigures[] = [];
  const sweepRuns = new Map<SweepBackend, Array<SweepFigures & { ratio: number }>>();
  const sweepErrors = new Map<SweepBackend, string>();
  for (let round = 1; round <= rounds; round++) {
    const roundBaseline = await run('baseline');
    baseline.push(roundBaseline);
    process.stderr.write(`bench: round ${round} baseline ${JSON.stringify(roundBaseline)}\n`);
    if (parts.check) {
      pipeline.push(await run('pipeline'));
      process.stderr.write(`bench: round ${round} pipeline ${JSON.stringify(pipeline.at(-1))}\n`);
    }
    if (!parts.sweep) continue;
    for (const backend of backends as SweepBackend[]) {
      if (sweepErrors.has(backend)) continue;
      process.stderr.write(`bench: round ${round} sweep on ${backend}, ${sweepSize(backend)} accounts\n`);
      try {
        const s = await sweep(backend);
        process.stderr.write(`bench: round ${round} sweep ${backend} ${JSON.stringify({ ...s, recrawl: undefined, redis: undefined })}\n`);
        sweepRuns.set(backend, [...(sweepRuns.get(backend) ?? []), { ...s, ratio: ratio(s.accountsPerSec, roundBaseline.accountsPerSec) }]);
      } catch (err) {
        failed = true;
        process.stderr.write(`bench: sweep ${backend} failed: ${(err as Error).message}\n`);
        sweepErrors.set(backend, (err as Error).message);
      }
    }
  }
  const b = summary(baseline);
  const result: Record<string, unknown> = {
    accounts,
    concurrency,
    rounds,
    politeness: {
      host: new URL(base).host,
      maxConcurrency: concurrency,
      minDelayMs: 0,
      note: 'per-host limits set for the simulated host; every run fetches from that one host',
    },
  };
  if (parts.check) {
    const p = summary(pipeline);
    const ratios = pipeline.map((run, i) => ratio(run.accountsPerSec, baseline[i]!.accountsPerSec));
    Object.assign(result, { pipeline: p, baseline: b, ratio: middle(ratios), ...(rounds > 1 ? { roundRatios: ratios } : {}) });
  } else {
    result.baseline = b;
  }
  if (parts.sweep) {
    const fewer = backends.map((b) => b as SweepBackend).filter((b) => sweepSize(b) < accounts);
    const fewerNote = fewer.length
      ? `; ${fewer.map((b) => `${b} on ${sweepSize(b)} accounts`).join(', ')}, fewer than the ${accounts} of the baseline ` +
        '(--sweep-accounts / --embedded-accounts)'
      : '';
    const sweeps: Record<string, unknown> = {
      note:
        `${rounds > 1 ? 'medians of the rounds' : 'one run'} per backend${fewerNote}; ` +
        "ratio = sweep accounts/s / accounts/s of the round's baseline; cpuMsPerAccount and peakRssMb are the sweep process only " +
        '(postgresRedis.serverCpuMsPerAccount adds the PostgreSQL and Redis servers, server-wide); ' +
        'timed from Monitor start to the last observation',
    };
    result.sweep = sweeps;
    for (const backend of backends as SweepBackend[]) {
      const key = backend === 'postgres-redis' ? 'postgresRedis' : 'embedded';
      const runs = sweepRuns.get(backend) ?? [];
      const error = sweepErrors.get(backend);
      if (error) {
        sweeps[key] = { error, ...(runs.length ? { roundRatios: runs.map((r) => r.ratio) } : {}) };
        continue;
      }
      const pick = (f: (r: SweepFigures) => number) => middle(runs.map(f));
      const last = runs.at(-1)!;
      const servers = runs.every((r) => r.serverCpuMsPerAccount)
        ? {
            serverCpuMsPerAccount: {
              postgres: pick((r) => r.serverCpuMsPerAccount?.postgres ?? 0),
              redis: pick((r) => r.serverCpuMsPerAccount?.redis ?? 0),
            },
          }
        : {};
      sweeps[key] = {
        accounts: last.accounts,
        accountsPerSec: pick((r) => r.accountsPerSec),
        cpuMsPerAccount: pick((r) => r.cpuMsPerAccount),
        peakRssMb: pick((r) => r.peakRssMb),
        ratio: middle(runs.map((r) => r.ratio)),
        ...(rounds > 1 ? { roundRatios: runs.map((r) => r.ratio) } : {}),
        seconds: pick((r) => r.seconds),
        startupSeconds: pick((r) => r.startupSeconds),
        unread: pick((r) => r.unread),
        schedulerTickMs: last.schedulerTickMs,
        batchSize: last.batchSize,
        ...servers,
      };
      // Memory at rest and recrawl latency: from the last round's Redis sweep.
      if (last.redis) {
        result.redisBytesPerAccount = last.redis.bytesPerAccount;
        result.redisMemory = {
          ...last.redis,
          accounts: last.accounts,
          note: 'after the sweep, all jobs done; used_memory delta (server-wide) and MEMORY USAGE of the queue keys',
        };
      }
      if (last.recrawl) result.recrawlLatencyMs = last.recrawl;
    }
  }
  // The machine is not the bench's alone: a load above its cores means the figures ran short of CPU.
  result.machine = { cores: availableParallelism(), loadAverage1m: { start: round(loadAtStart), end: round(loadavg()[0]!) } };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  server.kill('SIGTERM');
}
process.exit(failed ? 1 : 0);
