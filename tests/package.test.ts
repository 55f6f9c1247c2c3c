import { execFile } from 'node:child_process';
import { readFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO_ROOT } from './support/run-cli.ts';

/**
 * The published package, end to end: `npm pack` of this tree, installed into an empty folder
 * as a user would install it (from npm's cache where it can), then run from there. The tests of
 * the command line run it from the clone; this proves what a clone has and a package might not:
 * its files, its dependencies, its install script and its worker thread entry.
 */

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program with the test environment cleaned of our settings and of npm's own (`npm test` sets npm_*). */
function run(file: string, args: string[], cwd: string, env: Record<string, string> = {}, timeoutMs = 300_000): Promise<Run> {
  const cleaned = Object.fromEntries(Object.entries(cliEnv(env)).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: cleaned, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
  });
}

function succeeded(what: string, result: Run): Run {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
  return result;
}

let work: string | undefined;

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('installs into an empty folder, patched, and runs the help and the demo from there', async () => {
    work = await mkdtemp(path.join(tmpdir(), 'sleepwatch-package-'));
    // The build is fresh (the test run's global set-up) and must not be cleaned away under the other
    // test files running meanwhile, so the pack skips prepack's clean build.
    const packed = succeeded('npm pack', await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO_ROOT));
    const [tarball] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = tarball!.files.map((f) => f.path);
    for (const needed of [
      'package.json',
      'bin/sleepwatch.mjs',
      'dist/cli/main.js',
      'dist/index.js',
      'dist/index.d.ts',
      'scripts/apply-patches.mjs',
    ]) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => f.startsWith('dist/store/migrations/') && f.endsWith('.js')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.startsWith('patches/') && f.endsWith('.patch')).length).toBeGreaterThan(0);
    expect(files.filter((f) => /^(src|tests|bench)\/|\.test\.|test-support|tsbuildinfo|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);

    const app = path.join(work, 'app');
    await mkdir(app);
    succeeded(
      'npm install',
      await run('npm', ['install', path.join(work, tarball!.filename), '--prefer-offline', '--no-audit', '--no-fund'], app),
    );

    // The install script patched the copy of Crawlee's browser pool that the package loads (see README, Known issues).
    const requireFromPackage = createRequire(path.join(app, 'node_modules/sleepwatch/package.json'));
    const browserPool = createRequire(requireFromPackage.resolve('@crawlee/playwright')).resolve('@crawlee/browser-pool');
    expect(await readFile(path.join(path.dirname(browserPool), 'proxy-server.js'), 'utf8')).toContain("host: '127.0.0.1'");

    const help = succeeded('sleepwatch --help', await run('npx', ['--no', '--', 'sleepwatch', '--help'], app));
    expect(help.stdout).toMatch(/^Usage: sleepwatch/);

    // The demo opens the embedded database on its own thread: the thread entry must be in the package too.
    const demo = succeeded(
      'sleepwatch demo --once',
      await run('npx', ['--no', '--', 'sleepwatch', 'demo', '--once', '--format', 'json'], app, {
        SLEEPWATCH_DATA: path.join(work, 'data'),
      }),
    );
    const rows = JSON.parse(demo.stdout) as Array<{ url: string; status: string; expected: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows.filter((r) => r.status !== r.expected).map((r) => `${r.url}: ${r.status}, expected ${r.expected}`)).toEqual([]);
  }, 600_000);
});
