/**
 * Benchmark server process: the simulated platforms for N healthy accounts reachable over
 * plain HTTP (browser-rendered profiles are left out: the baseline cannot fetch them).
 * Prints its base URL on the first line of stdout, then serves until killed.
 */
import { buildPopulation } from '../src/fake-platforms/population.ts';
import { startFakePlatforms } from '../src/fake-platforms/server.ts';

const count = Number(process.argv[2] ?? 10_000);
const population = buildPopulation({ count: Math.ceil(count * 1.1), seed: 'bench', faults: false })
  .filter((a) => !(a.platform === 'html' && a.variant === 'browser'))
  .slice(0, count);
const server = await startFakePlatforms({ port: 0, accounts: population });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
