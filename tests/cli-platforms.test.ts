import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../src/platforms/platform-ids.ts';
import { runCli } from './support/run-cli.ts';

describe('sleepwatch platforms', () => {
  it('lists every adapter as JSON with what it reads, its URL forms, fetchers, required settings and politeness', async () => {
    const run = await runCli(['platforms', '--format', 'json']);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    expect(listed.map((p) => p.id)).toEqual([...PLATFORM_IDS]);
    const html = listed.find((p) => p.id === 'html');
    expect(html?.fetchers).toEqual(['http', 'browser']);
    expect(html?.urlForms).toEqual([
      'any http(s) page, with CSS selectors in options',
      'any http(s) JSON endpoint, with JSONPath expressions in options',
      'https://www.douyin.com/user/<sec_uid>, with {"preset": "douyin"}',
      'https://www.toutiao.com/c/user/token/<token>/, with {"preset": "toutiao"}',
    ]);
    const telegram = listed.find((p) => p.id === 'telegram');
    expect(telegram).toEqual({
      id: 'telegram',
      title: 'Telegram channel (t.me/s preview)',
      reads: { name: true, followers: true, postsCount: false, lastPost: true },
      urlForms: ['https://t.me/<channel>', 'https://t.me/s/<channel>', 'https://t.me/<channel>/<post>'],
      fetchers: ['http'],
      requiredSettings: [],
      politeness: { 't.me': { maxConcurrency: 1, minDelayMs: 1000 } },
    });
    expect(listed.map((p) => p.id)).toEqual(
      expect.arrayContaining(['telegram', 'mastodon', 'feed', 'html', 'weibo', 'wechat', 'bilibili', 'bluesky', 'youtube']),
    );
  }, 60_000);

  it('shows the same as a table by default', async () => {
    const run = await runCli(['platforms']);
    expect(run.code).toBe(0);
    for (const id of PLATFORM_IDS) expect(run.stdout).toMatch(new RegExp(`│ ${id} +│`));
    expect(run.stdout).toMatch(/│ id +│ platform +│ reads +│ account URLs +│ fetcher +│ required settings +│/);
    expect(run.stdout).toMatch(/│ mastodon +│ Mastodon +│ name, followers, posts count, last post +│/);
    expect(run.stdout).toContain('https://t.me/s/<channel>');
  }, 60_000);

  it('prints the Markdown table the README carries, and the README carries it as printed', async () => {
    const run = await runCli(['platforms', '--format', 'markdown']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\| id \| platform \| reads \| account URLs \| fetcher \| required settings \|\n/);
    expect(run.stdout).toContain('| weibo | ');
    expect(run.stdout).toContain('`https://t.me/s/<channel>`<br>');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme, 'README out of date: paste `sleepwatch platforms --format markdown`').toContain(run.stdout);
  }, 60_000);

  it('refuses an unknown format with a clear error', async () => {
    const run = await runCli(['platforms', '--format', 'csv']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--format.*csv|Allowed choices are table, json/);
  }, 60_000);
});
