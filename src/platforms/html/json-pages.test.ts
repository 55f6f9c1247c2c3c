import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../../activity/status.ts';
import { GOV_CN } from '../../activity/policies.ts';
import { parsePage } from '../parse-page.ts';
import { html } from './adapter.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2025-07-20T04:00:00Z');
const API_URL = 'https://api.example.cn/v2/user/posts?uid=30021877';

const LIST = {
  lastPost: '$.data.list[*].created_at',
  name: '$.data.user.screen_name',
  followers: '$.data.user.followers_count',
  postsCount: '$.data.user.statuses_count',
};

function read(body: string, options: Record<string, unknown>) {
  return parsePage('html', body, { url: API_URL, now: NOW, timeZone: 'Asia/Shanghai', options, contentType: 'application/json' });
}

describe('html JSON endpoints read with JSONPath', () => {
  it('asks for JSON over plain HTTP', () => {
    expect(html.fetcher(LIST)).toBe('http');
    expect(html.firstRequest(API_URL, LIST)).toEqual({ url: API_URL, accept: 'application/json' });
  });

  it('lets a browser read JSON a page embeds once the page has loaded, with no element to wait for', () => {
    const options = { ...LIST, render: 'browser' as const, jsonScript: 'script#state' };
    expect(html.firstRequest(API_URL, options)).toEqual({ url: API_URL, accept: 'text/html' });
  });

  it('reads every post time (Unix seconds, milliseconds, date strings, relative text); the newest wins', () => {
    const observation = read(fixture('json-endpoint.json'), LIST);
    expect(observation).toMatchObject({
      outcome: 'ok',
      displayName: '示范区融媒体中心',
      followers: 58214,
      followersApproximate: false,
      postsCount: 1380,
      lastPostAt: '2025-07-19T14:00:00+08:00',
      lastPostPrecision: 'second',
    });
    expect(observation.posts.map((p) => [p.id, p.at])).toEqual([
      ['/data/list/0/created_at', '2023-04-01T08:00:00+08:00'],
      ['/data/list/1/created_at', '2025-07-19T14:00:00+08:00'],
      ['/data/list/2/created_at', '2025-07-17T09:30:00+08:00'],
      ['/data/list/3/created_at', '2025-07-17T00:00:00+08:00'],
    ]);
  });

  it('reads text counts as the page would print them', () => {
    const observation = read(fixture('json-endpoint.json'), { ...LIST, followers: '$.data.user.fans_text' });
    expect(observation).toMatchObject({ followers: 58000, followersApproximate: true });
  });

  it('gives post items their id, link, title and pinned flag when posts names the items', () => {
    const observation = read(fixture('json-endpoint.json'), { ...LIST, posts: '$.data.list[*]' });
    expect(observation.posts.map((p) => [p.id, p.url, p.excerpt, p.pinned])).toEqual([
      ['90071', 'https://news.example.cn/a/90071', '【置顶】融媒体中心投稿须知', true],
      ['91240', 'https://news.example.cn/a/91240', '示范区夏季防汛工作部署会召开', false],
      ['91233', 'https://news.example.cn/a/91233', '文明城市创建进社区', false],
      ['91228', null, '暑期青少年安全提示', false],
    ]);
    expect(observation).toMatchObject({ lastPostUrl: 'https://news.example.cn/a/91240', lastPostExcerpt: '示范区夏季防汛工作部署会召开' });
  });

  it('reports zero posts only when the empty expression finds an empty list or a zero count', () => {
    for (const empty of ['$.data.list', '$.data.user.statuses_count']) {
      expect(read(fixture('json-no-posts.json'), { ...LIST, empty })).toMatchObject({ outcome: 'ok', postsCount: 0, lastPostAt: null });
    }
  });
});

describe('html JSON embedded in a page', () => {
  const page = (script: string) =>
    `<html><head><script id="__NEXT_DATA__" type="application/json">${script}</script></head><body></body></html>`;
  const options = { lastPost: '$.props.posts[*].publishedAt', name: '$.props.user.name', jsonScript: 'script#__NEXT_DATA__' };
  const state = JSON.stringify({ props: { user: { name: '示范区图书馆' }, posts: [{ publishedAt: '2025-07-18T10:00:00+08:00' }] } });

  it.each([
    ['as plain JSON', state],
    ['percent-encoded', encodeURIComponent(state)],
  ])('is read from the named script %s', (_how, script) => {
    expect(read(page(script), options)).toMatchObject({
      outcome: 'ok',
      displayName: '示范区图书馆',
      lastPostAt: '2025-07-18T10:00:00+08:00',
    });
  });

  it.each([
    ['broken percent-encoding', page('%7B%22props%22%3A%E4'), /broken percent-encoding/],
    ['a script cut off', page(state.slice(0, 40)), /does not hold complete JSON/],
    ['no such script', '<html><body><div id="app"></div></body></html>', /jsonScript "script#__NEXT_DATA__" matched nothing/],
  ])('reports %s as an error', (_what, body, error) => {
    expect(read(body, options)).toMatchObject({ outcome: 'error', lastPostAt: null, error: expect.stringMatching(error) });
  });
});

describe('html JSON endpoints never read a failed answer as silence', () => {
  it.each([
    [
      'an empty list without an empty expression',
      fixture('json-no-posts.json'),
      LIST,
      /JSONPath "\$\.data\.list\[\*\]\.created_at" matched nothing$/,
    ],
    [
      'an empty expression that does not say empty',
      fixture('json-endpoint.json').replace(/"list": \[[^]*\]\s*\}\s*\}\s*$/, '"list": null } }'),
      { ...LIST, empty: '$.data.user.statuses_count' },
      /matched nothing and the empty-account expression "\$\.data\.user\.statuses_count" did not say the account is empty/,
    ],
    ['an answer that changed shape', '{"code":0,"data":{"items":[{"ctime":1752904800}]}}', LIST, /matched nothing/],
    [
      'times that are not dates',
      '{"data":{"list":[{"created_at":"unknown"},{"created_at":true}]}}',
      LIST,
      /none was a readable date \(first: "unknown"\)/,
    ],
    ['a truncated answer', fixture('json-endpoint.json').slice(0, 300), LIST, /not complete JSON/],
    ['an HTML page', fixture('news-list.html'), LIST, /HTML page instead of the JSON/],
    [
      'an item without a time',
      '{"data":{"list":[{"id":1},{"id":2,"created_at":1752904800}]}}',
      { ...LIST, posts: '$.data.list[*]' },
      /post item 1 of 2/,
    ],
  ])('reports %s as an error', (_what, body, options, error) => {
    const observation = read(body, options);
    expect(observation).toMatchObject({ outcome: 'error', lastPostAt: null, postsCount: null, posts: [] });
    expect(observation.error).toMatch(error);
    expect(judge(observation, NOW, GOV_CN).status).toBe('unknown');
  });

  it('reports a JSON error answer that names a captcha as blocked', () => {
    const observation = read('{"status_code":8,"status_msg":"请完成验证码验证"}', LIST);
    expect(observation).toMatchObject({ outcome: 'blocked', lastPostAt: null });
  });
});

describe('html JSON answers built to hurt the reader', () => {
  it('reads a hundred thousand post items in one pass, not one pass per item', () => {
    // Matching each time against every item would take some 5·10⁹ comparisons here: far past the test timeout.
    const list = Array.from({ length: 100_000 }, (_, i) => ({ id: i, created_at: 1752000000 + i }));
    const observation = read(JSON.stringify({ data: { list } }), { lastPost: '$.data.list[*].created_at', posts: '$.data.list[*]' });
    expect(observation).toMatchObject({ outcome: 'ok', lastPostAt: '2025-07-10T06:26:39+08:00' });
    expect(observation.posts).toHaveLength(100_000);
  });

  it('reports an answer nested deeper than the reader can walk as unreadable, not as silence', () => {
    const deep = '{"a":'.repeat(50_000) + '{"created_at":1752000000}' + '}'.repeat(50_000);
    const observation = read(deep, { lastPost: '$..created_at' });
    expect(observation).toMatchObject({ outcome: 'error', lastPostAt: null, posts: [], error: expect.stringMatching(/too complex/) });
  });
});
