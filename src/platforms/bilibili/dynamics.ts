import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import type { PageReading, ParseContext } from '../adapter.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { isRecord } from '../json-answer.ts';
import type { LookState } from './look-state.ts';
import { readUnixTime } from './unix-time.ts';

/** The tag Bilibili shows on the dynamic an account pinned to the top of its space. */
const PINNED_TAG = '置顶';
const REPOST_TYPE = 'DYNAMIC_TYPE_FORWARD';

/** Whether `data` is the space dynamics feed's (`x/polymer/web-dynamic/v1/feed/space`). */
export function isDynamicsData(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && 'items' in data && 'has_more' in data;
}

/**
 * Reads the account's dynamics and merges them with the uploads read before: every item counts
 * by its own `pub_ts`, a pinned one (`module_tag` 置顶) above newer items included, so the
 * newest of uploads and dynamics is the account's newest activity. A video announced as a
 * dynamic is the upload itself, listed once.
 *
 * An empty feed says the account never posted only when its uploads list and count were empty
 * too; otherwise the feed was withheld, and the look keeps what the uploads showed.
 */
export function readDynamics(data: Record<string, unknown>, state: LookState | null, ctx: ParseContext<unknown>): PageReading {
  if (!Array.isArray(data.items)) throw new PageMismatchError('the dynamics answer has no items list');
  const items = data.items.map((item, index) => readDynamic(item, index, ctx));
  const base: PageFacts = ctx.previous ?? {};
  if (items.length === 0) {
    if (data.has_more === true) throw new PageMismatchError('the dynamics feed is empty but says it has more');
    if (state?.noUploads) return { facts: { ...base, postsCount: 0 } };
    if ((base.posts?.length ?? 0) > 0) return { facts: base };
    throw new PageMismatchError('the dynamics feed is empty and nothing else read says the account never posted');
  }
  const announced = new Set(items.flatMap((item) => (item.videoId ? [item.videoId] : [])));
  const uploads = (base.posts ?? []).filter((post) => !announced.has(post.id));
  const facts: PageFacts = { ...base, posts: [...uploads, ...items.map((item) => item.post)] };
  const author = items.find((item) => item.author)?.author;
  if (!facts.displayName && author) facts.displayName = author;
  return { facts };
}

interface Dynamic {
  post: ObservedPost;
  /** The video a video dynamic announces (its bvid), to list it once beside the uploads. */
  videoId: string | null;
  author: string | null;
}

function readDynamic(item: unknown, index: number, ctx: ParseContext<unknown>): Dynamic {
  const where = `dynamic #${index + 1}`;
  const modules = isRecord(item) ? item.modules : undefined;
  if (!isRecord(item) || typeof item.id_str !== 'string' || !/^\d+$/.test(item.id_str) || !isRecord(modules)) {
    throw new PageMismatchError(`${where} has no id_str and modules`);
  }
  const author = isRecord(modules.module_author) ? modules.module_author : null;
  const time = author ? readUnixTime(author.pub_ts, ctx.now, ctx.timeZone) : null;
  if (!author || !time) throw new PageMismatchError(`${where} has no readable module_author.pub_ts`);
  const content = isRecord(modules.module_dynamic) ? modules.module_dynamic : {};
  const major = isRecord(content.major) ? content.major : {};
  const archive = isRecord(major.archive) ? major.archive : {};
  const tag = isRecord(modules.module_tag) ? modules.module_tag : {};
  return {
    post: {
      id: item.id_str,
      ...time,
      pinned: tag.text === PINNED_TAG,
      repost: item.type === REPOST_TYPE,
      url: `https://t.bilibili.com/${item.id_str}`,
      excerpt: excerpt(dynamicText(content, major)),
    },
    videoId: typeof archive.bvid === 'string' && archive.bvid ? archive.bvid : null,
    author: typeof author.name === 'string' ? cleanText(author.name) || null : null,
  };
}

/** The text a dynamic shows first: what the account wrote, else the title of what it posted. */
function dynamicText(content: Record<string, unknown>, major: Record<string, unknown>): string {
  const candidates = [
    textOf(content.desc),
    isRecord(major.opus) ? textOf(major.opus.summary) : '',
    isRecord(major.opus) ? stringOf(major.opus.title) : '',
    isRecord(major.archive) ? stringOf(major.archive.title) : '',
    isRecord(major.article) ? stringOf(major.article.title) : '',
  ];
  return candidates.find((text) => text.trim() !== '') ?? '';
}

function textOf(value: unknown): string {
  return isRecord(value) ? stringOf(value.text) : '';
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
