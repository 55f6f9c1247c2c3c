import { z } from 'zod';
import { ChangedAnswerError, PageMismatchError } from '../../domain/errors.ts';
import type { FetchedPage, PageReading, ParseContext, PlatformAdapter } from '../adapter.ts';
import { readAnswer } from './api-answer.ts';
import { profileRequest } from './api-url.ts';
import { readPosts } from './posts.ts';
import { readProfile } from './profile.ts';

const optionsSchema = z.strictObject({});

/** Weibo takes no per-account options: the account URL names the uid. */
export type WeiboOptions = z.infer<typeof optionsSchema>;

/**
 * Weibo through the JSON API behind m.weibo.cn, which answers anonymous clients for a while:
 * the account's `userInfo` gives name, follower and post counts; its posts container then gives
 * the newest posts with their times. No login is needed to read, but Weibo blocks anonymous
 * clients after a while; a cookie of a logged-in session, when the platform's access settings
 * give one, is what keeps reading then.
 *
 * Politeness: Weibo turns anonymous clients away (418, 432, its visitor system) after a burst
 * of requests from one address, and keeps refusing for a while after, so its API host is asked
 * one request at a time, three seconds apart.
 */
export const weibo: PlatformAdapter<WeiboOptions> = {
  id: 'weibo',
  title: 'Weibo (m.weibo.cn API: profile and posts)',
  about: {
    reads: { name: true, followers: true, postsCount: true, lastPost: true },
    urlForms: [
      'https://weibo.com/u/<uid>',
      'https://weibo.com/<uid>',
      'https://m.weibo.cn/u/<uid>',
      'https://m.weibo.cn/profile/<uid>',
      'https://m.weibo.cn/api/container/getIndex?type=uid&value=<uid>',
    ],
    fetchers: ['http'],
    requiredSettings: [],
    politeness: { 'm.weibo.cn': { maxConcurrency: 1, minDelayMs: 3000 } },
  },
  optionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => profileRequest(accountUrl),
  parse: parseWeiboPage,
};

/**
 * Tells the two answers apart by shape: the profile has `userInfo`, the posts container `cards`.
 * Once the API has answered `ok: 1` with data, a reader that finds less than it reads meets a
 * changed answer, never a block page, even though every profile answer links to the login page.
 */
function parseWeiboPage(page: FetchedPage, ctx: ParseContext<WeiboOptions>): PageReading {
  const answer = readAnswer(page);
  try {
    if ('userInfo' in answer.data) return readProfile(answer.data, page);
    if ('cards' in answer.data) return readPosts(answer, page, ctx);
    throw new PageMismatchError('the answer has neither userInfo nor cards');
  } catch (err) {
    if (answer.ok === 1 && err instanceof PageMismatchError && !(err instanceof ChangedAnswerError)) {
      throw new ChangedAnswerError(err.message, { cause: err });
    }
    throw err;
  }
}
