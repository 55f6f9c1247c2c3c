import net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

/** A clear answer for a clear mistake: exit 2, what is wrong in one sentence, no stack trace. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-mistakes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a bad setting in the environment', () => {
  const env = { SLEEPWATCH_LOCALE: 'fr' };

  it('does not stop --help, which says what is wrong', async () => {
    for (const args of [['--help'], ['check', '--help']]) {
      const run = await runCli(args, { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Usage: sleepwatch/);
      expect(run.stdout).toMatch(/SLEEPWATCH_LOCALE.*expected zh-CN or en.*commands will not run until this is fixed/);
    }
  });

  it('stops every command before it does anything, naming the setting', async () => {
    const run = await runCli(['accounts'], { env: { ...env, SLEEPWATCH_DATA: path.join(dir, 'never-created') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/field "SLEEPWATCH_LOCALE": expected zh-CN or en/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('bad platform access settings', () => {
  it('stop every command, naming each field and echoing none of the secrets given', async () => {
    const secret = 'SUB-c00kie-s3cret';
    const settings = { platforms: { telegram: { cookies: `SUB=${secret}; oops`, proxy: `socks5://me:${secret}@127.0.0.1:1080` } } };
    const run = await runCli(['accounts'], {
      env: { SLEEPWATCH_PLATFORM_SETTINGS: JSON.stringify(settings), SLEEPWATCH_DATA: path.join(dir, 'never-created') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/SLEEPWATCH_PLATFORM_SETTINGS has 2 problems/);
    expect(run.stderr).toMatch(/field "platforms\.telegram\.cookies": cookie 2 is not name=value/);
    expect(run.stderr).toMatch(/field "platforms\.telegram\.proxy": socks5 proxies are not supported/);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });
});

describe('serve on a port already in use', () => {
  let taken: net.Server;
  beforeAll(async () => {
    taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise((resolve) => taken.close(resolve)));

  it('exits 2 with "port N is in use" before it starts crawling', async () => {
    const { port } = taken.address() as net.AddressInfo;
    const run = await runCli(['serve', '--port', String(port)], { env: { SLEEPWATCH_DATA: path.join(dir, 'serve') } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`sleepwatch: port ${port} is in use (on 127.0.0.1); choose another with --port or PORT`);
  }, 60_000);
});
