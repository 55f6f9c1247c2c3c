import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parseAtomFeed, parseFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../src/domain/locale.ts';
import { DEFAULT_TIME_ZONE, type Account } from '../src/accounts/account.ts';
import { renderReason } from '../src/activity/render-reason.ts';
import type { AlertEvent } from '../src/domain/alert.ts';
import { describeEvent } from '../src/alerts/event-text.ts';
import type { FeedFormat } from '../src/alerts/feeds/render-feed.ts';
import { buildHttpApp, startHttpServer } from '../src/api/http-server.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { Monitor } from '../src/jobs/monitor.ts';
import { openAlert, resolveAlert, updateAlert } from '../src/store/alerts-repository.ts';
import { importAccounts, listAccounts } from '../src/store/accounts-repository.ts';
import { addFeed, type FeedSubscription } from '../src/store/subscriptions-repository.ts';
import { testCrawlSettings } from './support/simulated.ts';

const PUBLIC_URL = 'https://sleepwatch.example.org';

const ACCOUNTS: Account[] = [
  {
    platform: 'telegram',
    url: 'https://t.me/s/nanjing',
    name: '南京发布',
    unit: '市委宣传部',
    region: null,
    group: '新闻',
    policy: null,
    intervalMs: 86_400_000,
    timeZone: DEFAULT_TIME_ZONE,
    options: {},
  },
  {
    platform: 'feed',
    url: 'https://example.org/health.xml',
    name: 'Health Office',
    unit: '市卫健委',
    region: null,
    group: '卫生',
    policy: null,
    intervalMs: 86_400_000,
    timeZone: DEFAULT_TIME_ZONE,
    options: {},
  },
];

const at = (iso: string) => new Date(iso);

describe('the HTTP server of serve (health, alert feeds, alerts API)', () => {
  let dir: string;
  let monitor: Monitor;
  let config: Config;
  let app: FastifyInstance;
  /** Every event, newest first, as feeds list them. */
  let events: AlertEvent[];
  let everything: FeedSubscription;
  /** Chinese, and only the alerts of the 市委宣传部 accounts. */
  let propagandaUnit: FeedSubscription;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-api-'));
    config = loadConfig({
      SLEEPWATCH_DATA: path.join(dir, 'data'),
      SLEEPWATCH_PUBLIC_URL: PUBLIC_URL,
      SLEEPWATCH_QUEUE_PREFIX: `api${process.pid}`,
    });
    monitor = await Monitor.start(config, {
      scheduler: false,
      worker: false,
      tickMs: 60_000,
      batchSize: 1000,
      workerConcurrency: 1,
      lockDurationMs: 30_000,
      crawl: testCrawlSettings(),
    });
    const db = monitor.store.db;
    await importAccounts(db, ACCOUNTS, at('2026-04-01T00:00:00Z'));
    const [nanjing, health] = await listAccounts(db);

    const silent = {
      code: 'silent',
      line: 'warn',
      daysSilent: 10,
      lastPostAt: '2026-04-29T08:00:00.000Z',
      redLineDays: 14,
      zombieDays: 90,
    } as const;
    const drifting = (await openAlert(
      db,
      {
        key: `silence:${nanjing!.id}`,
        kind: 'silence',
        severity: 'warning',
        status: 'drifting',
        platform: 'telegram',
        accountId: nanjing!.id,
        reason: silent,
        evidence: null,
      },
      at('2026-05-09T01:00:00Z'),
    ))!;
    const empty = (await openAlert(
      db,
      {
        key: `empty:${health!.id}`,
        kind: 'empty',
        severity: 'warning',
        status: 'empty',
        platform: 'feed',
        accountId: health!.id,
        reason: { code: 'never-posted' },
        evidence: null,
      },
      at('2026-05-10T02:00:00Z'),
    ))!;
    const sleeping = (await updateAlert(
      db,
      drifting.alert.id,
      { severity: 'critical', status: 'sleeping', reason: { ...silent, line: 'red-line', daysSilent: 15 } },
      at('2026-05-14T01:00:00Z'),
      'escalated',
    ))!;
    const posted = await resolveAlert(
      db,
      empty.alert.id,
      'resolved',
      { code: 'active', daysSilent: 0, lastPostAt: '2026-05-15T00:00:00.000Z' },
      at('2026-05-15T03:00:00Z'),
    );
    const parserBroken = (await openAlert(
      db,
      {
        key: 'parser-broken:telegram',
        kind: 'parser-broken',
        severity: 'warning',
        status: null,
        platform: 'telegram',
        accountId: null,
        reason: { code: 'parser-broken', platform: 'telegram', failed: 9, total: 10 },
        evidence: null,
      },
      at('2026-05-16T04:30:00Z'),
    ))!;
    events = [parserBroken, posted, sleeping, empty, drifting];
    // Feeds list events newest first by id; the events above were recorded in time order.
    expect(events.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);

    everything = await addFeed(db, { filter: {}, locale: 'en' });
    propagandaUnit = await addFeed(db, { filter: { units: ['市委宣传部'] }, locale: 'zh-CN' });
    app = buildHttpApp({ store: monitor.store, queues: monitor.queues, config });
    await app.ready();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await monitor?.stop();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const feedUrl = (format: FeedFormat, feed: FeedSubscription, query = '') => `/feeds/alerts.${format}?token=${feed.token}${query}`;
  const eventIds = (list: AlertEvent[]) => list.map((e) => `urn:sleepwatch:alert-event:${e.id}`);

  describe('health', () => {
    it('answers /healthz while the process runs, and /readyz once the store and the queue answer', async () => {
      const live = await get('/healthz');
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ ok: true });
      const ready = await get('/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ ok: true, store: 'up', queue: monitor.queues.backend });
      expect(ready.headers['cache-control']).toBe('no-store');
    });

    it('listens on a real port and closes gracefully', async () => {
      const server = await startHttpServer({ store: monitor.store, queues: monitor.queues, config }, { port: 0 });
      try {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const res = await fetch(`${server.url}/healthz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ok: true });
      } finally {
        await server.close();
      }
    });

    it('answers unknown paths 404 in JSON', async () => {
      const missing = await get('/nothing-here');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ error: 'not found' });
    });
  });

  describe('alert feeds', () => {
    it('are 404 without a token or with a wrong one, answered exactly like a path that does not exist', async () => {
      const unknownPath = await get('/nothing-here');
      for (const url of ['/feeds/alerts.rss', '/feeds/alerts.atom?token=', `/feeds/alerts.json?token=${everything.token}x`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.body, url).toBe(unknownPath.body);
      }
    });

    it('serve every event as RSS, Atom and JSON Feed that an independent parser reads, in the feed’s language', async () => {
      for (const format of ['rss', 'atom', 'json'] as const) {
        const res = await get(feedUrl(format, everything));
        expect(res.statusCode, format).toBe(200);
        expect(parseFeed(res.body).format).toBe(format);
        const feed = readBack(format, res.body);
        expect(feed.ids, format).toEqual(eventIds(events));
        expect(feed.titles, format).toEqual(events.map((e) => describeEvent(e, 'en').title));
        expect(feed.title, format).toBe('sleepwatch alerts');
      }
    });

    it('apply the feed’s stored filter and locale', async () => {
      const res = await get(feedUrl('rss', propagandaUnit));
      const feed = readBack('rss', res.body);
      const unitEvents = events.filter((e) => e.alert.account?.unit === '市委宣传部');
      expect(unitEvents).toHaveLength(2);
      expect(feed.ids).toEqual(eventIds(unitEvents));
      expect(feed.titles).toEqual(unitEvents.map((e) => describeEvent(e, 'zh-CN' satisfies Locale).title));
      expect(feed.titles[0]).toMatch(/^【升级】南京发布/);
      expect(feed.title).toBe('sleepwatch 告警');
    });

    it('narrow further by query parameters, which must match as well as the stored filter', async () => {
      const sleeping = readBack('json', (await get(feedUrl('json', everything, '&status=sleeping'))).body);
      expect(sleeping.ids).toEqual(eventIds(events.filter((e) => e.alert.status === 'sleeping')));
      const severities = readBack(
        'json',
        (await get(feedUrl('json', everything, '&severity=critical&severity=warning&platform=telegram'))).body,
      );
      expect(severities.ids).toEqual(eventIds(events.filter((e) => e.alert.platform === 'telegram')));
      // The stored filter keeps this feed to one unit; asking for another unit's platform empties it.
      const none = await get(feedUrl('atom', propagandaUnit, '&platform=feed'));
      expect(none.statusCode).toBe(200);
      expect(readBack('atom', none.body).ids).toEqual([]);
    });

    it('answer an unknown status or severity with 400 naming the parameter', async () => {
      const res = await get(feedUrl('rss', everything, '&status=sleepy&severity=high'));
      expect(res.statusCode).toBe(400);
      const body = res.json<{ error: string; issues: Array<{ field: string; message: string }> }>();
      expect(body.issues.map((i) => i.field)).toEqual(['status', 'severity']);
      expect(body.issues[0]!.message).toContain('"sleepy"');
      expect(res.body).not.toContain(everything.token);
    });

    it('carry validators and answer conditional requests 304 without a body', async () => {
      const first = await get(feedUrl('atom', everything));
      const etag = String(first.headers.etag);
      const lastModified = String(first.headers['last-modified']);
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(lastModified).toBe(new Date(events[0]!.at).toUTCString());
      expect(first.headers['cache-control']).toBe('private, max-age=60');

      const byEtag = await get(feedUrl('atom', everything), { 'if-none-match': etag });
      expect(byEtag.statusCode).toBe(304);
      expect(byEtag.body).toBe('');
      expect(byEtag.headers.etag).toBe(etag);

      const byDate = await get(feedUrl('atom', everything), { 'if-modified-since': lastModified });
      expect(byDate.statusCode).toBe(304);

      // If-None-Match decides when both are sent: another ETag means changed, whatever the date says.
      const stale = await get(feedUrl('atom', everything), { 'if-none-match': '"something-else"', 'if-modified-since': lastModified });
      expect(stale.statusCode).toBe(200);

      // The same events in another format or under another filter are another representation.
      const rss = await get(feedUrl('rss', everything), { 'if-none-match': etag });
      expect(rss.statusCode).toBe(200);
      const narrowed = await get(feedUrl('atom', everything, '&platform=telegram'), { 'if-none-match': etag });
      expect(narrowed.statusCode).toBe(200);
    });

    it('render the same body for the same request, so a strong ETag stays honest', async () => {
      const a = await get(feedUrl('rss', everything));
      const b = await get(feedUrl('rss', everything));
      expect(b.body).toBe(a.body);
      expect(b.headers.etag).toBe(a.headers.etag);
    });

    it('link to themselves on the public URL, and to a page that exists: their alerts, under the same token', async () => {
      const json = JSON.parse((await get(feedUrl('json', propagandaUnit, '&severity=critical'))).body) as {
        feed_url: string;
        home_page_url: string;
      };
      expect(json.feed_url).toBe(`${PUBLIC_URL}${feedUrl('json', propagandaUnit, '&severity=critical')}`);
      expect(json.home_page_url).toBe(`${PUBLIC_URL}/api/alerts?token=${propagandaUnit.token}`);
      const rss = parseRssFeed((await get(feedUrl('rss', propagandaUnit))).body);
      const atom = parseAtomFeed((await get(feedUrl('atom', propagandaUnit))).body);
      const alternate = atom.links?.find((l) => (l.rel ?? 'alternate') === 'alternate')?.href;
      expect([rss.link, alternate]).toEqual([json.home_page_url, json.home_page_url]);

      const page = await get(json.home_page_url.slice(PUBLIC_URL.length));
      expect(page.statusCode).toBe(200);
      expect(page.json<{ items: Array<{ accountName: string }> }>().items.map((a) => a.accountName)).toEqual(['南京发布']);
    });

    it('link to the address the reader used when no public URL is configured', async () => {
      const unconfigured = buildHttpApp({
        store: monitor.store,
        queues: monitor.queues,
        config: { ...config, alerts: { ...config.alerts, publicUrl: undefined } },
      });
      try {
        const res = await unconfigured.inject({ method: 'GET', url: feedUrl('json', everything), headers: { host: '127.0.0.1:18090' } });
        const json = JSON.parse(res.body) as { feed_url: string; home_page_url: string };
        expect(json.feed_url).toBe(`http://127.0.0.1:18090${feedUrl('json', everything)}`);
        expect(json.home_page_url).toBe(`http://127.0.0.1:18090/api/alerts?token=${everything.token}`);
      } finally {
        await unconfigured.close();
      }
    });
  });

  describe('GET /api/alerts', () => {
    const ROW_FIELDS = [
      'id',
      'kind',
      'state',
      'severity',
      'accountName',
      'platform',
      'url',
      'status',
      'title',
      'reason',
      'openedAt',
      'resolvedAt',
      'acknowledgedAt',
      'acknowledgedBy',
      'ackNote',
    ].sort();

    it('is 401 without a valid feed token', async () => {
      const attempts: Array<Record<string, string>> = [
        {},
        { authorization: 'Bearer not-a-token' },
        { authorization: `Basic ${everything.token}` },
      ];
      for (const headers of attempts) {
        const res = await get('/api/alerts', headers);
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      expect((await get('/api/alerts?token=wrong')).statusCode).toBe(401);
    });

    it('lists alerts newest first as rows with the documented fields, in the token’s feed locale', async () => {
      const res = await get('/api/alerts', { authorization: `Bearer ${everything.token}` });
      expect(res.statusCode).toBe(200);
      const page = res.json<{ items: Array<Record<string, unknown>>; nextCursor: string | null }>();
      expect(page.nextCursor).toBeNull();
      const rows = page.items;
      expect(rows.map((r) => r.kind)).toEqual(['parser-broken', 'empty', 'silence']);
      for (const row of rows) expect(Object.keys(row).sort()).toEqual(ROW_FIELDS);

      const sleeping = events.find((e) => e.type === 'escalated')!.alert;
      expect(rows[2]).toEqual({
        id: sleeping.id,
        kind: 'silence',
        state: 'open',
        severity: 'critical',
        accountName: '南京发布',
        platform: 'telegram',
        url: 'https://t.me/s/nanjing',
        status: 'sleeping',
        title: '南京发布 (telegram): sleeping (past the red line)',
        reason: renderReason(sleeping.reason, 'en'),
        openedAt: '2026-05-09T01:00:00.000Z',
        resolvedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        ackNote: null,
      });
      expect(rows[0]).toMatchObject({
        kind: 'parser-broken',
        accountName: null,
        url: null,
        status: null,
        title: 'telegram: parser broken',
      });
      expect(rows[1]).toMatchObject({ state: 'resolved', resolvedAt: '2026-05-15T03:00:00.000Z' });
    });

    it('filters by state, and answers a bad state or locale with 400 naming the field', async () => {
      const auth = { authorization: `Bearer ${everything.token}` };
      const resolved = (await get('/api/alerts?state=resolved', auth)).json<{ items: Array<{ kind: string }> }>().items;
      expect(resolved.map((r) => r.kind)).toEqual(['empty']);
      const open = (await get('/api/alerts?state=open', auth)).json<{ items: Array<{ kind: string }> }>().items;
      expect(open.map((r) => r.kind)).toEqual(['parser-broken', 'silence']);

      const bad = await get('/api/alerts?state=closed&locale=fr', auth);
      expect(bad.statusCode).toBe(400);
      expect(bad.json<{ issues: Array<{ field: string }> }>().issues.map((i) => i.field)).toEqual([
        'querystring.state',
        'querystring.locale',
      ]);
    });

    it('accepts the token in the query, keeps to its feed’s filter, and speaks the feed’s language unless told otherwise', async () => {
      const zh = (await get(`/api/alerts?token=${propagandaUnit.token}`)).json<{
        items: Array<{ accountName: string; title: string; reason: string }>;
      }>().items;
      expect(zh.map((r) => r.accountName)).toEqual(['南京发布']);
      expect(zh[0]!.title).toBe('南京发布 (telegram)：睡眠(两周未更新)');
      expect(zh[0]!.reason).toContain('天未更新');
      const en = (await get(`/api/alerts?token=${propagandaUnit.token}&locale=en`)).json<{ items: Array<{ title: string }> }>().items;
      expect(en[0]!.title).toBe('南京发布 (telegram): sleeping (past the red line)');
    });
  });
});

/** What a reader takes from a feed: its title, and each entry's id and title as plain text. */
function readBack(format: FeedFormat, body: string): { title: string; ids: string[]; titles: string[] } {
  if (format === 'rss') {
    const feed = parseRssFeed(body);
    const items = feed.items ?? [];
    return { title: feed.title ?? '', ids: items.map((i) => i.guid?.value ?? ''), titles: items.map((i) => unescapeHtml(i.title ?? '')) };
  }
  if (format === 'atom') {
    const feed = parseAtomFeed(body);
    const entries = feed.entries ?? [];
    return {
      title: feed.title?.value ?? '',
      ids: entries.map((e) => e.id ?? ''),
      titles: entries.map((e) => unescapeHtml(e.title?.value ?? '')),
    };
  }
  const feed = parseJsonFeed(body);
  const items = feed.items ?? [];
  return { title: feed.title ?? '', ids: items.map((i) => i.id ?? ''), titles: items.map((i) => i.title ?? '') };
}

/** RSS and Atom titles are escaped HTML (see render-feed.ts); JSON Feed titles are plain text. */
function unescapeHtml(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name] ?? '');
}
