/**
 * `npm run bench [-- --accounts N] [--concurrency C] [--rounds R]`
 *
 * Measures `check`'s crawl-and-parse path against a stock CheerioCrawler fetching and
 * parsing the same simulated pages at the same concurrency, in the same run. The simulated
 * platforms run in their own process; each measured run gets a fresh process so its CPU
 * time and peak memory are its own. Prints one JSON object on stdout; progress on stderr.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { RunFigures } from './measure.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
  },
});
const accounts = positive(values.accounts, '--accounts');
const concurrency = positive(values.concurrency, '--concurrency');
const rounds = positive(values.rounds, '--rounds');

function positive(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: ${flag} must be a positive whole number, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const runTs = (script: string, args: string[]) => spawn(process.execPath, ['bin/run-ts.mjs', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });

const server = runTs('bench/serve.ts', [String(accounts)]);
const base = await new Promise<string>((resolve, reject) => {
  createInterface({ input: server.stdout! }).once('line', resolve);
  server.once('exit', (code) => reject(new Error(`simulated platforms exited with ${code}`)));
});

async function run(kind: 'pipeline' | 'baseline'): Promise<RunFigures> {
  const child = runTs(`bench/run-${kind}.ts`, [base, String(accounts), String(concurrency)]);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${kind} run exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as RunFigures;
}

const median = (runs: RunFigures[], key: keyof RunFigures) => {
  const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const summary = (runs: RunFigures[]) => ({
  accountsPerSec: median(runs, 'accountsPerSec'),
  cpuMsPerAccount: median(runs, 'cpuMsPerAccount'),
  peakRssMb: median(runs, 'peakRssMb'),
  pagesFetched: median(runs, 'pagesFetched'),
  unread: median(runs, 'unread'),
});

try {
  process.stderr.write(`bench: ${accounts} simulated accounts at ${base}; warm-up pass (fills the server's page cache, not counted)\n`);
  await run('pipeline');
  const pipeline: RunFigures[] = [];
  const baseline: RunFigures[] = [];
  for (let round = 1; round <= rounds; round++) {
    baseline.push(await run('baseline'));
    process.stderr.write(`bench: round ${round} baseline ${JSON.stringify(baseline.at(-1))}\n`);
    pipeline.push(await run('pipeline'));
    process.stderr.write(`bench: round ${round} pipeline ${JSON.stringify(pipeline.at(-1))}\n`);
  }
  const p = summary(pipeline);
  const b = summary(baseline);
  const result = {
    accounts,
    concurrency,
    rounds,
    politeness: { host: new URL(base).host, maxConcurrency: concurrency, minDelayMs: 0, note: 'per-host limits set for the simulated host; both runs fetch from that one host' },
    pipeline: p,
    baseline: b,
    ratio: Math.round((p.accountsPerSec / b.accountsPerSec) * 100) / 100,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  server.kill('SIGTERM');
}
