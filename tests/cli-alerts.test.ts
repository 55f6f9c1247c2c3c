import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '../src/accounts/account.ts';
import { openAlert } from '../src/store/alerts-repository.ts';
import { importAccounts, listAccounts } from '../src/store/accounts-repository.ts';
import { openStore } from '../src/store/database.ts';
import { runCli } from './support/run-cli.ts';

const PUBLIC_URL = 'https://alerts.example.org';
const BOT_KEY = 'c0ffee00-bot-key-1234';
const WECOM_URL = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${BOT_KEY}`;
const SECRET = 'correct-horse-battery-staple-42';

interface PrintedFeed {
  id: number;
  token: string;
  locale: string;
  filter: Record<string, string[]>;
  urls: { rss: string; atom: string; json: string };
}

describe('alert subscriptions on the command line (feeds, webhooks, alerts)', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-cli-alerts-'));
    env = { SLEEPWATCH_DATA: path.join(dir, 'data'), SLEEPWATCH_PUBLIC_URL: PUBLIC_URL, SLEEPWATCH_LOCALE: 'zh-CN' };
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const listFeeds = async () => {
    const run = await runCli(['feeds', 'list', '--format', 'json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as PrintedFeed[];
  };

  describe('feeds', () => {
    it('rejects an unknown status with exit 2, naming the flag, and stores nothing', async () => {
      const run = await runCli(['feeds', 'add', '--status', 'sleeping,sleepy'], { env });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('field "--status": unknown status "sleepy"');
      expect(await listFeeds()).toEqual([]);
    }, 60_000);

    it('adds a feed with its filter and prints its RSS, Atom and JSON Feed URLs on the public address', async () => {
      const run = await runCli(['feeds', 'add', '--status', 'sleeping', '--status', 'zombie', '--unit', '市委宣传部', '--format', 'json'], {
        env,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const feed = JSON.parse(run.stdout) as PrintedFeed;
      expect(Object.keys(feed).sort()).toEqual(['filter', 'id', 'locale', 'token', 'urls']);
      expect(feed.filter).toEqual({ statuses: ['sleeping', 'zombie'], units: ['市委宣传部'] });
      // The default locale is the configured one.
      expect(feed.locale).toBe('zh-CN');
      expect(feed.urls).toEqual({
        rss: `${PUBLIC_URL}/feeds/alerts.rss?token=${feed.token}`,
        atom: `${PUBLIC_URL}/feeds/alerts.atom?token=${feed.token}`,
        json: `${PUBLIC_URL}/feeds/alerts.json?token=${feed.token}`,
      });

      const text = await runCli(['feeds', 'add', '--locale', 'en', '--severity', 'critical'], { env });
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^feed \d+ added \(severity=critical, en\)$/m);
      expect(text.stdout).toMatch(new RegExp(`^RSS: +${PUBLIC_URL}/feeds/alerts\\.rss\\?token=[\\w-]{43}$`, 'm'));
    }, 60_000);

    it('lists the feeds with their filters, locales and URLs', async () => {
      const feeds = await listFeeds();
      expect(feeds.map((f) => [f.locale, f.filter])).toEqual([
        ['zh-CN', { statuses: ['sleeping', 'zombie'], units: ['市委宣传部'] }],
        ['en', { severities: ['critical'] }],
      ]);
      for (const feed of feeds) expect(feed.urls.atom).toContain(feed.token);

      const table = await runCli(['feeds', 'list'], { env });
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('status=sleeping,zombie unit=市委宣传部');
      expect(table.stdout).toContain(feeds[1]!.urls.json);
    }, 60_000);

    it('removes feeds by id or by token, and says so clearly, without echoing a token, when there is none', async () => {
      const [first, second] = await listFeeds();
      expect((await runCli(['feeds', 'remove', String(first!.id)], { env })).code).toBe(0);
      expect((await runCli(['feeds', 'remove', second!.token], { env })).code).toBe(0);
      expect(await listFeeds()).toEqual([]);

      const again = await runCli(['feeds', 'remove', second!.token], { env });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('no feed has that token');
      expect(again.stderr).not.toContain(second!.token);
      const byId = await runCli(['feeds', 'remove', String(first!.id)], { env });
      expect(byId.code).toBe(2);
      expect(byId.stderr).toContain(`no feed has id ${first!.id}`);
    }, 120_000);
  });

  describe('webhooks', () => {
    it('refuses a secret shorter than 16 characters with exit 2, without repeating the secret or the bot key', async () => {
      const run = await runCli(['webhooks', 'add', WECOM_URL, '--secret', 'short-secret', '--format', 'wecom'], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('field "--secret"');
      expect(run.stderr).toContain('16');
      expect(run.stderr).not.toContain('short-secret');
      expect(run.stderr).not.toContain(BOT_KEY);
    }, 60_000);

    it('needs a secret for http(s) receivers, and an http(s) or mailto: target', async () => {
      const noSecret = await runCli(['webhooks', 'add', 'https://example.org/hook'], { env });
      expect(noSecret.code).toBe(2);
      expect(noSecret.stderr).toContain('field "--secret": required');
      const ftp = await runCli(['webhooks', 'add', 'ftp://example.org/hook', '--secret', SECRET], { env });
      expect(ftp.code).toBe(2);
      expect(ftp.stderr).toContain('field "<url>"');
    }, 60_000);

    it('adds webhooks and e-mail targets, and lists them without secrets or bot keys', async () => {
      const wecom = await runCli(['webhooks', 'add', WECOM_URL, '--secret', SECRET, '--format', 'wecom', '--severity', 'critical'], {
        env,
      });
      // Where the bot's name does not resolve (an offline machine), that is a warning, not a refusal.
      expect(wecom.stderr.replace(/^sleepwatch: warning: qyapi\.weixin\.qq\.com does not resolve from here .*\n/m, '')).toBe('');
      expect(wecom.code).toBe(0);
      expect(wecom.stdout).toMatch(/^webhook \d+ added/);
      expect(wecom.stdout).not.toContain(BOT_KEY);
      const email = await runCli(['webhooks', 'add', 'mailto:duty@example.org,office@example.org', '--locale', 'en'], {
        env: { ...env, SLEEPWATCH_SMTP_URL: 'smtp://127.0.0.1:2525' },
      });
      expect(email.code).toBe(0);

      const table = await runCli(['webhooks', 'list'], { env });
      const json = await runCli(['webhooks', 'list', '--format', 'json'], { env });
      for (const run of [table, json]) {
        expect(run.code).toBe(0);
        expect(run.stdout).not.toContain(SECRET);
        expect(run.stdout).not.toContain(BOT_KEY);
        expect(run.stdout).not.toContain('?key=');
      }
      const hooks = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      expect(hooks.map((h) => [h.url, h.format, h.locale])).toEqual([
        ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…', 'wecom', 'zh-CN'],
        ['mailto:duty@example.org,office@example.org', 'generic', 'en'],
      ]);
      expect(hooks[0]).not.toHaveProperty('secret');

      expect((await runCli(['webhooks', 'remove', String(hooks[1]!.id)], { env })).code).toBe(0);
      const missing = await runCli(['webhooks', 'remove', String(hooks[1]!.id)], { env });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`no webhook has id ${String(hooks[1]!.id)}`);
    }, 120_000);
  });

  describe('alerts', () => {
    it('prints [] while no alert was raised', async () => {
      const run = await runCli(['alerts', '--format', 'json'], { env });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual([]);
    }, 60_000);

    it('prints each alert with the documented fields in the configured language', async () => {
      // The embedded store has one owner at a time: this runs only while no CLI does.
      const store = await openStore({ dataDir: env.SLEEPWATCH_DATA! });
      try {
        const now = new Date('2026-05-14T01:00:00Z');
        await importAccounts(
          store.db,
          [
            {
              platform: 'telegram',
              url: 'https://t.me/s/nanjing',
              name: '南京发布',
              unit: '市委宣传部',
              region: null,
              group: null,
              policy: null,
              intervalMs: 86_400_000,
              timeZone: DEFAULT_TIME_ZONE,
              options: {},
            },
          ],
          now,
        );
        const [account] = await listAccounts(store.db);
        const reason = {
          code: 'silent',
          line: 'red-line',
          daysSilent: 15,
          lastPostAt: '2026-04-29T08:00:00.000Z',
          redLineDays: 14,
          zombieDays: 90,
        } as const;
        await openAlert(
          store.db,
          {
            key: `silence:${account!.id}`,
            kind: 'silence',
            severity: 'critical',
            status: 'sleeping',
            platform: 'telegram',
            accountId: account!.id,
            reason,
            evidence: null,
          },
          now,
        );
      } finally {
        await store.close();
      }

      const run = await runCli(['alerts', '--format', 'json', '--state', 'open'], { env });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const rows = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        kind: 'silence',
        state: 'open',
        severity: 'critical',
        accountName: '南京发布',
        platform: 'telegram',
        url: 'https://t.me/s/nanjing',
        status: 'sleeping',
        title: '南京发布 (telegram)：睡眠(两周未更新)',
        openedAt: '2026-05-14T01:00:00.000Z',
        resolvedAt: null,
      });
      expect(Object.keys(rows[0]!).sort()).toEqual(
        [
          ...['id', 'kind', 'state', 'severity', 'accountName', 'platform', 'url', 'status', 'title', 'reason', 'openedAt', 'resolvedAt'],
          ...['acknowledgedAt', 'acknowledgedBy', 'ackNote'],
        ].sort(),
      );
      expect(rows[0]!.reason).toContain('已 15 天未更新');

      const resolved = await runCli(['alerts', '--state', 'resolved', '--format', 'json'], { env });
      expect(JSON.parse(resolved.stdout)).toEqual([]);
    }, 120_000);
  });
});
