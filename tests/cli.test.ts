import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileOptions } from '../src/fake-platforms/pages/profile.ts';
import type { FakeAccount } from '../src/fake-platforms/population.ts';
import { startFakePlatforms, type FakePlatforms } from '../src/fake-platforms/server.ts';
import { fakeAccount } from './support/fake-account.ts';
import { runCli } from './support/run-cli.ts';

/**
 * The `sleepwatch` command line, end to end: each test starts `node bin/sleepwatch.mjs` as a
 * user would and reads only what a user sees (stdout, stderr, exit code), against simulated
 * platforms served from this process, so the requests the CLI makes can be counted.
 */

const SPAWN_TIMEOUT = 60_000;
const NOW = '2026-05-20T09:00:00+08:00';
const DAY_MS = 86_400_000;

const DOCUMENTED_ROW_FIELDS = [
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
];

/** Silences half a day off the whole, so the floor of the silence is unambiguous. */
const POPULATION: FakeAccount[] = [
  fakeAccount({ key: 'sleepy', platform: 'telegram', silenceDays: 20.5, followers: 12_000, expectedStatus: 'sleeping' }),
  fakeAccount({ key: 'busy', platform: 'feed', variant: 'rss', silenceDays: 2.5, expectedStatus: 'active' }),
  fakeAccount({ key: 'never', platform: 'mastodon', silenceDays: null, postCount: 0, followers: 12_000, expectedStatus: 'empty' }),
  fakeAccount({ key: 'quiet', platform: 'html', variant: 'static', silenceDays: 12.5, followers: 12_000, expectedStatus: 'drifting' }),
  fakeAccount({ key: 'walled', platform: 'telegram', fault: 'captcha', expectedStatus: 'unknown' }),
];

const CHINESE_NAMES = ['睡眠频道', '活跃订阅', '空壳账号', '临近睡眠网站', '验证码频道'];

/** The register a user would write for POPULATION: BOM, Chinese names, the html options as a quoted JSON cell. */
function accountsCsv(base: string): string {
  const htmlOptions = `"${JSON.stringify(profileOptions('http')).replaceAll('"', '""')}"`;
  return (
    '\uFEFFplatform,url,name,group,options\n' +
    `telegram,${base}/sleepy,睡眠频道,新闻,\n` +
    `feed,${base}/feeds/busy.rss,活跃订阅,新闻,\n` +
    `mastodon,${base}/@never,空壳账号,,\n` +
    `html,${base}/pages/quiet,临近睡眠网站,政务,${htmlOptions}\n` +
    `telegram,${base}/walled,验证码频道,,\n`
  );
}

/** An instant as ISO 8601 UTC, so offsets written differently compare equal. */
const instant = (iso: string | null) => (iso === null ? null : new Date(iso).toISOString());
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * DAY_MS).toISOString();

interface Row {
  name: string;
  platform: string;
  url: string;
  status: string;
  daysSilent: number | null;
  lastPostAt: string | null;
  followers: number | null;
  outcome: string;
  reason: string;
}

let dir: string;
let sim: FakePlatforms;
let accountsFile: string;
const closers: Array<() => Promise<void>> = [];

/** A fresh simulated platform for one test, so "nothing was fetched" can be read as a count of zero. */
async function freshPlatforms(): Promise<FakePlatforms> {
  const server = await startFakePlatforms({ port: 0, accounts: POPULATION, now: new Date(NOW) });
  closers.push(() => server.close());
  return server;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-cli-'));
  sim = await freshPlatforms();
  accountsFile = path.join(dir, 'accounts.csv');
  await writeFile(accountsFile, accountsCsv(sim.url));
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('--help', () => {
  it.each([
    { command: [], lists: ['check', 'parse', 'demo', 'fake-platforms', '--version', '--help'] },
    {
      command: ['check'],
      lists: [
        '<accounts-file>',
        '--now',
        '--format',
        '--fail-on',
        '--concurrency',
        '--per-host-concurrency',
        '--per-host-delay-ms',
        '--allow-private-hosts',
      ],
    },
    { command: ['parse'], lists: ['<file>', '--platform', '--url', '--now', '--time-zone', '--options', '--judge', '--policy'] },
    { command: ['demo'], lists: ['--once', '--format'] },
    { command: ['fake-platforms'], lists: ['--port', '--accounts', '--seed', '--now', '--no-faults'] },
  ])(
    'sleepwatch $command --help exits 0 and lists $lists',
    async ({ command, lists }) => {
      const run = await runCli([...command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: sleepwatch/);
      for (const flag of lists) expect(run.stdout).toContain(flag);
    },
    SPAWN_TIMEOUT,
  );
});

describe('check against the simulated platforms', () => {
  it(
    'prints every account as a JSON row with the documented fields and its status, and exits 0',
    async () => {
      const run = await runCli(['check', accountsFile, '--now', NOW, '--format', 'json', '--allow-private-hosts']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const rows = JSON.parse(run.stdout) as Row[];
      for (const row of rows) expect(Object.keys(row).sort()).toEqual([...DOCUMENTED_ROW_FIELDS].sort());
      expect(rows.map((r) => ({ ...r, lastPostAt: instant(r.lastPostAt) }))).toEqual([
        // Worst first: the accounts that fail a spot check lead.
        {
          name: '睡眠频道',
          unit: null,
          region: null,
          group: '新闻',
          platform: 'telegram',
          url: `${sim.url}/sleepy`,
          status: 'sleeping',
          daysSilent: 20,
          lastPostAt: daysBefore(20.5),
          followers: 12_000,
          outcome: 'ok',
          reason: expect.stringMatching(/silent 20 days.*14-day red line/),
        },
        {
          name: '空壳账号',
          unit: null,
          region: null,
          group: null,
          platform: 'mastodon',
          url: `${sim.url}/@never`,
          status: 'empty',
          daysSilent: null,
          lastPostAt: null,
          followers: 12_000,
          outcome: 'ok',
          reason: expect.stringContaining('never posted'),
        },
        {
          name: '临近睡眠网站',
          unit: null,
          region: null,
          group: '政务',
          platform: 'html',
          url: `${sim.url}/pages/quiet`,
          status: 'drifting',
          daysSilent: 12,
          lastPostAt: daysBefore(12.5),
          followers: 12_000,
          outcome: 'ok',
          reason: expect.stringMatching(/silent 12 days.*2 days to the 14-day red line/),
        },
        {
          name: '验证码频道',
          unit: null,
          region: null,
          group: null,
          platform: 'telegram',
          url: `${sim.url}/walled`,
          status: 'unknown',
          daysSilent: null,
          lastPostAt: null,
          followers: null,
          outcome: 'blocked',
          reason: expect.stringContaining('captcha'),
        },
        {
          name: '活跃订阅',
          unit: null,
          region: null,
          group: '新闻',
          platform: 'feed',
          url: `${sim.url}/feeds/busy.rss`,
          status: 'active',
          daysSilent: 2,
          lastPostAt: daysBefore(2.5),
          followers: null,
          outcome: 'ok',
          reason: expect.stringContaining('last post'),
        },
      ]);
    },
    SPAWN_TIMEOUT,
  );

  it(
    '--format csv prints the documented header and one record per account; --fail-on sleeping then exits 3 with the report still on stdout',
    async () => {
      const run = await runCli(['check', accountsFile, '--now', NOW, '--format', 'csv', '--fail-on', 'sleeping', '--allow-private-hosts']);
      expect(run.code).toBe(3);
      const [header] = run.stdout.split('\n');
      expect(header).toBe(DOCUMENTED_ROW_FIELDS.join(','));
      const records = parseCsv<Record<string, string>>(run.stdout, { columns: true });
      expect(records.map((r) => [r['name'], r['status'], r['daysSilent'], r['outcome']])).toEqual([
        ['睡眠频道', 'sleeping', '20', 'ok'],
        ['空壳账号', 'empty', '', 'ok'],
        ['临近睡眠网站', 'drifting', '12', 'ok'],
        ['验证码频道', 'unknown', '', 'blocked'],
        ['活跃订阅', 'active', '2', 'ok'],
      ]);
    },
    SPAWN_TIMEOUT,
  );

  it(
    '--format table shows the Chinese names and statuses; --fail-on zombie exits 0 when no account is a zombie',
    async () => {
      const run = await runCli(['check', accountsFile, '--now', NOW, '--format', 'table', '--fail-on', 'zombie', '--allow-private-hosts']);
      expect(run.code).toBe(0);
      for (const name of CHINESE_NAMES) expect(run.stdout).toContain(name);
      for (const status of ['sleeping', 'active', 'empty', 'drifting', 'unknown']) expect(run.stdout).toContain(status);
      expect(run.stdout).toMatch(/│ name +│ unit +│ region +│ group +│ platform +│ status +│/);
      expect(run.stdout.indexOf('睡眠频道')).toBeLessThan(run.stdout.indexOf('活跃订阅'));
      expect(run.stdout.endsWith('\n5 accounts: sleeping 1, empty 1, drifting 1, unknown 1, active 1\n')).toBe(true);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'speaks SLEEPWATCH_LOCALE in tables: Chinese headers and the national checklist’s status names, and a summary line',
    async () => {
      const run = await runCli(['check', accountsFile, '--now', NOW, '--format', 'table', '--allow-private-hosts'], {
        env: { SLEEPWATCH_LOCALE: 'zh-CN' },
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/│ 账号名称 +│ 开设主体 +│ 地区 +│ 分组 +│ 平台 +│ 状态 +│ 未更新天数 +│ 最近发布 +│/);
      for (const status of ['睡眠', '活跃', '空壳', '临近睡眠', '未知']) expect(run.stdout).toContain(`│ ${status} `);
      expect(run.stdout.endsWith('\n共 5 个账号：睡眠 1，空壳 1，临近睡眠 1，未知 1，活跃 1\n')).toBe(true);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'refuses loopback targets without --allow-private-hosts: exit 2 naming every such row, nothing fetched',
    async () => {
      const server = await freshPlatforms();
      const file = path.join(dir, 'refused.csv');
      await writeFile(file, accountsCsv(server.url));
      const run = await runCli(['check', file, '--now', NOW, '--format', 'json']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      for (let line = 2; line <= POPULATION.length + 1; line++) {
        expect(run.stderr).toMatch(
          new RegExp(`line ${line}, field "url": 127\\.0\\.0\\.1 is a loopback address; private targets need --allow-private-hosts`),
        );
      }
      expect(server.requestCount()).toBe(0);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'takes SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true from the environment like --allow-private-hosts',
    async () => {
      const run = await runCli(['check', accountsFile, '--now', NOW, '--format', 'json'], {
        env: { SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true' },
      });
      expect(run.code).toBe(0);
      const rows = JSON.parse(run.stdout) as Row[];
      expect(rows.map((r) => r.status)).toEqual(['sleeping', 'empty', 'drifting', 'unknown', 'active']);
    },
    SPAWN_TIMEOUT,
  );
});

describe('check rejects invalid input with exit 2 before fetching anything', () => {
  it(
    'lists every invalid row of the accounts file by line and field, prints no report and checks no account',
    async () => {
      const server = await freshPlatforms();
      const base = server.url;
      const file = path.join(dir, 'invalid.csv');
      await writeFile(
        file,
        'platform,url,name,interval,options\n' +
          `telegram,${base}/sleepy,睡眠频道,,\n` +
          `myspace,${base}/someone,未知平台,,\n` +
          `feed,${base}/feeds/busy.rss,活跃订阅,6h,\n` +
          `telegram,${base}/walled,验证码频道,soon,\n` +
          `html,${base}/pages/quiet,临近睡眠网站,,"{""lastPost"": ""div >"", ""colour"": ""red""}"\n`,
      );
      const run = await runCli(['check', file, '--allow-private-hosts']);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('line 3, field "platform"');
      expect(run.stderr).toContain('myspace');
      expect(run.stderr).toContain('line 5, field "interval"');
      expect(run.stderr).toContain('"soon"');
      expect(run.stderr).toMatch(/line 6, field "options[."]/);
      expect(run.stderr).not.toMatch(/line [24]\b/);
      expect(server.requestCount()).toBe(0);
    },
    SPAWN_TIMEOUT,
  );

  it.each([
    { flags: ['--now', 'yesterday'], says: /--now.*"yesterday"/s },
    { flags: ['--format', 'xml'], says: /--format.*'xml' is invalid/ },
    { flags: ['--concurrency', '0'], says: /--concurrency.*"0"/s },
    { flags: ['--fail-on', 'asleep'], says: /--fail-on.*"asleep"/s },
    { flags: ['--bogus'], says: /unknown option '--bogus'/ },
  ])(
    'exits 2 naming the flag for $flags',
    async ({ flags, says }) => {
      const before = sim.requestCount();
      const run = await runCli(['check', accountsFile, '--allow-private-hosts', ...flags]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(says);
      expect(run.stdout).toBe('');
      expect(sim.requestCount()).toBe(before);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 naming the variable when the environment holds an invalid setting',
    async () => {
      const before = sim.requestCount();
      const run = await runCli(['check', accountsFile, '--allow-private-hosts'], { env: { SLEEPWATCH_PER_HOST_DELAY_MS: '-5' } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('SLEEPWATCH_PER_HOST_DELAY_MS');
      expect(run.stdout).toBe('');
      expect(sim.requestCount()).toBe(before);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'exits 2 when the accounts file does not exist',
    async () => {
      const missing = path.join(dir, 'no-such-accounts.csv');
      const run = await runCli(['check', missing]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(missing);
      expect(run.stderr).toContain('does not exist');
    },
    SPAWN_TIMEOUT,
  );
});

describe('parse', () => {
  /** A small news page: an old post first, the newest in the middle. */
  const NEWS_PAGE = `<!DOCTYPE html><html><body><ul>
  <li class="post"><a href="2026/old.html">旧闻</a><time datetime="2025-11-02T10:00:00+08:00">2025-11-02</time></li>
  <li class="post"><a href="2026/new.html">新闻发布会</a><time datetime="2026-04-28T15:30:00+08:00">2026-04-28</time></li>
  <li class="post"><a href="2026/mid.html">工作动态</a><time datetime="2026-03-01T09:00:00+08:00">2026-03-01</time></li>
</ul></body></html>`;

  it(
    'prints the Observation of a saved Telegram page, newest post by date and service messages left out',
    async () => {
      const run = await runCli([
        'parse',
        '--platform',
        'telegram',
        'src/platforms/telegram/fixtures/mixed-order.html',
        '--now',
        '2026-03-20T00:00:00Z',
      ]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        platform: 'telegram',
        outcome: 'ok',
        fetchedAt: '2026-03-20T00:00:00.000Z',
        displayName: 'Harbour Ferry Updates',
        followers: 858,
        lastPostAt: '2026-03-09T16:20:05+00:00',
        lastPostUrl: 'https://t.me/harbour_ferry/203',
        error: null,
      });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'judges a saved page as of --now with --judge: status and reason, in the configured language',
    async () => {
      const run = await runCli(
        ['parse', '--platform', 'telegram', 'src/platforms/telegram/fixtures/mixed-order.html', '--now', '2026-03-25T00:00:00Z', '--judge'],
        { env: { SLEEPWATCH_LOCALE: 'zh-CN' } },
      );
      expect(run.code).toBe(0);
      const { observation, judgement } = JSON.parse(run.stdout);
      expect(observation).toMatchObject({ platform: 'telegram', lastPostAt: '2026-03-09T16:20:05+00:00' });
      expect(judgement).toMatchObject({ status: 'sleeping', daysSilent: 15, explanation: { code: 'silent', line: 'red-line' } });
      // 16:20 UTC on 9 March is 00:20 on 10 March in the default zone, Asia/Shanghai: the reason names the 10th.
      expect(judgement.reason).toBe('已 15 天未更新（最近一次发布于 2026-03-10）；已超过两周红线');
      const unknownPolicy = await runCli([
        'parse',
        '--platform',
        'telegram',
        'src/platforms/telegram/fixtures/mixed-order.html',
        '--judge',
        '--policy',
        'strict',
      ]);
      expect(unknownPolicy.code).toBe(2);
      expect(unknownPolicy.stderr).toContain('--policy');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'reads an html page with the selectors given in --options',
    async () => {
      const file = path.join(dir, 'news.html');
      await writeFile(file, NEWS_PAGE);
      const run = await runCli(['parse', '--platform', 'html', '--options', '{"lastPost": ".post time@datetime"}', file]);
      expect(run.code).toBe(0);
      const observation = JSON.parse(run.stdout) as { outcome: string; lastPostAt: string };
      expect(observation.outcome).toBe('ok');
      expect(instant(observation.lastPostAt)).toBe('2026-04-28T07:30:00.000Z');
    },
    SPAWN_TIMEOUT,
  );

  it(
    'reads standard input for "-", resolving links against --url',
    async () => {
      const run = await runCli(
        [
          'parse',
          '--platform',
          'html',
          '--url',
          'https://www.example.gov.cn/news/',
          '--options',
          '{"lastPost": ".post time@datetime", "posts": ".post"}',
          '-',
        ],
        { input: NEWS_PAGE },
      );
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        outcome: 'ok',
        url: 'https://www.example.gov.cn/news/',
        lastPostUrl: 'https://www.example.gov.cn/news/2026/new.html',
        lastPostExcerpt: '新闻发布会',
      });
    },
    SPAWN_TIMEOUT,
  );

  it(
    'refuses a page larger than SLEEPWATCH_MAX_RESPONSE_BYTES, from a file or standard input, before reading it whole',
    async () => {
      const file = path.join(dir, 'large.html');
      const large = NEWS_PAGE.padEnd(4096, ' ');
      await writeFile(file, large);
      const env = { SLEEPWATCH_MAX_RESPONSE_BYTES: '2048' };
      for (const [args, opts] of [
        [[file], {}],
        [['-'], { input: large }],
      ] as const) {
        const run = await runCli(['parse', '--platform', 'html', '--options', '{"lastPost": "time"}', ...args], { env, ...opts });
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/larger than 2048 bytes, the limit on a page's size \(SLEEPWATCH_MAX_RESPONSE_BYTES\)/);
        expect(run.stdout).toBe('');
      }
      const within = await runCli(['parse', '--platform', 'html', '--options', '{"lastPost": "time"}', file], {
        env: { SLEEPWATCH_MAX_RESPONSE_BYTES: String(Buffer.byteLength(large)) },
      });
      expect(within.code).toBe(0);
    },
    SPAWN_TIMEOUT,
  );

  it(
    'reads a page of 200,000 nested elements as unknown, saying why',
    async () => {
      const file = path.join(dir, 'nested.html');
      await writeFile(file, `<html><body>${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</body></html>`);
      const run = await runCli(['parse', '--platform', 'telegram', '--judge', file]);
      expect(run.code).toBe(0);
      const { observation, judgement } = JSON.parse(run.stdout);
      expect(observation).toMatchObject({ outcome: 'error', error: 'page nested too deeply to read (over 1,000 levels)' });
      expect(judgement.status).toBe('unknown');
    },
    SPAWN_TIMEOUT,
  );

  it.each([
    { flags: ['--platform', 'html', '--options', '{bad'], says: /--options.*not valid JSON/s },
    { flags: ['--platform', 'nosuch'], says: /"nosuch".*telegram, mastodon, feed, html/s },
  ])(
    'exits 2 with a clear message for $flags',
    async ({ flags, says }) => {
      const run = await runCli(['parse', ...flags, 'src/platforms/telegram/fixtures/mixed-order.html']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(says);
      expect(run.stdout).toBe('');
    },
    SPAWN_TIMEOUT,
  );
});

describe('demo', () => {
  it('checks about fifty simulated accounts through the real crawlers and every status is the one the simulation expects', async () => {
    const run = await runCli(['demo', '--once', '--format', 'json'], { timeoutMs: 110_000 });
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<Row & { expected: string }>;
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(rows.length).toBeLessThanOrEqual(60);
    for (const row of rows) {
      expect(typeof row.status).toBe('string');
      expect(typeof row.expected).toBe('string');
    }
    expect(rows.filter((r) => r.status !== r.expected).map((r) => `${r.url}: ${r.status}, expected ${r.expected} (${r.reason})`)).toEqual(
      [],
    );
    // A demo that only shows one status proves little: the bundled accounts cover the spread.
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['active', 'drifting', 'sleeping', 'zombie', 'empty', 'unknown']));
  }, 120_000);
});
