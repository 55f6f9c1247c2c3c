import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, REPO_ROOT } from './support/run-cli.ts';

/**
 * Help answers at once: the commands load the store, the crawlers, the queue and the HTTP
 * server when they run, not when the command line starts. Timing a start-up on a shared machine
 * would be flaky, so this checks its cause instead: the packages loaded before the help is shown.
 */

/** What start-up may load: the argument parser and what reading the configuration needs. */
const START_UP_PACKAGES = new Set(['commander', 'zod', 'luxon', 'ipaddr.js']);

const HOOKS = new URL('./support/module-log-hooks.mjs', import.meta.url).href;
const REGISTER_HOOKS = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`;

let dir: string;
let runs = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-startup-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The npm packages `sleepwatch ...args` loaded, with its exit code and output. */
async function packagesLoaded(args: string[]): Promise<{ code: number | null; stdout: string; packages: string[] }> {
  const log = path.join(dir, `${++runs}.log`);
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', REGISTER_HOOKS, 'bin/sleepwatch.mjs', ...args],
      { cwd: REPO_ROOT, env: cliEnv({ MODULE_LOG_FILE: log }), timeout: 50_000, encoding: 'utf8' },
      (error, out) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: out }),
    );
  });
  const urls = (await readFile(log, 'utf8')).split('\n');
  const packages = new Set(urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]).filter((name) => name !== undefined));
  return { code, stdout, packages: [...packages].sort() };
}

describe('start-up', () => {
  it.each([
    [[]],
    [['check']],
    [['parse']],
    [['platforms']],
    [['import']],
    [['accounts']],
    [['alerts']],
    [['feeds', 'add']],
    [['webhooks', 'add']],
    [['recrawl']],
    [['serve']],
    [['demo']],
    [['fake-platforms']],
  ])(
    'sleepwatch %j --help loads only the argument parser and the configuration',
    async (command) => {
      const run = await packagesLoaded([...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: sleepwatch/);
      expect(run.packages.filter((name) => !START_UP_PACKAGES.has(name))).toEqual([]);
    },
    60_000,
  );

  it('a command that runs loads what it needs (the log sees dynamic imports)', async () => {
    const run = await packagesLoaded(['parse', '--platform', 'feed', 'src/platforms/feed/fixtures/rss2.xml']);
    expect(run.code).toBe(0);
    expect(run.packages).toContain('cheerio');
  }, 60_000);
});
