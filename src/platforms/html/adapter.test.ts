import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePage, validateOptions } from '../parse-page.ts';
import { html } from './adapter.ts';
import { optionIssues as optionIssuesOf } from '../../../tests/support/option-issues.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2025-07-20T04:00:00Z');
const NEWS_URL = 'https://www.example.gov.cn/news/index.html';
const SPACE_URL = 'https://space.example/u/5501/dynamic';

function observe(name: string, options: Record<string, unknown>, extra: { url?: string; timeZone?: string } = {}) {
  return parsePage('html', fixture(name), { url: extra.url ?? NEWS_URL, now: NOW, timeZone: extra.timeZone ?? 'Asia/Shanghai', options });
}

const optionIssues = (options: unknown) => optionIssuesOf(html, options);

describe('html options', () => {
  it('accepts selectors with and without an attribute', () => {
    const options = {
      lastPost: 'li.item time@datetime',
      followers: '.fans@data-count',
      posts: 'li.item',
      empty: '.empty-state',
      name: 'h1',
      render: 'browser',
    };
    expect(validateOptions(html, options)).toEqual(options);
  });

  it.each([
    ['a missing lastPost', {}, 'options.lastPost', /is required/],
    ['an invalid CSS selector', { lastPost: 'div[' }, 'options.lastPost', /not a valid CSS selector: "div\["/],
    ['a dangling combinator', { lastPost: 'ul >' }, 'options.lastPost', /not a valid CSS selector/],
    ['an attribute with no selector', { lastPost: '@datetime' }, 'options.lastPost', /has no CSS selector/],
    ['an invalid followers selector', { lastPost: 'time', followers: 'span:nope' }, 'options.followers', /not a valid CSS selector/],
    ['an attribute on the posts selector', { lastPost: 'time', posts: 'li@id' }, 'options.posts', /takes no @attribute/],
    ['an unknown key', { lastPost: 'time', lastpost: 'time' }, 'options', /unknown option "lastpost"/],
    ['a bad render value', { lastPost: 'time', render: 'chrome' }, 'options.render', /must be "http" or "browser"/],
    ['a selector that is not a string', { lastPost: 42 }, 'options.lastPost', /must be a string/],
  ])('rejects %s, naming the field', (_what, options, field, message) => {
    const issues = optionIssues(options);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field, message: expect.stringMatching(message) });
  });
});

describe('html requests', () => {
  it('fetches the page as given over plain HTTP by default', () => {
    expect(html.fetcher({ lastPost: 'time' })).toBe('http');
    expect(html.firstRequest(NEWS_URL, { lastPost: 'time@datetime' })).toEqual({ url: NEWS_URL, accept: 'text/html' });
  });

  it('lets a browser wait for the post times, or for the no-posts marker', () => {
    expect(html.fetcher({ lastPost: 'time', render: 'browser' })).toBe('browser');
    expect(html.firstRequest(NEWS_URL, { lastPost: 'li time@datetime', render: 'browser' }).waitFor).toBe('li time');
    expect(html.firstRequest(NEWS_URL, { lastPost: 'li time@datetime', empty: '.none', render: 'browser' }).waitFor).toBe('li time, .none');
  });
});

describe('html page reading', () => {
  it.each([
    ['the named attribute', 'time@datetime', '2025-07-08T16:30:00+08:00', 'second'],
    ['the element text', 'time', '2025-07-08T00:00:00+08:00', 'day'],
  ])('reads post times from %s', (_what, lastPost, at, precision) => {
    const observation = observe('news-list.html', { lastPost });
    expect(observation).toMatchObject({ outcome: 'ok', lastPostAt: at, lastPostPrecision: precision });
    expect(observation.posts).toHaveLength(4);
  });

  it('lets a newer post below win over an old pinned post at the top, keeping the pinned flag', () => {
    const observation = observe('news-list.html', { lastPost: 'time@datetime', posts: 'li.item', name: '.site-name' });
    expect(observation.posts[0]).toMatchObject({ id: 'a-1001', at: '2023-03-01T09:00:00+08:00', pinned: true, repost: false });
    expect(observation).toMatchObject({
      displayName: '示例市生态环境局',
      lastPostAt: '2025-07-08T16:30:00+08:00',
      lastPostUrl: 'https://www.example.gov.cn/news/2025/0708-1088.html',
      lastPostExcerpt: '七月上旬空气质量通报',
    });
  });

  it('marks a shared item as a repost and identifies it by its link when it has no id', () => {
    const observation = observe('news-list.html', { lastPost: 'time@datetime', posts: 'li.item' });
    expect(observation.posts[2]).toMatchObject({
      id: 'https://www.province.example.gov.cn/news/55.html',
      repost: true,
      pinned: false,
    });
    expect(observation.posts.filter((p) => p.repost)).toHaveLength(1);
  });

  it.each([
    ['Asia/Shanghai', '2025-07-17T00:00:00+08:00'],
    ['UTC', '2025-07-17T00:00:00+00:00'],
  ])('reads relative Chinese dates ("3天前") against the fetch time in %s', (timeZone, at) => {
    const observation = observe('dynamics.html', { lastPost: '.dyn-time', posts: '.dyn-item' }, { url: SPACE_URL, timeZone });
    expect(observation).toMatchObject({ lastPostAt: at, lastPostPrecision: 'day', lastPostUrl: 'https://space.example/dyn/8840' });
  });

  it('reads pinned and repost labels without mistaking every post’s 转发 button for a repost', () => {
    const observation = observe('dynamics.html', { lastPost: '.dyn-time', posts: '.dyn-item' }, { url: SPACE_URL });
    expect(observation.posts.map((p) => [p.id, p.pinned, p.repost])).toEqual([
      ['8801', true, false],
      ['8840', false, false],
      ['8836', false, true],
    ]);
    expect(observation.posts[1]?.excerpt).toBe('消防开放日回顾 转发 评论 12');
  });

  it.each([
    ['an abbreviated count as approximate', '.fans', 12000, true],
    ['an exact count from an attribute', '.fans@data-count', 12034, false],
  ])('reads %s', (_what, followers, value, approximate) => {
    const observation = observe('news-list.html', { lastPost: 'time@datetime', followers });
    expect(observation).toMatchObject({ followers: value, followersApproximate: approximate });
  });

  it.each([
    ['an exact total', '作品 418', 418],
    ['no abbreviated total, which is not a count of posts', '作品 1.2万', null],
  ])('reads the posts count as %s', (_what, text, postsCount) => {
    const page = `<html><body><p class="stat">${text}</p><time datetime="2025-07-01">7月1日</time></body></html>`;
    const observation = parsePage('html', page, { url: NEWS_URL, now: NOW, options: { lastPost: 'time@datetime', postsCount: '.stat' } });
    expect(observation).toMatchObject({ outcome: 'ok', postsCount });
  });

  it('lets the browser wait for an element of the account’s choosing', () => {
    expect(html.firstRequest(NEWS_URL, { lastPost: 'time', render: 'browser', waitFor: '#app .loaded' }).waitFor).toBe('#app .loaded');
  });

  it('gives each time to the post item holding it, when both selectors are written from the page root', () => {
    const page = `<html><body><div class="news-list"><ul>
      <li><a href="/a/1">置顶 通知</a><span class="date">2024-01-02</span></li>
      <li><a href="/a/2">新闻二</a><span class="date">2025-07-18</span></li>
    </ul></div></body></html>`;
    const observation = parsePage('html', page, {
      url: NEWS_URL,
      now: NOW,
      timeZone: 'Asia/Shanghai',
      options: { lastPost: '.news-list li span.date', posts: '.news-list li' },
    });
    expect(observation).toMatchObject({
      outcome: 'ok',
      lastPostAt: '2025-07-18T00:00:00+08:00',
      lastPostUrl: 'https://www.example.gov.cn/a/2',
      lastPostExcerpt: '新闻二',
    });
    expect(observation.posts[0]).toMatchObject({ pinned: true, url: 'https://www.example.gov.cn/a/1' });
  });

  it('reports zero posts only when the empty-account marker is shown', () => {
    const observation = observe('empty-account.html', {
      lastPost: '.dyn-time',
      posts: '.dyn-item',
      empty: '.empty-state',
      followers: '.fans-num',
    });
    expect(observation).toMatchObject({ outcome: 'ok', postsCount: 0, lastPostAt: null, followers: 36 });
  });

  it('ignores the empty-account marker when posts are shown', () => {
    const observation = observe('news-list.html', { lastPost: 'time@datetime', empty: 'footer' });
    expect(observation).toMatchObject({ outcome: 'ok', postsCount: null, lastPostAt: '2025-07-08T16:30:00+08:00' });
  });

  it('skips matches that hold no date as long as one does', () => {
    const observation = observe('news-list.html', { lastPost: 'time, .badge' });
    expect(observation).toMatchObject({ outcome: 'ok', lastPostAt: '2025-07-08T00:00:00+08:00' });
    expect(observation.posts).toHaveLength(4);
  });

  it('keeps posts apart when items share the same first link', () => {
    const page = `<html><body>
      <div class="post"><a href="/u/me">me</a><span class="t">2025-07-01</span></div>
      <div class="post"><a href="/u/me">me</a><span class="t">2025-07-02</span></div>
      <p class="t">2025-07-03</p>
    </body></html>`;
    const observation = parsePage('html', page, { url: 'https://blog.example/', now: NOW, options: { lastPost: '.t', posts: '.post' } });
    expect(observation.posts.map((p) => p.id)).toEqual(['https://blog.example/u/me', 'https://blog.example/u/me#1', '2']);
    expect(observation.lastPostAt).toBe('2025-07-03T00:00:00+08:00');
  });
});

describe('html never reads a failed page as silence', () => {
  const options = { lastPost: 'time@datetime', posts: 'li.item', empty: '.empty-state' };
  it.each([
    ['a captcha page', 'blocked', fixture('captcha.html'), /captcha/],
    ['a login wall', 'blocked', fixture('login-wall.html'), /login wall/],
    ['changed markup', 'error', fixture('redesigned-news-list.html'), /selector "time@datetime" matched nothing/],
    ['a truncated page', 'error', fixture('news-list.html').slice(0, fixture('news-list.html').indexOf('</ul>')), /incomplete/],
  ])('reports %s as %s', (_what, outcome, body, error) => {
    const observation = parsePage('html', body, { url: NEWS_URL, now: NOW, options });
    expect(observation).toMatchObject({ outcome, postsCount: null, lastPostAt: null, posts: [] });
    expect(observation.error).toMatch(error);
  });

  it('names the selector and the first text that is not a date', () => {
    const observation = observe('news-list.html', { lastPost: '.site-name' });
    expect(observation.outcome).toBe('error');
    expect(observation.error).toMatch(
      /selector "\.site-name" matched 1 element\(s\) but no text held a readable date \(first: "示例市生态环境局"\)/,
    );
  });

  it('reports a posts selector that stopped matching while the times still match', () => {
    const observation = observe('news-list.html', { lastPost: 'time@datetime', posts: 'article.post' });
    expect(observation).toMatchObject({ outcome: 'error', lastPostAt: null });
    expect(observation.error).toMatch(/posts selector "article\.post" matched nothing/);
  });

  it('does not take a missing empty-account marker as an empty account', () => {
    const observation = observe('empty-account.html', { lastPost: '.dyn-time', posts: '.dyn-item' });
    expect(observation).toMatchObject({ outcome: 'error', postsCount: null });
  });
});

describe('html pages built to hurt the reader', () => {
  const read = (body: string, options: Record<string, unknown>) => parsePage('html', body, { url: NEWS_URL, now: NOW, options });
  const page = (items: string) => `<html><body><ul>${items}</ul></body></html>`;

  it('reports a post item without a time as a changed page: skipping it could skip the newest post', () => {
    const body = page(
      '<li class="post"><a href="/1">new</a></li><li class="post"><a href="/2">old</a><time datetime="2025-06-01">6月1日</time></li>',
    );
    expect(read(body, { lastPost: '.post time@datetime', posts: '.post' })).toMatchObject({
      outcome: 'error',
      lastPostAt: null,
      error: 'page did not match the html parser: post item 1 of 2 (".post") holds no match of ".post time@datetime": markup changed',
    });
  });

  it('reads a post nested in another (a quoted post) as its own: its marks and text stay with it', () => {
    const body = page(
      '<li class="post" id="outer"><p>I share this</p><time datetime="2025-07-10">7月10日</time>' +
        '<div class="post pinned" id="inner"><span class="badge">置顶</span><p>quoted notice</p>' +
        '<time datetime="2025-01-01">1月1日</time></div></li>',
    );
    const observation = read(body, { lastPost: 'time@datetime', posts: '.post' });
    expect(observation.posts.map((p) => [p.id, p.pinned, p.excerpt])).toEqual([
      ['outer', false, 'I share this'],
      ['inner', true, '置顶 quoted notice'],
    ]);
  });

  it('reads items nested a thousand deep once each, not once per item around them', () => {
    // Each of 990 nested items holds its own time: walking every item's whole subtree would visit ~500,000 elements per tower.
    const tower = '<div class="post"><time datetime="2025-07-01">x</time>'.repeat(990) + '</div>'.repeat(990);
    const observation = read(`<html><body>${tower.repeat(4)}</body></html>`, { lastPost: 'time@datetime', posts: '.post' });
    expect(observation).toMatchObject({ outcome: 'ok', lastPostAt: '2025-07-01T00:00:00+08:00' });
    expect(observation.posts).toHaveLength(3_960);
  });

  it('reads an item carrying a megabyte of class names', () => {
    const classes = 'card post pinned '.repeat(65_536);
    const observation = read(page(`<li class="item ${classes}"><time datetime="2025-07-01">x</time></li>`), {
      lastPost: 'time@datetime',
      posts: '.item',
    });
    expect(observation).toMatchObject({ outcome: 'ok', lastPostAt: '2025-07-01T00:00:00+08:00' });
    expect(observation.posts[0]?.pinned).toBe(true);
  });

  it('reports a page nested deeper than any real one as unreadable', () => {
    const observation = read(`<html><body>${'<div>'.repeat(200_000)}<time datetime="2025-07-01">x</time></body></html>`, {
      lastPost: 'time@datetime',
    });
    expect(observation).toMatchObject({ outcome: 'error', error: 'page nested too deeply to read (over 1,000 levels)' });
  });
});
