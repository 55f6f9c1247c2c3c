import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAccount } from '../../tests/support/fake-account.ts';
import { FAULT_MODES, HOSTILE_NESTING, RETRY_AFTER_SECONDS, SLOW_DELAY_MS, type FaultMode } from './faults.ts';
import { mastodonId } from './pages/mastodon.ts';
import { renderTelegramPreview } from './pages/telegram.ts';
import type { FakeAccount } from './population.ts';
import { startFakePlatforms, type FakePlatforms } from './server.ts';
import { httpGet } from '../../tests/support/http-get.ts';

const NOW = new Date('2026-05-05T12:00:00Z');

const faulty = (key: string, fault: FaultMode, extra: Partial<FakeAccount> = {}) =>
  fakeAccount({ key, platform: 'telegram', fault, expectedStatus: 'unknown', ...extra });

const accounts: FakeAccount[] = [
  fakeAccount({ key: 'healthy', platform: 'telegram' }),
  ...FAULT_MODES.map((mode) => faulty(mode.replace('-', '_'), mode)),
  faulty('changed_mastodon', 'changed-markup', { platform: 'mastodon' }),
  faulty('changed_rss', 'changed-markup', { platform: 'feed', variant: 'rss' }),
  faulty('changed_page', 'changed-markup', { platform: 'html', variant: 'static' }),
  faulty('flaky_mastodon', 'flaky', { platform: 'mastodon' }),
  faulty('flaky_app', 'flaky', { platform: 'html', variant: 'browser' }),
  faulty('notfound_mastodon', 'not-found', { platform: 'mastodon' }),
  faulty('truncated_json', 'truncated', { platform: 'feed', variant: 'json' }),
  faulty('hostile_rss', 'hostile', { platform: 'feed', variant: 'rss' }),
  faulty('hostile_mastodon', 'hostile', { platform: 'mastodon' }),
];

let server: FakePlatforms;
beforeAll(async () => {
  server = await startFakePlatforms({ accounts, now: NOW });
});
afterAll(() => server.close());

const get = (path: string, timeoutMs?: number) => httpGet(`${server.url}${path}`, { timeoutMs });

describe('fault modes', () => {
  it('server-error: answers 503 every time', async () => {
    for (let i = 0; i < 2; i++) expect((await get('/s/server_error')).status).toBe(503);
  });

  it('flaky: answers 503 to the first request for a URL, then the real page', async () => {
    expect((await get('/s/flaky')).status).toBe(503);
    const second = await get('/s/flaky');
    expect(second.status).toBe(200);
    expect(cheerio.load(second.body)('.tgme_widget_message_date time').length).toBeGreaterThan(0);
    // Each URL fails once on its own: the API's second endpoint too.
    expect((await get('/api/v1/accounts/lookup?acct=flaky_mastodon')).status).toBe(503);
    expect((await get('/api/v1/accounts/lookup?acct=flaky_mastodon')).status).toBe(200);
    expect((await get(`/api/v1/accounts/${mastodonId('flaky_mastodon')}/statuses`)).status).toBe(503);
  });

  it('flaky: fails a browser page once but not the data its script fetches, so one page retry suffices', async () => {
    expect((await get('/app/flaky_app')).status).toBe(503);
    expect((await get('/app/flaky_app')).status).toBe(200);
    expect((await get('/app/flaky_app/data.json')).status).toBe(200);
  });

  it('rate-limited: answers 429 with Retry-After', async () => {
    const res = await get('/s/rate_limited');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe(String(RETRY_AFTER_SECONDS));
  });

  it('captcha: answers 200 with a verification form instead of the channel', async () => {
    const res = await get('/s/captcha');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.body);
    expect($('title').text()).toBe('安全验证');
    expect($('input[name=captcha]').attr('placeholder')).toBe('请输入验证码');
    expect($('img.captcha-image')).toHaveLength(1);
    expect($('.tgme_channel_info')).toHaveLength(0);
  });

  it('login-wall: answers 200 with a password form instead of the channel', async () => {
    const res = await get('/s/login_wall');
    expect(res.status).toBe(200);
    const $ = cheerio.load(res.body);
    expect(res.body).toContain('请先登录');
    expect($('input[type=password]')).toHaveLength(1);
    expect($('.tgme_widget_message')).toHaveLength(0);
  });

  it('truncated: sends half the page with a normal 200, chunked, without the closing tags', async () => {
    const whole = await get('/s/healthy');
    const res = await get('/s/truncated');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBeUndefined();
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body).toContain('tgme_widget_message_wrap');
    for (const tag of ['</main>', '</body>', '</html>']) expect(res.body).not.toContain(tag);
    expect(res.body.split('</section>').length).toBeLessThan(res.body.split('<section').length);
    expect(res.body.length).toBeLessThan(whole.body.length * 0.6);
    // The newest post is in the lost half: a reader that trusts what it got would see a false silence.
    const newestAt = new Date(NOW.getTime() - 3.5 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    expect(whole.body).toContain(`datetime="${newestAt}"`);
    expect(res.body).not.toContain(`datetime="${newestAt}"`);
  });

  it('truncated: cuts JSON mid-document', async () => {
    const res = await get('/feeds/truncated_json.json');
    expect(res.status).toBe(200);
    expect(() => JSON.parse(res.body)).toThrow();
  });

  it.each([
    ['/s/changed_markup', ['tgme_widget_message', 'tgme_channel_info'], ['tg2_widget_message', 'tg2_channel_info']],
    ['/feeds/changed_rss.rss', ['<item>', '<pubDate>'], ['<entry2>']],
    ['/pages/changed_page', ['class="post', 'class="name"', 'class="followers"'], ['<time datetime=']],
    ['/api/v1/accounts/lookup?acct=changed_mastodon', ['"created_at"', '"last_status_at"'], ['"createdAt"']],
    [`/api/v1/accounts/${mastodonId('changed_mastodon')}/statuses`, ['"created_at"'], ['"createdAt"']],
  ])('changed-markup: %s renames what parsers read', async (path, gone, present) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    for (const text of gone) expect(res.body).not.toContain(text);
    for (const text of present) expect(res.body).toContain(text);
  });

  it('hostile: buries the page under 170,000 nested elements just inside its root, its content intact, in under 2 MiB', async () => {
    const account = accounts.find((a) => a.key === 'hostile')!;
    const whole = renderTelegramPreview({ account, now: NOW, base: server.url, changedMarkup: false });
    const res = await get('/s/hostile');
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(res.body)).toBeLessThan(2 * 1024 * 1024);
    expect(res.body).toMatch(new RegExp(`^<!DOCTYPE html>\\s*<html>(<div>){${HOSTILE_NESTING}}(</div>){${HOSTILE_NESTING}}\\s*<head>`));
    expect(res.body.replace(`${'<div>'.repeat(HOSTILE_NESTING)}${'</div>'.repeat(HOSTILE_NESTING)}`, '')).toBe(whole.body);
    const feed = await get('/feeds/hostile_rss.rss');
    expect(feed.body).toMatch(/<rss[^>]*><div><div>/);
  });

  it('hostile: wraps an API answer in 170,000 nested arrays', async () => {
    const res = await get('/api/v1/accounts/lookup?acct=hostile_mastodon');
    expect(res.status).toBe(200);
    let inner: unknown = JSON.parse(res.body);
    for (let i = 0; i < HOSTILE_NESTING; i++) inner = (inner as unknown[])[0];
    expect(inner).toMatchObject({ username: 'hostile_mastodon' });
  });

  it('not-found: answers 404 (an HTML page, or JSON from an API)', async () => {
    const page = await get('/s/not_found');
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const api = await get('/api/v1/accounts/lookup?acct=notfound_mastodon');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toEqual({ error: 'Record not found' });
  });

  it('hang: accepts the request and never answers', async () => {
    const started = Date.now();
    await expect(get('/s/hang', 300)).rejects.toThrow('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(server.requestCount('/s/hang')).toBe(1);
  });

  it('slow: answers with the real page after the delay', async () => {
    const started = Date.now();
    const res = await get('/s/slow');
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_DELAY_MS - 50);
    expect(res.status).toBe(200);
    expect(cheerio.load(res.body)('.tgme_widget_message_date time').length).toBeGreaterThan(0);
  });

  it('does not affect healthy accounts on the same server', async () => {
    const res = await get('/s/healthy');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
  });
});

describe('shutdown', () => {
  it('closes promptly while requests hang or wait on a slow answer', async () => {
    const other = await startFakePlatforms({ accounts, now: NOW });
    const hanging = httpGet(`${other.url}/s/hang`, { timeoutMs: 20_000 }).catch((e: Error) => e);
    const slow = httpGet(`${other.url}/s/slow`, { timeoutMs: 20_000 }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await slow).toBeInstanceOf(Error);
  });
});
