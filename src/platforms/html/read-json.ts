import { load } from 'cheerio/slim';
import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost, PageFacts } from '../../domain/observation.ts';
import { parseCount } from '../../parsing/count.ts';
import { parseDate } from '../../parsing/date.ts';
import type { FetchedPage, ParseContext } from '../adapter.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { isRecord, parseJson } from '../json-answer.ts';
import { readHtmlDocument } from '../markup/bounded-dom.ts';
import { evaluateJsonPath, type JsonMatch } from './jsonpath.ts';
import type { ResolvedHtmlOptions } from './options.ts';

/** A page cut off mid-transfer lacks its closing tags; its embedded JSON may be cut off too. */
const COMPLETE_PAGE = /<\/(?:body|html)\s*>/i;

/** Percent-encoded JSON, as Douyin writes its RENDER_DATA: "%7B%22app%22…". */
const PERCENT_ENCODED_JSON = /^%(?:7B|5B)/i;

/**
 * Reads a JSON page (an API answer, or the JSON a page embeds in a `<script>`) with the
 * account's JSONPath expressions, as the CSS reading does with selectors: every post time
 * matched is a candidate and the newest wins; nothing matched is a mismatch unless the empty
 * marker says the account has no posts.
 */
export function parseJsonPage(page: FetchedPage, ctx: ParseContext<ResolvedHtmlOptions>): PageFacts {
  const { options } = ctx;
  const document = options.jsonScript ? embeddedJson(page.body, options.jsonScript) : parseJson(page.body);
  const facts: PageFacts = { ...readName(document, options), ...readCounts(document, options) };
  const times = evaluateJsonPath(options.lastPost, document).filter((match) => match.value !== null);
  if (times.length === 0) {
    // Zero posts only when the page positively says so; otherwise the answer changed shape or did not load.
    if (options.empty && saysEmpty(evaluateJsonPath(options.empty, document))) return { ...facts, postsCount: 0 };
    const empty = options.empty ? ` and the empty-account expression "${options.empty}" did not say the account is empty` : '';
    throw new PageMismatchError(`JSONPath "${options.lastPost}" matched nothing${empty}`);
  }
  const reader = new TimeReader(ctx);
  const posts = options.posts
    ? postsOfItems(reader, options.posts, document, times)
    : times.flatMap((t) => reader.post(t, t.pointer) ?? []);
  if (posts.length === 0) {
    const first = reader.firstUnreadable === null ? 'nothing' : JSON.stringify(reader.firstUnreadable.slice(0, 80));
    throw new PageMismatchError(
      `JSONPath "${options.lastPost}" matched ${times.length} value(s) but none was a readable date (first: ${first})`,
    );
  }
  return { ...facts, posts };
}

/** The JSON held by the first `<script>` the selector names, percent-decoded when it is encoded. */
function embeddedJson(body: string, scriptCss: string): unknown {
  if (!COMPLETE_PAGE.test(body)) throw new PageMismatchError('the page is incomplete: it has no closing </body> or </html> tag');
  const $ = load(readHtmlDocument(body));
  const script = $(scriptCss).first();
  if (script.length === 0) throw new PageMismatchError(`jsonScript "${scriptCss}" matched nothing: the page holds no data to read`);
  let text = script.text().trim();
  if (PERCENT_ENCODED_JSON.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw new PageMismatchError(`jsonScript "${scriptCss}" holds broken percent-encoding`);
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new PageMismatchError(`jsonScript "${scriptCss}" does not hold complete JSON`);
  }
}

/** Empty when something matched and every match is an empty list or a count of zero. */
function saysEmpty(matches: readonly JsonMatch[]): boolean {
  return matches.length > 0 && matches.every(({ value }) => value === 0 || (Array.isArray(value) && value.length === 0));
}

/** Reads matched values as post times, remembering the first that was not a date for the error message. */
class TimeReader {
  firstUnreadable: string | null = null;

  constructor(private readonly ctx: ParseContext<ResolvedHtmlOptions>) {}

  post(match: JsonMatch, id: string, item?: Record<string, unknown>): ObservedPost | null {
    const text = scalarText(match.value);
    const parsed = text ? parseDate(text, { now: this.ctx.now, timeZone: this.ctx.timeZone }) : null;
    if (!parsed) {
      this.firstUnreadable ??= text ?? JSON.stringify(match.value) ?? '';
      return null;
    }
    return { id, at: parsed.iso, precision: parsed.precision, pinned: false, repost: false, ...(item ? itemDetails(item) : {}) };
  }
}

/**
 * One post per item, dated by the first readable time inside it (its pointer lies within the
 * item's). Times outside every item still count, as with CSS items; an item without any time
 * is a mismatch: skipping it could skip the newest post.
 */
function postsOfItems(reader: TimeReader, itemsPath: string, document: unknown, times: readonly JsonMatch[]): ObservedPost[] {
  const items = evaluateJsonPath(itemsPath, document);
  if (items.length === 0) {
    throw new PageMismatchError(`posts JSONPath "${itemsPath}" matched nothing although the post times matched ${times.length} value(s)`);
  }
  const byPointer = new Map(items.map((item) => [item.pointer, item]));
  const timesOf = new Map<string, JsonMatch[]>(items.map((item) => [item.pointer, []]));
  const loose: JsonMatch[] = [];
  for (const time of times) {
    const owner = innermostItem(byPointer, time.pointer);
    if (owner) timesOf.get(owner.pointer)?.push(time);
    else loose.push(time);
  }
  const posts: ObservedPost[] = [];
  items.forEach((item, index) => {
    const own = timesOf.get(item.pointer) ?? [];
    if (own.length === 0) {
      throw new PageMismatchError(
        `post item ${index + 1} of ${items.length} ("${itemsPath}") holds no post time: the answer changed shape`,
      );
    }
    const record = isRecord(item.value) ? item.value : undefined;
    const id = (record && itemId(record)) ?? item.pointer;
    for (const time of own) {
      const post = reader.post(time, id, record);
      if (post) {
        posts.push(post);
        break;
      }
    }
  });
  return posts.concat(loose.flatMap((t) => reader.post(t, t.pointer) ?? []));
}

/**
 * The nearest item around a pointer: its ancestors are looked up from the nearest outward, so
 * a post nested in another (a quoted post) keeps its own time, and a long list stays linear.
 */
function innermostItem(items: ReadonlyMap<string, JsonMatch>, pointer: string): JsonMatch | undefined {
  for (let end = pointer.lastIndexOf('/'); end > 0; end = pointer.lastIndexOf('/', end - 1)) {
    const item = items.get(pointer.slice(0, end));
    if (item) return item;
  }
  return items.get('');
}

/** Id keys JSON APIs commonly give their posts, the string forms first (numeric ids may exceed 2^53). */
const ID_KEYS = ['id_str', 'idStr', 'id', 'awemeId', 'aweme_id', 'item_id', 'itemId', 'group_id'] as const;
const TEXT_KEYS = ['title', 'desc', 'text', 'content'] as const;
const LINK_KEYS = ['url', 'share_url', 'shareUrl', 'link'] as const;

function itemId(item: Record<string, unknown>): string | null {
  for (const key of ID_KEYS) {
    const value = scalarText(item[key]);
    if (value) return value;
  }
  return null;
}

/** Pinned flags as JSON APIs commonly give them, on the item or in its `tag` (Douyin). */
function isPinned(item: Record<string, unknown>): boolean {
  const tag = isRecord(item.tag) ? item.tag : {};
  return [item.is_top, item.isTop, tag.isTop, tag.is_top].some((flag) => flag === true || flag === 1);
}

function itemDetails(item: Record<string, unknown>): Pick<ObservedPost, 'url' | 'excerpt' | 'pinned'> {
  const text = TEXT_KEYS.map((key) => item[key]).find((value): value is string => typeof value === 'string' && value.trim() !== '');
  const url = LINK_KEYS.map((key) => item[key]).find((value): value is string => typeof value === 'string' && /^https?:\/\//i.test(value));
  return { url: url ?? null, excerpt: text ? excerpt(text) : null, pinned: isPinned(item) };
}

/** A string or a finite number as text; anything else (objects, lists, booleans) holds no single value. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return cleanText(value) || null;
  return null;
}

/** The name is a label, not activity evidence: a page without it is still read. */
function readName(document: unknown, options: ResolvedHtmlOptions): PageFacts {
  const name = options.name ? firstText(document, options.name) : null;
  return name ? { displayName: name } : {};
}

/** Counts are not activity evidence either: missing or unreadable ones stay unknown. */
function readCounts(document: unknown, options: ResolvedHtmlOptions): PageFacts {
  const followers = options.followers ? readCount(document, options.followers) : null;
  const postsCount = options.postsCount ? readCount(document, options.postsCount) : null;
  return {
    ...(followers ? { followers: followers.value, followersApproximate: followers.approximate } : {}),
    ...(postsCount && !postsCount.approximate ? { postsCount: postsCount.value } : {}),
  };
}

/** A number as the API gives it is exact; text ("12.3万") is read like page text. */
function readCount(document: unknown, path: string): { value: number; approximate: boolean } | null {
  const value = evaluateJsonPath(path, document)[0]?.value;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? { value, approximate: false } : null;
  const text = scalarText(value);
  const count = text ? parseCount(text) : null;
  return count ? { value: count.value, approximate: count.approximate || count.lowerBound } : null;
}

function firstText(document: unknown, path: string): string | null {
  for (const { value } of evaluateJsonPath(path, document)) {
    const text = scalarText(value);
    if (text) return text;
  }
  return null;
}
