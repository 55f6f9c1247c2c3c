import type { Element } from 'domhandler';
import { shortTexts, type ShortText } from './element-texts.ts';
import { itemElements, type OtherItemTest } from './item-elements.ts';

/**
 * Recognises "pinned" and "repost" marks on a post item of an arbitrary page.
 *
 * Words that name a state ("pinned", "reposted") count anywhere inside the item. Words that
 * also name an action or a layout part ("top", "repost", "retweet") count only on the item
 * element itself: every post carries a retweet button and many have a "card-top" header.
 */
export interface PostMarks {
  pinned: boolean;
  repost: boolean;
}

const PINNED_STATE = new Set(['pinned', 'sticky', 'stickied', 'zhiding', '置顶']);
const PINNED_ON_ITEM = new Set([...PINNED_STATE, 'top', 'istop']);
const REPOST_STATE = new Set(['reposted', 'retweeted', 'reblogged', 'boosted', 'shared', 'forwarded']);
// "转发" is also the label of every post's share button (title="转发"), so it only counts on the item.
const REPOST_ON_ITEM = new Set([...REPOST_STATE, 'repost', 'retweet', 'reblog', 'zhuanfa', '转发']);

/** Attributes whose names and values describe an element rather than point somewhere (href, src). */
const DESCRIPTIVE_ATTRIBUTE = /^(class|id|title|aria-label|data-[-\w.:]+)$/i;
const FALSE_VALUE = /^(false|0|no|off)$/i;

/** Labels such as "Pinned", "Pinned post", "已置顶". */
const PINNED_LABEL = /^(?:pinned|sticky)(?:\s+(?:post|tweet|toot|message|article))?$|^已?置顶$/i;
/** "Alice reposted", "Bob boosted", "转发了"; never the bare "转发 12" of a share button. */
const REPOST_LABEL = /\b(?:reposted|retweeted|reblogged|boosted|shared)\b|转发了|转发自/i;
/**
 * Titles that start with a mark, however long: "【置顶】关于…的通知", "【转发】…". Of a long text
 * only its start is kept (see element-texts.ts), so these may look at the first few characters only.
 */
const PINNED_PREFIX = /^[【[(（]?置顶/;
const REPOST_PREFIX = /^[【[(（]转发/;
/** Labels are short; longer text is post content, where these words say nothing about the post. */
const LABEL_MAX_CHARS = 40;

/** Reads the pinned and repost marks of one post item; items nested in it carry their own. */
export function readMarks(item: Element, isOtherItem: OtherItemTest = () => false): PostMarks {
  const marks: PostMarks = { pinned: false, repost: false };
  const texts = shortTexts(item, isOtherItem);
  for (const element of itemElements(item, isOtherItem)) {
    const onItem = element === item;
    for (const token of attributeTokens(element)) {
      if ((onItem ? PINNED_ON_ITEM : PINNED_STATE).has(token)) marks.pinned = true;
      if ((onItem ? REPOST_ON_ITEM : REPOST_STATE).has(token)) marks.repost = true;
    }
    const text = texts.get(element);
    if (text && element.tagName !== 'script' && element.tagName !== 'style') readLabel(text, marks);
    if (marks.pinned && marks.repost) break;
  }
  return marks;
}

function readLabel({ text, long }: ShortText, marks: PostMarks): void {
  if (text === '') return;
  if (PINNED_PREFIX.test(text)) marks.pinned = true;
  if (REPOST_PREFIX.test(text)) marks.repost = true;
  // A character is one or two UTF-16 units: a text that short in units needs no counting.
  if (long || (text.length > LABEL_MAX_CHARS && Array.from(text).length > LABEL_MAX_CHARS)) return;
  if (PINNED_LABEL.test(text)) marks.pinned = true;
  if (REPOST_LABEL.test(text)) marks.repost = true;
}

/** Lower-case words of an element's descriptive attribute names and values: `data-is-pinned`, `class="postTop"`. */
function attributeTokens(element: Element): string[] {
  const tokens: string[] = [];
  for (const [name, value] of Object.entries(element.attribs)) {
    if (!DESCRIPTIVE_ATTRIBUTE.test(name)) continue;
    if (name.startsWith('data-') && !FALSE_VALUE.test(value.trim())) append(tokens, words(name.slice(5)));
    append(tokens, words(value));
  }
  return tokens;
}

/** `push(...words)` passes every word as an argument: a megabyte of class names overflowed the stack. */
function append(tokens: string[], words: readonly string[]): void {
  for (const word of words) tokens.push(word);
}

/**
 * Words already split, by attribute text: every post on a page repeats the same class names.
 * Emptied when full, so a long run over many sites cannot grow it without bound.
 */
const wordsByText = new Map<string, readonly string[]>();
const WORDS_KEPT = 5000;
/** Longer values (inline data, a hostile page's megabyte of class names) repeat little and are split each time. */
const CACHED_TEXT_MAX = 200;

function words(text: string): readonly string[] {
  let found = wordsByText.get(text);
  if (found) return found;
  if (text.length > CACHED_TEXT_MAX) return splitWords(text);
  // An attribute value is a slice of the page's body, and a slice keeps the whole body alive: a
  // cache keyed by values as read held up to 5,000 pages. A copy holds only itself.
  const own = copyOf(text);
  found = splitWords(own);
  if (wordsByText.size >= WORDS_KEPT) wordsByText.clear();
  wordsByText.set(own, found);
  return found;
}

/** A string that shares no storage with `text` (words split from it are slices of it, not of the page). */
function copyOf(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

function splitWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9\u4e00-\u9fff]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}
