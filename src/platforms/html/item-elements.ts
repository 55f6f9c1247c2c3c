import { isTag, type Element } from 'domhandler';

/** Tells whether an element is another post item: one nested inside the item being read. */
export type OtherItemTest = (element: Element) => boolean;

/**
 * The item and the elements inside it, in document order, leaving out post items nested in it
 * with everything inside them: a quoted post is its own post, with its own marks and text.
 * Walking each item's whole subtree instead read the inner items once per item around them,
 * so a page of items nested a thousand deep took minutes.
 */
export function* itemElements(item: Element, isOtherItem: OtherItemTest): Generator<Element> {
  yield item;
  // Child lists still to walk, each with the index reached; no recursion, whatever the depth.
  const pending: Array<{ nodes: Element['children']; next: number }> = [{ nodes: item.children, next: 0 }];
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!;
    const node = top.nodes[top.next++];
    if (!node) {
      pending.pop();
      continue;
    }
    if (!isTag(node) || isOtherItem(node)) continue;
    yield node;
    if (node.children.length > 0) pending.push({ nodes: node.children, next: 0 });
  }
}
