import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';
import { BACKENDS, createTestDatabase } from './support/stores.ts';

const GOOD =
  '\uFEFFplatform,url,name,unit,interval\ntelegram,https://t.me/nanjing,南京发布,市委宣传部,12h\nfeed,https://example.org/feed.xml,Example,,1d\n';
const RENAMED = 'platform,url,name\ntelegram,https://T.me/nanjing/,南京发布（新）\nfeed,https://example.org/feed.xml,Example\n';
const BAD =
  'platform,url,name\ntelegram,https://t.me/wuxi,无锡发布\nnosuch,https://example.org/x,Bad\nfeed,https://example.org/other.xml,Other,,soon\n';

describe.each(BACKENDS)('the accounts register on %s (import, accounts, history)', (backend) => {
  let dir: string;
  let env: Record<string, string>;
  let dropDatabase: (() => Promise<void>) | undefined;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-register-'));
    env = { SLEEPWATCH_DATA: file('data') };
    if (backend === 'postgres') {
      const database = await createTestDatabase();
      env.DATABASE_URL = database.url;
      dropDatabase = database.drop;
    }
    await writeFile(file('good.csv'), GOOD);
    await writeFile(file('renamed.csv'), RENAMED);
    await writeFile(file('bad.csv'), BAD);
  }, 60_000);

  afterAll(async () => {
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  });

  const accounts = async () => {
    const run = await runCli(['accounts', '--format', 'json'], { env });
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  };

  it('imports a register file and lists its accounts, due at once', async () => {
    const run = await runCli(['import', file('good.csv')], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 added, 0 updated, 0 unchanged');
    const rows = await accounts();
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'id',
        'name',
        'unit',
        'region',
        'group',
        'platform',
        'url',
        'status',
        'daysSilent',
        'lastPostAt',
        'followers',
        'outcome',
        'reason',
        'lastCheckedAt',
        'nextDueAt',
      ].sort(),
    );
    expect(rows[0]).toMatchObject({ name: '南京发布', platform: 'telegram', status: 'unknown', lastCheckedAt: null });
    expect(Date.parse(String(rows[0]!.nextDueAt))).toBeLessThanOrEqual(Date.now());
  }, 60_000);

  it('updates accounts matched by platform and URL on re-import instead of adding them again', async () => {
    const run = await runCli(['import', file('renamed.csv')], { env });
    expect(run.stdout).toContain('0 added, 1 updated, 1 unchanged');
    const rows = await accounts();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.name).toBe('南京发布（新）');
  }, 60_000);

  it('rejects a file with any invalid row, naming each line and field, and changes nothing', async () => {
    const run = await runCli(['import', file('bad.csv')], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/line 3, field "platform"/);
    expect(run.stderr).toMatch(/line 4/);
    expect(await accounts()).toHaveLength(2);
  }, 60_000);

  it('shows an account’s (still empty) history by id, and refuses an unknown account', async () => {
    const ok = await runCli(['history', '1', '--format', 'json'], { env });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([]);
    const missing = await runCli(['history', 'https://t.me/nosuch'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no registered account');
  }, 60_000);
});
