import { describe, expect, it } from 'vitest';
import { validateOptions } from '../parse-page.ts';
import { html } from './adapter.ts';
import { resolveHtmlOptions, type HtmlOptions } from './options.ts';
import { douyin } from './presets/douyin.ts';
import { optionIssues as optionIssuesOf } from '../../../tests/support/option-issues.ts';

const optionIssues = (options: unknown) => optionIssuesOf(html, options);

describe('html options with JSONPath', () => {
  it('accepts an account whose every value is JSONPath', () => {
    const options = {
      lastPost: '$.data.list[*].created_at',
      posts: '$.data.list[*]',
      followers: '$.data.user.followers_count',
      postsCount: '$.data.user.statuses_count',
      name: '$.data.user.screen_name',
      empty: '$.data.list',
    };
    expect(validateOptions(html, options)).toEqual(options);
  });

  it.each([
    ['invalid JSONPath syntax', { lastPost: '$.data.list[' }, 'options.lastPost', /not a valid JSONPath expression: "\$\.data\.list\["/],
    ['a filter expression', { lastPost: '$.list[?(@.t)].t' }, 'options.lastPost', /filter or script/],
    ['invalid JSONPath in another field', { lastPost: '$.t', name: '$.user..' }, 'options.name', /not a valid JSONPath/],
    [
      'a CSS value beside JSONPath times',
      { lastPost: '$.t', followers: '.fans' },
      'options.followers',
      /is a CSS selector but lastPost is a JSONPath/,
    ],
    [
      'JSONPath beside CSS times',
      { lastPost: 'time', empty: '$.list' },
      'options.empty',
      /is a JSONPath expression but lastPost is a CSS selector/,
    ],
    [
      'a JSON script for CSS times',
      { lastPost: 'time', jsonScript: 'script#data' },
      'options.jsonScript',
      /applies only when the values are JSONPath/,
    ],
    ['a browser for a JSON endpoint', { lastPost: '$.t', render: 'browser' }, 'options.render', /JSON endpoint is fetched over HTTP/],
    ['JSONPath as the JSON script', { lastPost: '$.t', jsonScript: '$.x' }, 'options.jsonScript', /is not a CSS selector/],
  ])('rejects %s, naming the field', (_what, options, field, message) => {
    const issues = optionIssues(options);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field, message: expect.stringMatching(message) });
  });
});

describe('html presets', () => {
  it('expand to the preset’s options when the account names one', () => {
    const options = validateOptions(html, { preset: 'douyin' }) as HtmlOptions;
    expect(options).toEqual({ preset: 'douyin' });
    expect(resolveHtmlOptions(options)).toEqual(douyin.options);
    expect(html.fetcher(options)).toBe('browser');
  });

  it('give way to the account’s own options, one by one', () => {
    const options = validateOptions(html, { preset: 'douyin', followers: '$.*.user.user.mplatformFollowersCount' }) as HtmlOptions;
    expect(resolveHtmlOptions(options)).toEqual({ ...douyin.options, followers: '$.*.user.user.mplatformFollowersCount' });
  });

  it('refuse an override that mixes CSS into a JSONPath preset, naming the field', () => {
    expect(optionIssues({ preset: 'douyin', followers: '[data-e2e="user-info-fans"]' })).toEqual([
      { field: 'options.followers', message: expect.stringMatching(/is a CSS selector but lastPost is a JSONPath/) },
    ]);
  });

  it('refuse an unknown preset, listing the known ones', () => {
    expect(optionIssues({ preset: 'kuaishou' })).toEqual([
      { field: 'options.preset', message: 'unknown preset "kuaishou"; known presets: douyin, toutiao' },
    ]);
  });

  it('still require post times from an account without a preset', () => {
    expect(optionIssues({ name: 'h1' })).toEqual([{ field: 'options.lastPost', message: expect.stringMatching(/^is required/) }]);
  });
});
