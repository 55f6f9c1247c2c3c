import { hasChildren, isComment, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { cleanText } from '../excerpt.ts';
import type { OtherItemTest } from './item-elements.ts';

/**
 * The text of an element as `cleanText` would give it for the element's whole text content,
 * kept whole only while it is short: label detection reads short texts whole and of long ones
 * only their start.
 */
export interface ShortText {
  /** The cleaned text when `long` is false; else its first `KEPT_CHARS` UTF-16 units or so. */
  text: string;
  /** The cleaned text has at least `KEPT_CHARS - 2` UTF-16 units, so at least 49 characters. */
  long: boolean;
}

/** Labels are at most 40 characters (LABEL_MAX_CHARS in markers.ts), so 80 UTF-16 units; the rest is margin. */
const KEPT_CHARS = 100;

/**
 * Whitespace-collapsed text, untrimmed: each run of whitespace is one space, invisible marks are
 * gone. Unlike trimmed text it can be joined: the collapsed text of "a " + " b" is "a " + "b".
 * `text` is cut to KEPT_CHARS units when `long`.
 */
interface Collapsed {
  text: string;
  long: boolean;
}

const EMPTY: Collapsed = { text: '', long: false };

/**
 * The short text of the root and of every element inside it, in one pass over the subtree.
 * Reading each element's text content on its own would visit a text node once per ancestor.
 * Post items nested in the root are left out, text and all (see `itemElements`).
 */
export function shortTexts(root: Element, isOtherItem: OtherItemTest = () => false): Map<Element, ShortText> {
  const texts = new Map<Element, ShortText>();
  collectTexts(root, texts, isOtherItem);
  return texts;
}

function collectTexts(node: AnyNode, texts: Map<Element, ShortText>, isOtherItem: OtherItemTest): Collapsed {
  if (isText(node)) return collapse(node.data);
  // Same nodes as domutils' textContent: comments say nothing, CDATA and elements their children.
  if (isComment(node) || !hasChildren(node)) return EMPTY;
  let acc = EMPTY;
  for (const child of node.children) {
    if (isTag(child) && isOtherItem(child)) continue;
    const next = collectTexts(child, texts, isOtherItem);
    if (!acc.long) acc = join(acc, next);
  }
  if (isTag(node)) texts.set(node, { text: acc.text.trim(), long: acc.long });
  return acc;
}

/** The same cleaning as `cleanText`, but keeping one space for whitespace at either end. */
function collapse(data: string): Collapsed {
  // Sentinels keep the edges from being trimmed; both are neither whitespace nor invisible.
  const text = cleanText(`\u0001${data}\u0001`).slice(1, -1);
  return text.length >= KEPT_CHARS ? { text: text.slice(0, KEPT_CHARS), long: true } : { text, long: false };
}

function join(a: Collapsed, b: Collapsed): Collapsed {
  if (b.text === '') return a;
  const text = a.text.endsWith(' ') && b.text.startsWith(' ') ? a.text + b.text.slice(1) : a.text + b.text;
  // Joining never shortens either side beyond one shared space, so a long side makes a long whole.
  const long = b.long || text.length >= KEPT_CHARS;
  return { text: long ? text.slice(0, KEPT_CHARS) : text, long };
}
