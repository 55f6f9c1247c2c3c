import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import type { PageReading, ParseContext } from '../adapter.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { isCount, isRecord } from '../json-answer.ts';
import type { LookState } from './look-state.ts';
import { dynamicsRequest } from './requests.ts';
import { readUnixTime } from './unix-time.ts';

/**
 * Why the uploads alone cannot date the account. An account that posts dynamics (text, images,
 * reposts) and seldom a video would read as silent since its last video; so a look whose
 * dynamics fail fails too, rather than keep the uploads' date.
 */
export const UPLOADS_ALONE =
  'the uploads list shows only videos; the account’s dynamics (posts and reposts), which may be newer, were not read';

/** Whether `data` is the uploads list's (`x/space/wbi/arc/search`, and the older `x/space/arc/search`). */
export function isUploadsData(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && isRecord(data.list) && 'vlist' in data.list;
}

/**
 * Reads the uploads list: the newest videos, each dated by `created`. An empty list is the
 * account having no videos only when its count (`page.count`) and the card agree it has none;
 * otherwise the list was withheld or cut, and the look says nothing. Then asks for the dynamics.
 */
export function readUploads(
  data: Record<string, unknown>,
  state: LookState | null,
  origin: string,
  pageUrl: string,
  ctx: ParseContext<unknown>,
): PageReading {
  const list = (data.list as Record<string, unknown>).vlist;
  const count = isRecord(data.page) ? data.page.count : undefined;
  if (!Array.isArray(list) || !isCount(count)) throw new PageMismatchError('the uploads answer has no vlist list or page.count');
  const items = list.map((item, index) => readUpload(item, index, ctx));
  const mid = state?.mid ?? items[0]?.mid ?? midOf(pageUrl);
  if (!mid) throw new PageMismatchError('the uploads answer names no account (no mid)');
  const videos = state?.videos ?? count;
  if (items.length === 0 && (videos > 0 || count > 0)) {
    throw new PageMismatchError(`the uploads list is empty but the account counts ${Math.max(videos, count)} videos`);
  }
  const base: PageFacts = ctx.previous ?? {};
  const facts: PageFacts = { ...base, posts: [...(base.posts ?? []), ...items.map((item) => item.post)] };
  const author = items.find((item) => item.author)?.author;
  if (!facts.displayName && author) facts.displayName = author;
  if (facts.postsCount === undefined && count > 0) facts.postsCount = count;
  return {
    facts,
    next: dynamicsRequest(origin, { mid, videos, ...(items.length === 0 ? { noUploads: true } : {}) }),
    incompleteWithoutNext: UPLOADS_ALONE,
  };
}

interface Upload {
  post: ObservedPost;
  mid: string | null;
  author: string | null;
}

function readUpload(item: unknown, index: number, ctx: ParseContext<unknown>): Upload {
  const where = `upload #${index + 1}`;
  if (!isRecord(item)) throw new PageMismatchError(`${where} is not an object`);
  const id = typeof item.bvid === 'string' && item.bvid ? item.bvid : isCount(item.aid) ? `av${item.aid}` : null;
  if (!id) throw new PageMismatchError(`${where} has no bvid or aid`);
  const time = readUnixTime(item.created, ctx.now, ctx.timeZone);
  if (!time) throw new PageMismatchError(`${where} has no readable created time`);
  const title = typeof item.title === 'string' ? item.title : '';
  return {
    post: { id, ...time, pinned: false, repost: false, url: `https://www.bilibili.com/video/${id}`, excerpt: excerpt(title) },
    mid: typeof item.mid === 'number' || typeof item.mid === 'string' ? String(item.mid) : null,
    author: typeof item.author === 'string' ? cleanText(item.author) || null : null,
  };
}

function midOf(pageUrl: string): string | null {
  try {
    const mid = new URL(pageUrl).searchParams.get('mid');
    return mid && /^\d+$/.test(mid) ? mid : null;
  } catch {
    return null;
  }
}
