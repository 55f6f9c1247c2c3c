import { z } from 'zod';
import { InvalidInputError } from '../../domain/errors.ts';
import type { FetchedPage, PageReading, PageRequest, ParseContext, PlatformAdapter } from '../adapter.ts';
import { feed } from '../feed/adapter.ts';
import { isArticlePage, readArticlePage } from './article-page.ts';
import { isHistoryPage, readHistoryPage } from './history-page.ts';
import { rejectNoticePage } from './notice-page.ts';
import { PageMismatchError } from '../../domain/errors.ts';

/**
 * Per-account options for WeChat official accounts. `via: "feed"` reads the account through an
 * RSS bridge the user runs (RSSHub, WeWe RSS…): the account URL is then the bridge's feed URL,
 * and the account still reports as WeChat. Unknown keys are rejected so typos surface.
 */
export const wechatOptionsSchema = z.object({ via: z.enum(['pages', 'feed']).optional() }).strict();
export type WechatOptions = z.infer<typeof wechatOptionsSchema>;

/**
 * An article page proves only that the account posted that article. Watching an account
 * through it alone would report that date as the newest post for ever after, so it is only
 * evidence together with the account's history page.
 */
const ARTICLE_ALONE =
  'an article page shows only that article’s date, not the account’s newest post; the account’s history page was not read';

/** The account's history page, on the origin the article came from (mirrors and test servers keep theirs). */
export function historyUrl(biz: string, pageUrl: string): string {
  const url = new URL('/mp/profile_ext', pageUrl);
  url.searchParams.set('action', 'home');
  url.searchParams.set('__biz', biz);
  return url.toString();
}

function accountRequest(accountUrl: string): PageRequest {
  let url: URL;
  try {
    url = new URL(accountUrl);
  } catch {
    throw new InvalidInputError('not a WeChat URL', [{ field: 'url', message: `"${accountUrl}" is not a URL` }]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidInputError('not a WeChat URL', [{ field: 'url', message: `"${accountUrl}" is not an http(s) URL` }]);
  }
  // An article link (/s/…, /s?__biz=…) or a history link (/mp/profile_ext?action=home&__biz=…) is
  // fetched as given: both are public pages, and a history link that needs a login says so.
  return { url: url.toString(), accept: 'text/html' };
}

/**
 * WeChat official accounts (公众号). They have no public profile page: an account is read
 * from one of its article pages, whose account id leads on to the history page
 * (`mp/profile_ext`) when WeChat serves it, or from the history page directly.
 */
export const wechat: PlatformAdapter<WechatOptions> = {
  id: 'wechat',
  title: 'WeChat official account (article and history pages)',
  about: {
    reads: { name: true, followers: false, postsCount: false, lastPost: true },
    urlForms: [
      'https://mp.weixin.qq.com/s/<article>',
      'https://mp.weixin.qq.com/s?__biz=<account>&…',
      'https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz=<account>',
      'an RSS bridge’s feed URL for the account, with options {"via": "feed"}',
    ],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: { 'mp.weixin.qq.com': { maxConcurrency: 1, minDelayMs: 3000 } },
  },
  optionsSchema: wechatOptionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl, options) => (options.via === 'feed' ? feed.firstRequest(accountUrl, {}) : accountRequest(accountUrl)),
  parse: (page, ctx) => (ctx.options.via === 'feed' ? feed.parse(page, { ...ctx, options: {} }) : parseWechatPage(page, ctx)),
};

function parseWechatPage(page: FetchedPage, ctx: ParseContext<WechatOptions>): PageReading {
  const where = { url: page.url, now: ctx.now, timeZone: ctx.timeZone };
  if (isHistoryPage(page.body)) {
    const facts = readHistoryPage(page.body, where);
    const earlier = ctx.previous;
    return {
      facts: earlier
        ? { ...facts, displayName: earlier.displayName ?? facts.displayName, posts: [...(earlier.posts ?? []), ...(facts.posts ?? [])] }
        : facts,
    };
  }
  rejectNoticePage(page.body);
  if (ctx.previous) throw new PageMismatchError('the follow-up page is not an account history page (no msgList)');
  if (!isArticlePage(page.body))
    throw new PageMismatchError('neither an article page (var ct, #publish_time) nor a history page (msgList)');
  const article = readArticlePage(page.body, where);
  if (!article.biz) return { facts: article.facts, incompleteWithoutNext: ARTICLE_ALONE };
  return {
    facts: article.facts,
    next: { url: historyUrl(article.biz, page.url), accept: 'text/html' },
    incompleteWithoutNext: ARTICLE_ALONE,
  };
}
