import { PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, PageReading } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { isRecord } from '../json-answer.ts';
import { POSTS_CONTAINER_PREFIX, postsRequest } from './api-url.ts';
import { readCount } from './counts.ts';

/** Handed to the posts page: how many posts the profile counted, as `PageRequest.carry`. */
export const STATUSES_COUNT_CARRY = 'statusesCount';

/** Container ids are long numbers; anything else in the tabs is not one this reader should follow. */
const CONTAINER_ID = /^\d{6,40}$/;

/**
 * Reads the account's `userInfo`: name, followers and post count. It has no post times, so the
 * reading always asks for the account's posts container next.
 *
 * A follower count in text ("6335.7万") is kept as the approximate number it is. A post count in
 * rounded text is left out (the number of posts is read as an exact count or not at all), and
 * a count of 0 is held back until the posts list confirms it with no posts: were that page to
 * fail, a lone 0 would read as an account that never posted. The count goes to the posts page
 * as `carry` so that an empty list can be told from a list that failed to load.
 */
export function readProfile(data: Record<string, unknown>, page: FetchedPage): PageReading {
  const user = data.userInfo;
  if (!isRecord(user)) throw new PageMismatchError('the answer has no userInfo');
  const uid = typeof user.id === 'number' || typeof user.id === 'string' ? String(user.id) : '';
  const name = typeof user.screen_name === 'string' ? cleanText(user.screen_name) : '';
  const followers = readCount(user.followers_count);
  const posts = readCount(user.statuses_count);
  if (!/^\d+$/.test(uid) || !name || !followers || !posts) {
    throw new PageMismatchError('the userInfo lacks a numeric id, screen_name, followers_count or statuses_count');
  }
  const facts: PageFacts = { displayName: name, followers: followers.value, followersApproximate: followers.approximate };
  if (!posts.approximate && posts.value > 0) facts.postsCount = posts.value;
  const statusesCount = posts.approximate ? 'approximate' : String(posts.value);
  return {
    facts,
    next: { ...postsRequest(page.url, uid, postsContainer(data, uid)), carry: { [STATUSES_COUNT_CARRY]: statusesCount } },
  };
}

/** The container the profile's "微博" tab names, or the one Weibo has long used for it. */
function postsContainer(data: Record<string, unknown>, uid: string): string {
  const tabs = isRecord(data.tabsInfo) && Array.isArray(data.tabsInfo.tabs) ? data.tabsInfo.tabs : [];
  for (const tab of tabs) {
    if (!isRecord(tab) || (tab.tabKey !== 'weibo' && tab.tab_type !== 'weibo')) continue;
    const id = typeof tab.containerid === 'string' ? tab.containerid : '';
    if (CONTAINER_ID.test(id)) return id;
  }
  return `${POSTS_CONTAINER_PREFIX}${uid}`;
}
