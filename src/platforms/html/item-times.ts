import type { Element, ParentNode } from 'domhandler';
import { postText } from './post-text.ts';

/** The `lastPost` matches of each post item, and its text without them. */
export interface ItemTimes {
  /** The item's time matches in document order (the item itself first when it matches). */
  times(item: Element): readonly Element[];
  /** The item's text for its excerpt, without its time matches and the items nested in it. */
  text(item: Element): string;
}

/**
 * Gives each `lastPost` match to the post item that holds it: the nearest item at or above
 * it. The selectors are read over the whole document, as users write them ("ul.news li
 * span.date" with items "ul.news li"), so a match never depends on where the item starts.
 *
 * @param allTimes every `lastPost` match in the document, in document order
 */
export function readItemTimes(itemSet: ReadonlySet<Element>, allTimes: readonly Element[]): ItemTimes {
  const times = new Map<Element, Element[]>();
  for (const time of allTimes) {
    const item = itemSet.has(time) ? time : enclosingItem(time, itemSet);
    if (!item) continue;
    const list = times.get(item);
    if (list) list.push(time);
    else times.set(item, [time]);
  }
  const timesOf = (item: Element) => times.get(item) ?? [];
  return {
    times: timesOf,
    text: (item) => {
      const times = new Set(timesOf(item));
      return postText(item, (element) => times.has(element) || itemSet.has(element));
    },
  };
}

function enclosingItem(element: Element, items: ReadonlySet<Element>): Element | null {
  for (let node: ParentNode | null = element.parent; node; node = node.parent) {
    if (items.has(node as Element)) return node as Element;
  }
  return null;
}
