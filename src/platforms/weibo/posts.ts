import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import type { FetchedPage, PageReading, ParseContext } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { isRecord } from '../json-answer.ts';
import type { WeiboAnswer } from './api-answer.ts';
import { uidOfQuery } from './api-url.ts';
import { readCount } from './counts.ts';
import { postExcerpt } from './post-text.ts';
import { STATUSES_COUNT_CARRY } from './profile.ts';

/** The card type of a post (`mblog`); other cards are headers, notices and suggestions. */
const POST_CARD = 9;

/** How deep card groups may nest: real answers nest one level, so deeper is a page this reader does not know. */
const MAX_CARD_GROUP_DEPTH = 3;

/**
 * Reads the account's posts container (newest first, pinned posts above them) and merges it
 * with the profile read before it. Each post counts by its own `created_at`, never by its place:
 * a pinned post from last year stays last year's. A post that shares another (`retweeted_status`)
 * is marked a repost and dated by when the account shared it.
 *
 * An empty list is evidence of an account that never posted only when the profile counted 0
 * posts exactly (handed over as `carry`): Weibo also answers with no cards when it throttles
 * or hides a list, and for accounts whose posts are visible to followers only.
 */
export function readPosts(answer: WeiboAnswer, page: FetchedPage, ctx: ParseContext<unknown>): PageReading {
  const cards = answer.data.cards;
  if (!Array.isArray(cards)) throw new PageMismatchError('the answer has no cards list');
  const uid = pageUid(page.url);
  const mblogs = postCards(cards, 0);
  const previous = ctx.previous;
  if (mblogs.length === 0) {
    const counted = ctx.carry?.[STATUSES_COUNT_CARRY];
    if (previous && counted === '0') return { facts: { ...previous, postsCount: 0 } };
    const profileSaid = counted === undefined ? 'no profile said how many posts exist' : `the profile counts ${counted} posts`;
    throw new PageMismatchError(`the posts list holds no posts but ${profileSaid}`);
  }
  const posts = mblogs.map((mblog, index) => readPost(mblog, index, uid, ctx));
  const base = previous ?? authorFacts(mblogs[0]);
  return { facts: { ...base, posts } };
}

/** The posts among the cards, in order, including those inside card groups (`card_group`). */
function postCards(cards: readonly unknown[], depth: number): Record<string, unknown>[] {
  if (depth > MAX_CARD_GROUP_DEPTH) throw new PageMismatchError('the cards nest deeper than any Weibo answer');
  const mblogs: Record<string, unknown>[] = [];
  for (const card of cards) {
    if (!isRecord(card)) continue;
    if (card.card_type === POST_CARD && isRecord(card.mblog)) mblogs.push(card.mblog);
    else if (Array.isArray(card.card_group)) mblogs.push(...postCards(card.card_group, depth + 1));
  }
  return mblogs;
}

function readPost(mblog: Record<string, unknown>, index: number, uid: string | null, ctx: ParseContext<unknown>): ObservedPost {
  const where = `post #${index + 1}`;
  const id = typeof mblog.id === 'string' || typeof mblog.id === 'number' ? String(mblog.id) : '';
  if (!id || typeof mblog.created_at !== 'string') throw new PageMismatchError(`${where} has no id or created_at`);
  const author = isRecord(mblog.user) ? mblog.user.id : undefined;
  const authorId = typeof author === 'number' || typeof author === 'string' ? String(author) : null;
  if (uid && authorId !== null && authorId !== uid) {
    throw new PageMismatchError(`${where} is by another account (${authorId}): the list is not this account’s posts`);
  }
  const time = parseDate(mblog.created_at, { now: ctx.now, timeZone: ctx.timeZone });
  if (!time) throw new PageMismatchError(`${where} has an unreadable created_at: ${JSON.stringify(mblog.created_at.slice(0, 40))}`);
  const bid = typeof mblog.bid === 'string' && /^\w+$/.test(mblog.bid) ? mblog.bid : null;
  return {
    id,
    at: time.iso,
    precision: time.precision,
    pinned: isPinned(mblog),
    repost: isRecord(mblog.retweeted_status),
    url: `https://m.weibo.cn/status/${bid ?? id}`,
    excerpt: postExcerpt(typeof mblog.text === 'string' ? mblog.text : ''),
  };
}

/**
 * Pinned (置顶) as the API marks it: `isTop`, `mblogtype` 2, or the "置顶" title the app shows
 * above the post. `mblogtype` 1 marks other things (hot posts) and is no pin.
 */
function isPinned(mblog: Record<string, unknown>): boolean {
  if (mblog.isTop === 1 || mblog.isTop === true || mblog.mblogtype === 2) return true;
  return isRecord(mblog.title) && typeof mblog.title.text === 'string' && mblog.title.text.includes('置顶');
}

/** The uid the posts request asked about, so that posts by anyone else are noticed. */
function pageUid(pageUrl: string): string | null {
  try {
    return uidOfQuery(new URL(pageUrl).searchParams);
  } catch {
    return null;
  }
}

/** A posts list read on its own names its account in each post's `user`. */
function authorFacts(mblog: Record<string, unknown> | undefined): PageFacts {
  const user = isRecord(mblog?.user) ? mblog.user : null;
  if (!user) return {};
  const name = typeof user.screen_name === 'string' ? cleanText(user.screen_name) : '';
  const followers = readCount(user.followers_count);
  return {
    ...(name ? { displayName: name } : {}),
    ...(followers ? { followers: followers.value, followersApproximate: followers.approximate } : {}),
  };
}
