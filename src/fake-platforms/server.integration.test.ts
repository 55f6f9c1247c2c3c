import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAccount } from '../../tests/support/fake-account.ts';
import { mastodonId } from './pages/mastodon.ts';
import { formatChineseCount } from './pages/profile.ts';
import { formatTelegramCount } from './pages/telegram.ts';
import { buildPopulation, type FakeAccount } from './population.ts';
import { startFakePlatforms, type FakePlatforms } from './server.ts';
import { httpGet } from '../../tests/support/http-get.ts';

const NOW = new Date('2026-05-05T12:00:00Z');
const DAY = 86_400_000;

/** The newest post time the server must show for an account (whole seconds). */
const expectedNewest = (a: FakeAccount) => Math.floor((NOW.getTime() - Math.round((a.silenceDays ?? 0) * DAY)) / 1000) * 1000;
const newest = (times: string[]) => Math.max(...times.map((t) => Date.parse(t)));

const accounts: FakeAccount[] = [
  fakeAccount({ key: 'tg_active', platform: 'telegram', silenceDays: 2.25, followers: 12_345 }),
  fakeAccount({ key: 'tg_small', platform: 'telegram', silenceDays: 40.5, followers: 8532, postCount: 4 }),
  fakeAccount({ key: 'tg_empty', platform: 'telegram', silenceDays: null, postCount: 0 }),
  fakeAccount({ key: 'ma_pinned', platform: 'mastodon', silenceDays: 20.75, cadenceDays: 1, pinnedOld: true, postCount: 300 }),
  fakeAccount({ key: 'ma_empty', platform: 'mastodon', silenceDays: null, postCount: 0 }),
  fakeAccount({ key: 'feed_rss', platform: 'feed', variant: 'rss', silenceDays: 120.5 }),
  fakeAccount({ key: 'feed_atom', platform: 'feed', variant: 'atom', silenceDays: 11.5, displayName: 'Campus Radio' }),
  fakeAccount({ key: 'feed_json', platform: 'feed', variant: 'json', silenceDays: 0.5 }),
  fakeAccount({ key: 'feed_empty', platform: 'feed', variant: 'rss', silenceDays: null, postCount: 0 }),
  fakeAccount({ key: 'page_pinned', platform: 'html', variant: 'static', silenceDays: 5.5, pinnedOld: true, followers: 12_345 }),
  fakeAccount({ key: 'page_empty', platform: 'html', variant: 'static', silenceDays: null, postCount: 0 }),
  fakeAccount({ key: 'app_pinned', platform: 'html', variant: 'browser', silenceDays: 30.5, pinnedOld: true }),
];
const byKey = (key: string) => accounts.find((a) => a.key === key) as FakeAccount;

let server: FakePlatforms;
beforeAll(async () => {
  server = await startFakePlatforms({ accounts, now: NOW });
});
afterAll(() => server.close());

describe('telegram preview page (/s/KEY and /KEY)', () => {
  it('serves the channel header, subscribers and the newest post last, at the time the silence implies', async () => {
    const res = await httpGet(`${server.url}/s/tg_active`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const $ = cheerio.load(res.body);
    expect($('.tgme_channel_info .tgme_channel_info_header_title').text()).toBe('tg_active 发布');
    const counter = $('.tgme_channel_info_counter').first();
    expect(counter.find('.counter_value').text()).toBe('12.3K');
    expect(counter.find('.counter_type').text()).toBe('subscribers');
    const posts = $('.tgme_channel_history .tgme_widget_message_wrap > .tgme_widget_message[data-post]').not('.service_message');
    expect(posts).toHaveLength(20);
    const times = posts.map((_, el) => $(el).find('a.tgme_widget_message_date > time').attr('datetime') ?? '').get();
    expect(times.every((t) => t.endsWith('+00:00'))).toBe(true);
    expect(newest(times)).toBe(expectedNewest(byKey('tg_active')));
    expect(Date.parse(times[times.length - 1] ?? '')).toBe(expectedNewest(byKey('tg_active')));
    expect(posts.last().attr('data-post')).toMatch(/^tg_active\/\d+$/);
    expect(posts.last().find('.tgme_widget_message_text').text()).not.toBe('');
    expect(posts.find('.tgme_widget_message_forwarded_from').length).toBeGreaterThan(0);
    expect(posts.last().find('.tgme_widget_message_forwarded_from')).toHaveLength(0);
  });

  it('puts the "load more" placeholder first and a service message in the history', async () => {
    const $ = cheerio.load((await httpGet(`${server.url}/tg_active`)).body);
    expect($('.tgme_channel_history').children().first().hasClass('tgme_widget_message_centered')).toBe(true);
    expect($('.tgme_widget_message.service_message')).toHaveLength(1);
    expect($('.tgme_widget_message.service_message time')).toHaveLength(0);
  });

  it('writes subscriber counts exactly below 10 000', async () => {
    const $ = cheerio.load((await httpGet(`${server.url}/s/tg_small`)).body);
    expect($('.tgme_channel_info_counter .counter_value').first().text()).toBe('8532');
    expect($('.tgme_widget_message_centered')).toHaveLength(0);
  });

  it('shows the header and an empty history for a channel that never posted', async () => {
    const $ = cheerio.load((await httpGet(`${server.url}/s/tg_empty`)).body);
    expect($('.tgme_channel_info_header_title').text()).toBe('tg_empty 发布');
    expect($('.tgme_channel_history')).toHaveLength(1);
    expect($('.tgme_channel_history .tgme_widget_message')).toHaveLength(0);
  });

  it.each([
    [9_999, '9999'],
    [12_345, '12.3K'],
    [247_900, '247K'],
    [1_234_567, '1.23M'],
    [10_100_000, '10.1M'],
  ])('abbreviates %i subscribers as %s', (n, text) => {
    expect(formatTelegramCount(n)).toBe(text);
  });
});

describe('mastodon API', () => {
  it('looks up an account with a date-only last_status_at (the UTC date of the newest status)', async () => {
    const res = await httpGet(`${server.url}/api/v1/accounts/lookup?acct=ma_pinned`);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const account = JSON.parse(res.body);
    expect(account).toMatchObject({ id: mastodonId('ma_pinned'), acct: 'ma_pinned', followers_count: 12_345, statuses_count: 300 });
    expect(account.last_status_at).toBe(new Date(expectedNewest(byKey('ma_pinned'))).toISOString().slice(0, 10));
  });

  it('lists statuses newest first after a pinned old one, with exact ISO times', async () => {
    const res = await httpGet(`${server.url}/api/v1/accounts/${mastodonId('ma_pinned')}/statuses?limit=40`);
    const statuses = JSON.parse(res.body) as Array<{ created_at: string; pinned: boolean; reblog: unknown; content: string }>;
    expect(statuses).toHaveLength(41);
    const [pinned, first, ...rest] = statuses;
    expect(pinned?.pinned).toBe(true);
    expect(Date.parse(pinned?.created_at ?? '')).toBeLessThan(Math.min(...statuses.slice(1).map((s) => Date.parse(s.created_at))));
    expect(first?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(first?.created_at ?? '') - expectedNewest(byKey('ma_pinned')))).toBeLessThan(1000);
    expect(first?.reblog).toBeNull();
    const times = [first, ...rest].map((s) => Date.parse(s?.created_at ?? ''));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(statuses.some((s) => s.reblog !== null)).toBe(true);
  });

  it('honours the limit', async () => {
    const res = await httpGet(`${server.url}/api/v1/accounts/${mastodonId('ma_pinned')}/statuses?limit=5`);
    expect(JSON.parse(res.body).filter((s: { pinned: boolean }) => !s.pinned)).toHaveLength(5);
  });

  it('shows an account that never posted with no last_status_at and no statuses', async () => {
    const account = JSON.parse((await httpGet(`${server.url}/api/v1/accounts/lookup?acct=@ma_empty`)).body);
    expect(account).toMatchObject({ statuses_count: 0, last_status_at: null });
    expect(JSON.parse((await httpGet(`${server.url}/api/v1/accounts/${account.id}/statuses`)).body)).toEqual([]);
  });

  it('answers an unknown account with a JSON 404', async () => {
    const res = await httpGet(`${server.url}/api/v1/accounts/lookup?acct=nobody`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ error: 'Record not found' });
  });
});

describe('feeds', () => {
  it('serves RSS 2.0 with RFC 822 dates after a leading newline', async () => {
    const res = await httpGet(`${server.url}/feeds/feed_rss.rss`);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.body.startsWith('\n<?xml')).toBe(true);
    const $ = cheerio.load(res.body.trim(), { xml: true });
    const dates = $('item > pubDate')
      .map((_, el) => $(el).text())
      .get();
    expect(dates[0]).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/);
    expect(Date.parse(dates[0] ?? '')).toBe(expectedNewest(byKey('feed_rss')));
    expect(newest(dates)).toBe(expectedNewest(byKey('feed_rss')));
  });

  it('serves Atom whose entries are dated by published, with updated sometimes earlier', async () => {
    const res = await httpGet(`${server.url}/feeds/feed_atom.atom`);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const $ = cheerio.load(res.body, { xml: true });
    const entries = $('entry')
      .map((_, el) => ({ published: Date.parse($(el).find('published').text()), updated: Date.parse($(el).find('updated').text()) }))
      .get();
    expect(newest(entries.map((e) => new Date(e.published).toISOString()))).toBe(expectedNewest(byKey('feed_atom')));
    expect(entries.some((e) => e.updated < e.published)).toBe(true);
    expect(entries.every((e) => e.updated <= e.published)).toBe(true);
  });

  it('serves JSON Feed 1.1', async () => {
    const res = await httpGet(`${server.url}/feeds/feed_json.json`);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(res.body);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('feed_json 发布');
    expect(newest(feed.items.map((i: { date_published: string }) => i.date_published))).toBe(expectedNewest(byKey('feed_json')));
  });

  it('serves a feed with no items for an account that never posted', async () => {
    const $ = cheerio.load((await httpGet(`${server.url}/feeds/feed_empty.rss`)).body.trim(), { xml: true });
    expect($('channel > title').text()).toBe('feed_empty 发布');
    expect($('item')).toHaveLength(0);
  });

  it('serves a feed only under its own format', async () => {
    expect((await httpGet(`${server.url}/feeds/feed_rss.atom`)).status).toBe(404);
  });
});

describe('generic profile pages', () => {
  it('serves a static page whose pinned old post comes first, marked pinned and 置顶', async () => {
    const res = await httpGet(`${server.url}/pages/page_pinned`);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const $ = cheerio.load(res.body);
    expect($('.profile .name').text()).toBe('page_pinned 发布');
    expect($('.profile .followers').text()).toBe('1.2万 粉丝');
    const first = $('.posts .post').first();
    expect(first.hasClass('pinned')).toBe(true);
    expect(first.text()).toContain('置顶');
    expect(first.find('a').attr('href')).toMatch(/^\/pages\/page_pinned\/posts\/\d+$/);
    const times = $('.post time')
      .map((_, el) => $(el).attr('datetime') ?? '')
      .get();
    expect(Date.parse(times[0] ?? '')).toBeLessThan(Date.parse(times[1] ?? ''));
    expect(newest(times)).toBe(expectedNewest(byKey('page_pinned')));
  });

  it('says so when the account never posted', async () => {
    const $ = cheerio.load((await httpGet(`${server.url}/pages/page_empty`)).body);
    expect($('.no-posts').text()).toBe('还没有发布内容');
    expect($('.post')).toHaveLength(0);
  });

  it('serves the browser build as an empty shell plus a data endpoint with the same posts', async () => {
    const shell = cheerio.load((await httpGet(`${server.url}/app/app_pinned`)).body);
    expect(shell('#app').children()).toHaveLength(0);
    expect(shell('.post')).toHaveLength(0);
    expect(shell('script').text()).toContain('/app/app_pinned/data.json');
    const data = JSON.parse((await httpGet(`${server.url}/app/app_pinned/data.json`)).body);
    expect(data.posts[0].pinned).toBe(true);
    expect(newest(data.posts.map((p: { datetime: string }) => p.datetime))).toBe(expectedNewest(byKey('app_pinned')));
  });

  it.each([
    [8_532, '8532'],
    [12_345, '1.2万'],
    [358_038, '35.8万'],
    [123_456_789, '1.2亿'],
  ])('writes %i followers as %s', (n, text) => {
    expect(formatChineseCount(n)).toBe(text);
  });
});

describe('server', () => {
  it('answers unknown accounts and accounts asked for on another platform with a 404 page', async () => {
    for (const path of ['/s/nobody', '/pages/tg_active', '/@tg_active', '/app/page_pinned', '/nothing/here']) {
      const res = await httpGet(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('keeps connections alive and serves the same bytes again', async () => {
    const a = await httpGet(`${server.url}/s/tg_active`);
    const b = await httpGet(`${server.url}/s/tg_active`);
    expect(a.headers.connection).toBe('keep-alive');
    expect(b.body).toBe(a.body);
  });

  it('renders the same pages for the same accounts and clock in another server', async () => {
    const other = await startFakePlatforms({ accounts, now: NOW });
    try {
      const path = `/api/v1/accounts/${mastodonId('ma_pinned')}/statuses?limit=3`;
      const strip = (body: string) => body.replaceAll(server.url, '').replaceAll(other.url, '');
      expect(strip((await httpGet(`${other.url}${path}`)).body)).toBe(strip((await httpGet(`${server.url}${path}`)).body));
    } finally {
      await other.close();
    }
  });

  it('counts requests in total and per path', async () => {
    const before = server.requestCount('/feeds/feed_json.json');
    const total = server.requestCount();
    await httpGet(`${server.url}/feeds/feed_json.json?x=1`);
    expect(server.requestCount('/feeds/feed_json.json')).toBe(before + 1);
    expect(server.requestCount('/feeds/feed_json.json?x=1')).toBe(1);
    expect(server.requestCount()).toBe(total + 1);
  });
});

describe('accounts files', () => {
  it('lists every account in /accounts.json with an absolute url that resolves', async () => {
    const list = JSON.parse((await httpGet(`${server.url}/accounts.json`)).body);
    expect(list).toHaveLength(accounts.length);
    expect(list.map((e: { url: string }) => new URL(e.url).pathname)).toEqual([
      '/tg_active',
      '/tg_small',
      '/tg_empty',
      '/@ma_pinned',
      '/@ma_empty',
      '/feeds/feed_rss.rss',
      '/feeds/feed_atom.atom',
      '/feeds/feed_json.json',
      '/feeds/feed_empty.rss',
      '/pages/page_pinned',
      '/pages/page_empty',
      '/app/app_pinned',
    ]);
    for (const entry of list) {
      expect(entry.url.startsWith(server.url)).toBe(true);
      expect((await httpGet(entry.url)).status, entry.url).toBe(200);
    }
    expect(list[0]).toEqual({
      name: 'tg_active 发布',
      platform: 'telegram',
      url: `${server.url}/tg_active`,
      options: {},
      expectedStatus: 'active',
      fault: null,
    });
    expect(list[11].options).toEqual({
      lastPost: '.post time@datetime',
      followers: '.followers',
      posts: '.post',
      name: '.name',
      empty: '.no-posts',
      render: 'browser',
    });
    expect(list[9].options.render).toBe('http');
  });

  it('offers the same accounts as CSV with a JSON options cell', async () => {
    const res = await httpGet(`${server.url}/accounts.csv`);
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('platform,url,name,options');
    expect(lines).toHaveLength(accounts.length + 1);
    expect(lines[1]).toBe(`telegram,${server.url}/tg_active,tg_active 发布,`);
    expect(lines[10]).toContain('"{""lastPost"":"".post time@datetime""');
  });

  it('lists a generated population whose healthy urls all resolve', async () => {
    const population = buildPopulation({ count: 60, seed: 3, faults: false });
    const other = await startFakePlatforms({ accounts: population, now: NOW });
    try {
      const list = JSON.parse((await httpGet(`${other.url}/accounts.json`)).body);
      const statuses = await Promise.all(list.map(async (e: { url: string }) => (await httpGet(e.url)).status));
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await other.close();
    }
  });
});
