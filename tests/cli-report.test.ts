import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

const REGISTER =
  'platform,url,name,unit,region\n' +
  'telegram,https://t.me/nanjing,南京发布,市委宣传部,南京\n' +
  'telegram,https://t.me/wuxi,无锡发布,无锡市政府,无锡\n' +
  'feed,https://example.org/feed.xml,Example,市委宣传部,南京\n';

/** After the register was imported (now), so every account is in scope; no account was looked at yet. */
const AS_OF = '2099-12-31';

describe('sleepwatch report spot-check', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-cli-report-'));
    env = { SLEEPWATCH_DATA: path.join(dir, 'data') };
    await writeFile(path.join(dir, 'register.csv'), REGISTER);
    expect((await runCli(['import', path.join(dir, 'register.csv')], { env })).code).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes the report as JSON, the same twice for the same seed; accounts never looked at are not determinable', async () => {
    const args = ['report', 'spot-check', '--as-of', AS_OF, '--sample', '2', '--format', 'json'];
    const run = await runCli(args, { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      checkTime: '2099-12-31T15:59:59.999Z',
      seed: AS_OF,
      scope: 3,
      sampleSize: 2,
      overall: { sampled: 2, passed: 0, failed: 0, notDeterminable: 2, rate: null },
    });
    expect((await runCli(args, { env })).stdout).toBe(run.stdout);
  });

  it('writes the CSV attachment to --output, with English headers when the locale is en', async () => {
    const out = path.join(dir, 'report.csv');
    const args = ['report', 'spot-check', '--as-of', AS_OF, '--sample', '100%', '--by', 'unit', '--format', 'csv', '--output', out];
    const run = await runCli(args, { env: { ...env, SLEEPWATCH_LOCALE: 'en' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('spot check of 3 of 3 accounts');
    const csv = await readFile(out, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      '\uFEFFNo.,Region,Operator,Account name,Platform,Problem category,Problem description,Last update at check time,Conclusion',
    );
    expect(csv.split('\n')).toHaveLength(5);
  });

  it('refuses a bad flag with exit 2, naming it', async () => {
    for (const [flag, value] of [
      ['--sample', 'lots'],
      ['--sample', '0%'],
      ['--as-of', 'yesterday'],
      ['--as-of', '2026-02-31'],
      ['--by', 'colour'],
      ['--format', 'pdf'],
    ] as const) {
      const run = await runCli(['report', 'spot-check', '--as-of', AS_OF, flag, value], { env });
      expect(run.code, `${flag} ${value}`).toBe(2);
      expect(run.stderr).toContain(flag);
      expect(run.stdout).toBe('');
    }
    const missing = await runCli(['report', 'spot-check'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--as-of');
  });
});
