import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatforms, type FakePlatforms } from '../src/fake-platforms/server.ts';
import { fakeAccount } from './support/fake-account.ts';
import { runCli } from './support/run-cli.ts';

/**
 * How `check` and `import` take a register in: from a file or standard input, refused whole
 * and quickly when it is too large, too bad or points where nothing may be fetched, with a
 * message that stays short however bad the file.
 */

const SPAWN_TIMEOUT = 60_000;
const NOW = '2026-05-20T09:00:00+08:00';

let dir: string;
let sim: FakePlatforms;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-register-input-'));
  sim = await startFakePlatforms({
    port: 0,
    now: new Date(NOW),
    accounts: [fakeAccount({ key: 'harbour', platform: 'telegram' }), fakeAccount({ key: 'ferry', platform: 'telegram' })],
  });
});

afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a register on standard input', () => {
  it(
    'check - reads it in the format --input-format names; an unnamed account shows its page’s name, a given one its own',
    async () => {
      // "ferry" is given as the name although it is the URL's last segment: a given name is kept.
      const input = `platform,url,name\ntelegram,${sim.url}/harbour,\ntelegram,${sim.url}/ferry,ferry\n`;
      const run = await runCli(['check', '-', '--input-format', 'csv', '--allow-private-hosts', '--now', NOW, '--format', 'json'], {
        input,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect((JSON.parse(run.stdout) as Array<{ name: string; status: string }>).map((r) => [r.name, r.status])).toEqual([
        ['harbour 发布', 'active'],
        ['ferry', 'active'],
      ]);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'check - without --input-format says how to give the format, and exits 2',
    async () => {
      const before = sim.requestCount();
      const run = await runCli(['check', '-', '--allow-private-hosts'], { input: `platform,url\ntelegram,${sim.url}/harbour\n` });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--input-format csv|yaml|json');
      expect(sim.requestCount()).toBe(before);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'import - reads YAML from standard input',
    async () => {
      const env = { SLEEPWATCH_DATA: file('stdin-data') };
      const input = `- platform: telegram\n  url: ${sim.url}/harbour\n`;
      const run = await runCli(['import', '-', '--input-format', 'yaml', '--allow-private-hosts'], { input, env });
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('imported 1 accounts: 1 added, 0 updated, 0 unchanged');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'stops reading standard input past SLEEPWATCH_MAX_REGISTER_BYTES and names the setting',
    async () => {
      const input = `platform,url\n${'telegram,https://t.me/s/durov\n'.repeat(20_000)}`;
      const run = await runCli(['check', '-', '--input-format', 'csv'], { input, env: { SLEEPWATCH_MAX_REGISTER_BYTES: '100000' } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/larger than the limit of 100,000 bytes \(SLEEPWATCH_MAX_REGISTER_BYTES\)/);
    },
    SPAWN_TIMEOUT,
  );
});

describe('a register that is not a file', () => {
  it.each(['register.csv', 'register'])(
    'says a folder named %s is a directory, for check and import',
    async (name) => {
      await mkdir(file(name), { recursive: true });
      for (const command of ['check', 'import']) {
        const run = await runCli([command, `${file(name)}/`], { env: { SLEEPWATCH_DATA: file('dir-data') } });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/is a directory/);
      }
    },
    SPAWN_TIMEOUT,
  );
});

describe('a register too large or too bad', () => {
  it(
    'refuses a file larger than SLEEPWATCH_MAX_REGISTER_BYTES before reading it',
    async () => {
      await writeFile(file('large.csv'), `platform,url\n${'telegram,https://t.me/s/durov\n'.repeat(10_000)}`);
      const run = await runCli(['check', file('large.csv')], { env: { SLEEPWATCH_MAX_REGISTER_BYTES: '100000' } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/is 300,013 bytes, larger than the limit of 100,000 bytes \(SLEEPWATCH_MAX_REGISTER_BYTES\)/);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'shows the first hundred problems of a file of many bad rows, counts the rest, and stays short',
    async () => {
      const rows = Array.from({ length: 5000 }, (_, i) => `myspace,not a url ${i},name ${i},,,,strict,2m,Mars/Base,{not json`);
      await writeFile(file('bad-rows.csv'), `platform,url,name,unit,region,group,policy,interval,timezone,options\n${rows.join('\n')}\n`);
      for (const command of ['check', 'import']) {
        const run = await runCli([command, file('bad-rows.csv')], { env: { SLEEPWATCH_DATA: file('bad-data') } });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/has 30,000 problems; no account was loaded/);
        const lines = run.stderr.trimEnd().split('\n');
        expect(lines).toHaveLength(1 + 100 + 1);
        expect(lines.at(-1)).toBe('  … and 29,900 more problems');
        expect(run.stderr.length).toBeLessThan(16 * 1024);
      }
    },
    SPAWN_TIMEOUT,
  );

  it(
    'stops at the first record far past any field’s limit, without reading the rest',
    async () => {
      await writeFile(
        file('huge-cell.csv'),
        `platform,url,name\ntelegram,https://t.me/s/durov,${'x'.repeat(1_000_000)}\nmyspace,https://t.me/s/a,a\n`,
      );
      const run = await runCli(['import', file('huge-cell.csv')], { env: { SLEEPWATCH_DATA: file('huge-data') } });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /line 2, field "name": this record is longer than any valid account entry .* the rest of the file was not read/,
      );
      expect(run.stderr).not.toContain('myspace');
      expect(run.stderr.length).toBeLessThan(1024);
    },
    SPAWN_TIMEOUT,
  );
});

describe('a register whose URLs could never be fetched', () => {
  const register = [
    'platform,url,name',
    'telegram,https://t.me/s/durov,durov',
    'telegram,http://127.0.0.1:9/a,',
    'telegram,http://10.1.2.3/b,',
    'telegram,http://[::1]/c,',
    'telegram,http://localhost/d,',
    'telegram,http://169.254.169.254/latest,',
    'telegram,http://192.168.1.1/e,',
    '',
  ].join('\n');

  beforeAll(async () => {
    await writeFile(file('private.csv'), register);
  });

  it(
    'check names each such row with its reason and exits 2 before fetching anything',
    async () => {
      const run = await runCli(['check', file('private.csv')]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n').filter((l) => l.startsWith('  line'))).toEqual([
        '  line 3, field "url": 127.0.0.1 is a loopback address; ' +
          'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)',
        '  line 4, field "url": 10.1.2.3 is a private address; ' +
          'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)',
        '  line 5, field "url": ::1 is a loopback address; ' +
          'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)',
        '  line 6, field "url": localhost is a loopback name; ' +
          'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)',
        '  line 7, field "url": 169.254.169.254 is a cloud metadata address, refused always (even with --allow-private-hosts)',
        '  line 8, field "url": 192.168.1.1 is a private address; ' +
          'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)',
      ]);
      expect(run.stderr).toContain('nothing was fetched');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'refuses a metadata address even with the opt-in, from the flag or the environment',
    async () => {
      for (const run of [
        await runCli(['check', file('private.csv'), '--allow-private-hosts']),
        await runCli(['check', file('private.csv')], { env: { SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true' } }),
      ]) {
        expect(run.code).toBe(2);
        expect(run.stderr.split('\n').filter((l) => l.startsWith('  line'))).toEqual([
          '  line 7, field "url": 169.254.169.254 is a cloud metadata address, refused always (even with --allow-private-hosts)',
        ]);
      }
    },
    SPAWN_TIMEOUT,
  );

  it(
    'import keeps such accounts out of the register, and takes private ones with the opt-in',
    async () => {
      const env = { SLEEPWATCH_DATA: file('private-data') };
      const refused = await runCli(['import', file('private.csv')], { env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/has 6 problems; no account was imported/);
      await writeFile(
        file('intranet.csv'),
        register
          .split('\n')
          .filter((l) => !l.includes('169.254'))
          .join('\n'),
      );
      const allowed = await runCli(['import', file('intranet.csv'), '--allow-private-hosts'], { env });
      expect(allowed.stderr).toBe('');
      expect(allowed.stdout).toContain('imported 6 accounts: 6 added, 0 updated, 0 unchanged');
      const again = await runCli(['import', file('intranet.csv'), '--allow-private-hosts'], { env });
      expect(again.stdout).toContain('imported 6 accounts: 0 added, 0 updated, 6 unchanged');
    },
    SPAWN_TIMEOUT,
  );
});
