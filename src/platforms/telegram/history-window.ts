import { isComment, isTag, isText, type ChildNode, type Element } from 'domhandler';
import type { PrunableTree } from '../markup/bounded-dom.ts';

/**
 * Entries of the message history kept while the page is read: the preview shows about 20
 * messages, oldest first, so the newest are the last ones. A page listing thousands (a
 * mirror's dump, a hostile server) would otherwise be built whole, in time and memory that grow
 * with its length, although only its end counts.
 */
export const HISTORY_ENTRIES_KEPT = 100;

const HISTORY_CLASS = /(^|\s)tgme_channel_history(\s|$)/;

/**
 * Keeps the last `size` element children of the message history (`.tgme_channel_history`)
 * as the page is parsed, detaching older ones as soon as a newer one closes. Pages whose
 * history is not where this expects are read whole, as before.
 */
export class HistoryWindow {
  /** Entries detached so far: when any were, an empty-looking rest proves nothing. */
  dropped = 0;
  private readonly kept: Element[] = [];

  constructor(private readonly size = HISTORY_ENTRIES_KEPT) {}

  /** For `PageDocumentOptions.onElementClose`. */
  readonly onElementClose = (element: Element, tree: PrunableTree): void => {
    const parent = element.parent;
    if (!parent || !isTag(parent) || !HISTORY_CLASS.test(parent.attribs.class ?? '')) return;
    this.kept.push(element);
    const oldest = this.kept.length > this.size ? this.kept.shift() : undefined;
    if (oldest) this.detach(oldest, tree);
  };

  /** Detaches the entry and the text between it and the entry before it, so the history's child list stays short. */
  private detach(entry: Element, tree: PrunableTree): void {
    for (let node: ChildNode | null = entry.prev; node && (isText(node) || isComment(node));) {
      const before: ChildNode | null = node.prev;
      tree.detach(node);
      node = before;
    }
    tree.detach(entry);
    this.dropped++;
  }
}
