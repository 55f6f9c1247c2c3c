import type { CheerioAPI } from 'cheerio/slim';
import { isTag, type Element } from 'domhandler';
import { findOne, textContent } from 'domutils';
import { PageMismatchError } from '../../domain/errors.ts';
import type { ObservedPost } from '../../domain/observation.ts';
import { parseDate } from '../../parsing/date.ts';
import { cleanText, excerpt } from '../excerpt.ts';
import { itemElements, type OtherItemTest } from './item-elements.ts';
import { readItemTimes } from './item-times.ts';
import { readMarks } from './markers.ts';
import type { ValueSelector } from './options.ts';

/** What reading the configured selectors needs besides the document. */
export interface PostReadContext {
  $: CheerioAPI;
  /** Base for relative links: the page URL, or its `<base href>`. */
  baseUrl: string;
  now: Date;
  timeZone: string;
  /** The `lastPost` option as the user wrote it, for error messages. */
  lastPostOption: string;
  time: ValueSelector;
  /** Every match of `time.css` in the document, in document order. */
  allTimes: readonly Element[];
}

/** Records the first time text that did not parse, so a "none parsed" error can show it. */
interface TimeTally {
  firstUnreadable: string | null;
}

/**
 * One post per item of the `posts` selector, dated by the `lastPost` selector inside it. Time
 * matches outside every item still count as posts: the user named them as post times. An item
 * holding no time match at all makes the page a mismatch.
 */
export function readPostItems(rc: PostReadContext, itemsCss: string, itemsOption: string): ObservedPost[] {
  const { $, allTimes } = rc;
  const items = $.root().find(itemsCss).toArray();
  if (items.length === 0) {
    throw new PageMismatchError(
      `posts selector "${itemsOption}" matched nothing although "${rc.lastPostOption}" matched ${allTimes.length} element(s)`,
    );
  }
  const tally: TimeTally = { firstUnreadable: null };
  const consumed = new Set<Element>();
  const ids = new Set<string>();
  const posts: ObservedPost[] = [];
  const itemSet = new Set(items);
  const itemTimes = readItemTimes(itemSet, allTimes);
  items.forEach((item, index) => {
    const isOtherItem: OtherItemTest = (element) => element !== item && itemSet.has(element);
    const times = itemTimes.times(item);
    if (times.length === 0) {
      // A post without its time is a post whose markup broke or changed; skipping it could skip the newest.
      throw new PageMismatchError(
        `post item ${index + 1} of ${items.length} ("${itemsOption}") holds no match of "${rc.lastPostOption}": markup changed`,
      );
    }
    times.forEach((t) => consumed.add(t));
    for (const timeElement of times) {
      const time = readTime(rc, timeElement, tally);
      if (!time) continue;
      const url = permalink(rc, item, timeElement, isOtherItem);
      const id = uniqueId(ids, itemId(item) ?? url ?? String(index), index);
      posts.push({ id, ...time, ...readMarks(item, isOtherItem), url, excerpt: excerpt(itemTimes.text(item)) });
      break;
    }
  });
  const loose = allTimes.map((t, index) => [t, index] as const).filter(([t]) => !consumed.has(t));
  // Concatenated rather than spread into push: a page may hold more loose times than a call takes arguments.
  return requireSome(rc, posts.concat(readTimeMatches(rc, loose, tally, ids)), allTimes.length, tally);
}

/** One post per `lastPost` match, for pages where only the times are configured. */
export function readTimeElements(rc: PostReadContext): ObservedPost[] {
  const matches = rc.allTimes.map((t, index) => [t, index] as const);
  const tally: TimeTally = { firstUnreadable: null };
  return requireSome(rc, readTimeMatches(rc, matches, tally, new Set()), matches.length, tally);
}

/** Posts from bare time matches, each with its index among all `lastPost` matches. */
function readTimeMatches(
  rc: PostReadContext,
  matches: ReadonlyArray<readonly [Element, number]>,
  tally: TimeTally,
  ids: Set<string>,
): ObservedPost[] {
  const posts: ObservedPost[] = [];
  for (const [element, index] of matches) {
    const time = readTime(rc, element, tally);
    if (!time) continue;
    const url = enclosingLink(rc, element);
    const id = uniqueId(ids, url ?? String(index), index);
    posts.push({ id, ...time, pinned: false, repost: false, url, excerpt: null });
  }
  return posts;
}

function requireSome(rc: PostReadContext, posts: ObservedPost[], matched: number, tally: TimeTally): ObservedPost[] {
  if (posts.length > 0) return posts;
  const shown = tally.firstUnreadable === null ? 'nothing' : JSON.stringify(tally.firstUnreadable.slice(0, 80));
  const where = rc.time.attribute ? `attribute "${rc.time.attribute}"` : 'text';
  throw new PageMismatchError(
    `selector "${rc.lastPostOption}" matched ${matched} element(s) but no ${where} held a readable date (first: ${shown})`,
  );
}

function readTime(rc: PostReadContext, element: Element, tally: TimeTally): Pick<ObservedPost, 'at' | 'precision'> | null {
  const raw = rc.time.attribute ? (rc.$(element).attr(rc.time.attribute) ?? '') : textContent(element);
  const text = cleanText(raw);
  const parsed = text ? parseDate(text, { now: rc.now, timeZone: rc.timeZone }) : null;
  if (parsed) return { at: parsed.iso, precision: parsed.precision };
  tally.firstUnreadable ??= text;
  return null;
}

const ID_ATTRIBUTES = ['id', 'data-id', 'data-post', 'data-post-id'] as const;

function itemId(item: Element): string | null {
  for (const name of ID_ATTRIBUTES) {
    const value = item.attribs[name]?.trim();
    if (value) return value;
  }
  return null;
}

/** Two items read as the same id (a shared author link) would merge in storage; keep them apart. */
function uniqueId(ids: Set<string>, id: string, index: number): string {
  const unique = ids.has(id) ? `${id}#${index}` : id;
  ids.add(unique);
  return unique;
}

/** The post's own link: the one around its time (usually the permalink), else the item's first link. */
function permalink(rc: PostReadContext, item: Element, timeElement: Element, isOtherItem: OtherItemTest): string | null {
  const aroundTime = enclosingLink(rc, timeElement);
  if (aroundTime) return aroundTime;
  for (const element of itemElements(item, isOtherItem)) {
    const url = isLink(element) ? resolveLink(element.attribs.href, rc.baseUrl) : null;
    if (url) return url;
  }
  return null;
}

/** The element's own link, else the first link inside it, else the nearest link around it. */
function enclosingLink(rc: PostReadContext, element: Element): string | null {
  const link = isLink(element) ? element : (findOne(isLink, element.children) ?? closestLink(element));
  return resolveLink(link?.attribs.href, rc.baseUrl);
}

/** Matches `a[href]`. */
function isLink(element: Element): boolean {
  return element.name === 'a' && element.attribs.href !== undefined;
}

function closestLink(element: Element): Element | null {
  for (let node = element.parent; node && isTag(node); node = node.parent) {
    if (isLink(node)) return node;
  }
  return null;
}

/** Absolute URL of a link, or null for in-page anchors and script links that name no post. */
export function resolveLink(href: string | undefined, base: string): string | null {
  const value = href?.trim();
  if (!value || value.startsWith('#') || /^javascript:/i.test(value)) return null;
  try {
    return new URL(value, base).href;
  } catch {
    return null;
  }
}
