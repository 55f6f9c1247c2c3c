import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../../../activity/status.ts';
import { GOV_CN } from '../../../activity/policies.ts';
import { parsePage, validateOptions } from '../../parse-page.ts';
import { html } from '../adapter.ts';
import { htmlPresets } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

const NOW = new Date('2025-07-20T04:00:00Z');
const DOUYIN_URL = 'https://www.douyin.com/user/MS4wLjABAAAAx7kqP0c2VdLmRz9Yw3nTfB5aQe8uJhGsK1oNpXyZ4Iw';
const TOUTIAO_URL = 'https://www.toutiao.com/c/user/token/MS4wLjABAAAAq2x8yT0nKcVhF3pR9sLmWd5eGjB1oNaZ7uXiYtQ4kEs/';

function observe(body: string, url: string, options: Record<string, unknown>) {
  return parsePage('html', body, { url, now: NOW, timeZone: 'Asia/Shanghai', options });
}

/** Douyin's state script with its JSON changed: the same page as a later release might serve it. */
function withRenderData(page: string, change: (data: Record<string, Record<string, unknown>>) => void): string {
  return page.replace(/(<script id="RENDER_DATA" type="application\/json">)([^<]*)/, (_all, open: string, encoded: string) => {
    const data = JSON.parse(decodeURIComponent(encoded)) as Record<string, Record<string, unknown>>;
    change(data);
    return open + encodeURIComponent(JSON.stringify(data));
  });
}

describe('html presets', () => {
  it.each(htmlPresets.map((preset) => [preset.id, preset] as const))('%s is a valid set of options on its own', (_id, preset) => {
    expect(validateOptions(html, preset.options)).toEqual(preset.options);
    expect(preset.options.render).toBe('browser');
  });
});

describe('html preset douyin', () => {
  const options = { preset: 'douyin' };

  it('renders the profile in a browser and waits for its visible header', () => {
    expect(html.firstRequest(DOUYIN_URL, options)).toEqual({
      url: DOUYIN_URL,
      accept: 'text/html',
      waitFor: '[data-e2e="user-info"], [data-e2e="user-post-list"]',
    });
  });

  it('reads the user and post times from the state the page embeds; a newer post beats the pinned one', () => {
    const observation = observe(fixture('douyin-profile.html'), DOUYIN_URL, options);
    expect(observation).toMatchObject({
      outcome: 'ok',
      displayName: '示范市交通运输局',
      followers: 123456,
      followersApproximate: false,
      postsCount: 418,
      lastPostAt: '2025-07-18T08:53:20+08:00',
      lastPostPrecision: 'second',
      lastPostExcerpt: '周末地铁3号线延长运营至23:30，请合理安排出行',
    });
    expect(observation.posts.map((p) => [p.id, p.at, p.pinned])).toEqual([
      ['7250001122334455667', '2023-06-29T08:53:20+08:00', true],
      ['7527800011223344556', '2025-07-18T08:53:20+08:00', false],
      ['7526100099887766554', '2025-07-13T17:46:40+08:00', false],
      ['7524000011112222333', '2025-07-07T22:53:20+08:00', false],
    ]);
  });

  it('reports no posts when the user’s own post count is zero', () => {
    expect(observe(fixture('douyin-no-posts.html'), DOUYIN_URL, options)).toMatchObject({ outcome: 'ok', postsCount: 0, lastPostAt: null });
  });

  describe('never reads a failed page as silence', () => {
    const profile = fixture('douyin-profile.html');
    it.each([
      ['the verify (captcha) middle page', 'blocked', fixture('douyin-verify.html'), /captcha page/],
      ['a half-loaded shell with no user data yet', 'error', fixture('douyin-shell.html'), /matched nothing/],
      [
        'a release that loads the posts later instead of embedding them',
        'error',
        withRenderData(profile, (data) => delete data['37']?.post),
        /"\$\.\*\.post\.data\[\*\]\.createTime" matched nothing and the empty-account expression/,
      ],
      [
        'posts without their times',
        'error',
        withRenderData(profile, (data) => {
          const post = data['37']?.post as { data: Array<Record<string, unknown>> };
          for (const item of post.data) delete item.createTime;
        }),
        /matched nothing/,
      ],
      [
        'a page without the state script',
        'error',
        profile.replace(/<script id="RENDER_DATA"[^]*?<\/script>/, ''),
        /jsonScript .* matched nothing/,
      ],
      ['a truncated page', 'error', profile.slice(0, profile.indexOf('<script id="RENDER_DATA"') + 2000), /incomplete/],
    ])('reports %s as %s', (_what, outcome, body, error) => {
      const observation = observe(body, DOUYIN_URL, options);
      expect(observation).toMatchObject({ outcome, lastPostAt: null, postsCount: null, posts: [] });
      expect(observation.error).toMatch(error);
      expect(judge(observation, NOW, GOV_CN).status).toBe('unknown');
    });
  });
});

describe('html preset toutiao', () => {
  const options = { preset: 'toutiao' };

  it('renders the profile in a browser and waits for the feed cards’ times', () => {
    const request = html.firstRequest(TOUTIAO_URL, options);
    expect(request).toMatchObject({ url: TOUTIAO_URL, accept: 'text/html' });
    expect(request.waitFor).toContain('.profile-article-card-wrapper .feed-card-footer-time-cmp');
  });

  it('reads the header and every card’s relative time against the fetch time', () => {
    const observation = observe(fixture('toutiao-profile.html'), TOUTIAO_URL, options);
    expect(observation).toMatchObject({
      outcome: 'ok',
      displayName: '示范市气象台',
      followers: 123000,
      followersApproximate: true,
      lastPostAt: '2025-07-20T09:00:00+08:00',
      lastPostPrecision: 'hour',
      lastPostUrl: 'https://www.toutiao.com/w/1838000011112222/',
    });
    expect(observation.posts.map((p) => [p.at, p.pinned])).toEqual([
      ['2024-03-01T00:00:00+08:00', true],
      ['2025-07-20T09:00:00+08:00', false],
      ['2025-07-19T14:22:00+08:00', false],
      ['2025-07-12T00:00:00+08:00', false],
    ]);
  });

  describe('never reads a failed page as silence', () => {
    const profile = fixture('toutiao-profile.html');
    it.each([
      ['a half-loaded shell (cards not rendered yet)', 'error', fixture('toutiao-shell.html'), /matched nothing/],
      ['a captcha page', 'blocked', fixture('douyin-verify.html'), /captcha page/],
      ['a login wall', 'blocked', fixture('login-wall.html'), /login wall/],
      ['a card whose time is gone', 'error', profile.replace('<div class="time">3小时前</div>', ''), /post item 2 of 4/],
      ['a redesigned profile', 'error', profile.replaceAll('profile-', 'pf-'), /matched nothing/],
    ])('reports %s as %s', (_what, outcome, body, error) => {
      const observation = observe(body, TOUTIAO_URL, options);
      expect(observation).toMatchObject({ outcome, lastPostAt: null, posts: [] });
      expect(observation.error).toMatch(error);
      expect(judge(observation, NOW, GOV_CN).status).toBe('unknown');
    });
  });
});
