import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { BACKENDS, createTestDatabase } from './support/stores.ts';

const REGISTER = [
  'platform,url,name,unit,interval,options',
  'telegram,https://t.me/nanjing,南京发布,市委宣传部,12h,',
  'feed,https://example.org/feed.xml,"Example, Inc.",,1d,',
  'html,https://www.example.gov.cn/news/,示例政务网,示例市政府,90m,"{""lastPost"": "".news li span.date"", ""posts"": "".news li""}"',
  '',
].join('\n');

describe.each(BACKENDS)('accounts pause, resume, remove and export on %s', (backend) => {
  let dir: string;
  let env: Record<string, string>;
  let dropDatabase: (() => Promise<void>) | undefined;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-accounts-manage-'));
    env = { SLEEPWATCH_DATA: file('data') };
    if (backend === 'postgres') {
      const database = await createTestDatabase();
      env.DATABASE_URL = database.url;
      dropDatabase = database.drop;
    }
    await writeFile(file('register.csv'), REGISTER);
    const run = await runCli(['import', file('register.csv')], { env });
    expect(run.stdout).toContain('3 added');
  }, 60_000);

  afterAll(async () => {
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  });

  const listed = async (...flags: string[]) => {
    const run = await runCli(['accounts', '--format', 'json', ...flags], { env });
    expect(run.stderr).toBe('');
    return (JSON.parse(run.stdout) as Array<{ id: number; url: string }>).map((a) => a.url).sort();
  };

  it('lists subcommands in its help, and still lists accounts with its own flags', async () => {
    const help = await runCli(['accounts', '--help'], { env });
    expect(help.code).toBe(0);
    for (const command of ['pause <account>', 'resume <account>', 'remove [options] <account>', 'export [options]']) {
      expect(help.stdout).toContain(command);
    }
    expect(await listed('--status', 'unknown')).toHaveLength(3);
    expect(await listed('--status', 'sleeping')).toEqual([]);
  }, 60_000);

  it('pauses and resumes an account by id or URL, idempotently', async () => {
    for (const ref of ['1', 'https://T.me/nanjing/']) {
      const run = await runCli(['accounts', 'pause', ref], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('account 1 (南京发布) paused\n');
    }
    const resumed = await runCli(['accounts', 'resume', '1'], { env });
    expect(resumed.stdout).toBe('account 1 (南京发布) resumed\n');
  }, 60_000);

  it('refuses an account that nothing names, with exit code 2', async () => {
    for (const args of [
      ['pause', '999'],
      ['resume', 'https://t.me/nosuch'],
      ['remove', '999'],
    ]) {
      const run = await runCli(['accounts', ...args], { env });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('no registered account has id or URL');
    }
  }, 60_000);

  it('exports the register in each format, which imports back with nothing added or changed', async () => {
    for (const format of ['csv', 'yaml', 'json']) {
      const out = file(`export.${format}`);
      const run = await runCli(['accounts', 'export', '--format', format, '--output', out], { env });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(`exported 3 accounts to ${out}\n`);
      const back = await runCli(['import', out], { env });
      expect(back.stdout).toBe('imported 3 accounts: 0 added, 0 updated, 3 unchanged\n');
    }
    const csv = await runCli(['accounts', 'export'], { env });
    expect(csv.stdout).toBe(await readFile(file('export.csv'), 'utf8'));
    expect(csv.stdout.split('\n')[0]).toBe('platform,url,name,unit,region,group,policy,interval,timezone,options,access');
    expect(csv.stdout).toContain('html,https://www.example.gov.cn/news/,示例政务网,示例市政府,,,,1h30m,Asia/Shanghai,');
  }, 120_000);

  it('removes an account with its history kept, or purged; importing it again brings it back', async () => {
    const kept = await runCli(['accounts', 'remove', 'https://example.org/feed.xml'], { env });
    expect(kept.stdout).toBe('account 2 (Example, Inc.) removed; its observations are kept\n');
    expect(await listed()).toEqual(['https://t.me/nanjing', 'https://www.example.gov.cn/news/']);
    const gone = await runCli(['history', '2'], { env });
    expect(gone.code).toBe(2);
    expect((await runCli(['accounts', 'export'], { env })).stdout).not.toContain('example.org/feed.xml');

    const purged = await runCli(['accounts', 'remove', '3', '--purge'], { env });
    expect(purged.stdout).toBe('account 3 (示例政务网) removed, with everything recorded about it\n');
    expect(await listed()).toEqual(['https://t.me/nanjing']);

    const back = await runCli(['import', file('register.csv')], { env });
    expect(back.stdout).toBe('imported 3 accounts: 2 added, 0 updated, 1 unchanged\n');
    const run = await runCli(['accounts', '--format', 'json'], { env });
    const ids = new Map((JSON.parse(run.stdout) as Array<{ id: number; url: string }>).map((a) => [a.url, a.id]));
    // The removed account is the same account again (its history with it); the purged one is a new account.
    expect(ids.get('https://t.me/nanjing')).toBe(1);
    expect(ids.get('https://example.org/feed.xml')).toBe(2);
    expect(ids.get('https://www.example.gov.cn/news/')).toBeGreaterThan(3);
  }, 120_000);
});
