import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import { renderAlertFeed } from '../alerts/feeds/render-feed.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { openAlert, openAlertsFor, type AlertDraft } from '../store/alerts-repository.ts';
import { addFeed, type FeedSubscription } from '../store/subscriptions-repository.ts';

// The real renderer, watched: how often a feed is rendered is what this suite is about.
vi.mock('../alerts/feeds/render-feed.ts', async (original) => {
  const actual = await original<typeof import('../alerts/feeds/render-feed.ts')>();
  return { ...actual, renderAlertFeed: vi.fn(actual.renderAlertFeed) };
});
const renderer = vi.mocked(renderAlertFeed);

const ALERTS = 130;

/** A draft for the `i`th account: every third on mastodon, the rest on telegram. */
const draft = (accountId: number, i: number): AlertDraft => ({
  key: `silence:${accountId}`,
  kind: 'silence',
  severity: 'warning',
  status: 'drifting',
  platform: i % 3 === 0 ? 'mastodon' : 'telegram',
  accountId,
  reason: { code: 'never-posted' },
  evidence: null,
});

describe.each(BACKENDS)('alert feeds: the newest events, rendered once per change, on %s', (backend) => {
  let api: ApiUnderTest;
  let feed: FeedSubscription;
  let accountIds: number[];
  /** Every event id, newest first. */
  let eventIds: number[];

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
    const db = api.context.store.db;
    const accounts = Array.from({ length: ALERTS + 1 }, (_, i) => ({
      platform: 'telegram',
      url: `https://t.me/s/feed${i}`,
      name: `Feed ${i}`,
      unit: null,
      region: null,
      group: null,
      policy: null,
      intervalMs: 86_400_000,
      timeZone: 'UTC',
      options: {},
    }));
    await importAccounts(db, accounts, new Date('2026-05-01T00:00:00Z'));
    accountIds = (await listAccounts(db)).map((a) => a.id).sort((a, b) => a - b);
    const events = await openAlertsFor(
      db,
      accountIds.slice(0, ALERTS).map((id, i) => draft(id, i)),
      new Date('2026-05-02T00:00:00Z'),
    );
    eventIds = events.map((e) => e.id).reverse();
    feed = await addFeed(db, { filter: {}, locale: 'en' });
  }, 60_000);
  afterAll(() => api?.close());
  /** Renderings since the test began (counted rather than cleared: clearing loses vitest 4's wrapped implementation). */
  let rendersBefore = 0;
  const renders = () => renderer.mock.calls.length - rendersBefore;
  beforeEach(() => {
    rendersBefore = renderer.mock.calls.length;
  });

  const get = (query = '', format = 'json', headers: Record<string, string> = {}) =>
    api.call(null, { method: 'GET', url: `/feeds/alerts.${format}?token=${feed.token}${query}`, headers });
  const itemIds = (body: string) =>
    (JSON.parse(body) as { items: Array<{ id: string }> }).items.map((item) => Number(item.id.split(':').pop()));

  it('carry the newest 100 events, newest first, or as many as asked up to 500', async () => {
    const res = await get();
    expect(res.statusCode).toBe(200);
    expect(itemIds(res.body)).toEqual(eventIds.slice(0, 100));
    expect(itemIds((await get('&limit=5')).body)).toEqual(eventIds.slice(0, 5));
    expect(itemIds((await get('&limit=500')).body)).toEqual(eventIds);
  });

  it('hold the limit after narrowing: the newest events that match', async () => {
    const mastodon = eventIds.filter((_, i) => (ALERTS - 1 - i) % 3 === 0);
    expect(itemIds((await get('&platform=mastodon&limit=10')).body)).toEqual(mastodon.slice(0, 10));
  });

  it('answer a limit out of range with a 400 naming it', async () => {
    for (const limit of ['0', '501', 'many']) {
      const res = await get(`&limit=${limit}`);
      expect(res.statusCode, limit).toBe(400);
      expect(res.json().issues, limit).toEqual([expect.objectContaining({ field: 'querystring.limit' })]);
    }
  });

  it('change body and ETag when an event is recorded, and answer 304 while they hold', async () => {
    const first = await get('', 'atom');
    const etag = first.headers.etag as string;
    expect((await get('', 'atom', { 'if-none-match': etag })).statusCode).toBe(304);

    const event = await openAlert(api.context.store.db, draft(accountIds[ALERTS]!, 1), new Date('2026-05-03T00:00:00Z'));
    const next = await get('', 'atom');
    expect(next.statusCode).toBe(200);
    expect(next.headers.etag).not.toBe(etag);
    expect(next.body).not.toBe(first.body);
    expect(next.body).toContain(`urn:sleepwatch:alert-event:${event!.id}`);
    expect(next.headers['last-modified']).toBe('Sun, 03 May 2026 00:00:00 GMT');
    expect((await get('', 'atom', { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('render once for many concurrent requests, and serve the rendering until the next event', async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => get('&limit=50', 'rss')));
    expect(renders()).toBe(1);
    expect(new Set(answers.map((a) => a.statusCode))).toEqual(new Set([200]));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);

    await get('&limit=50', 'rss');
    expect(renders()).toBe(1);
    // Another format or limit is another document.
    await get('&limit=50', 'json');
    await get('&limit=49', 'rss');
    expect(renders()).toBe(3);
  });
});
