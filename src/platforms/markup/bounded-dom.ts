import { DomHandler, hasChildren, isTag, type ChildNode, type Document, type Element } from 'domhandler';
import { removeElement } from 'domutils';
import { Parser } from 'htmlparser2';
import { UnreadablePageError } from '../../domain/errors.ts';
import { NestingGuard } from './nesting-guard.ts';

/**
 * How many elements a page's document may hold at once. Real pages have one element per 80 to
 * 1,300 characters (the t.me/s preview 95, feeds 80 to 1,300), so a page at the 5 MB response
 * limit holds at most about 65,000; markup made of nothing but tags (`<p>` five million
 * times over) would hold 1.7 million, about 450 MB of document and seconds of parsing.
 */
export const MAX_ELEMENTS = 250_000;

export interface PageDocumentOptions {
  /** @defaultValue MAX_NESTING_DEPTH */
  maxDepth?: number;
  /** @defaultValue MAX_ELEMENTS */
  maxElements?: number;
  /**
   * Called as each element closes, with its subtree complete. It may detach elements that
   * closed before through `tree` (a reader that needs only the last few items of a long list
   * keeps the document small that way, and within `maxElements`); never elements still open.
   */
  onElementClose?: (element: Element, tree: PrunableTree) => void;
}

/** Lets a reader drop parts of the document it will not read while the page is still being parsed. */
export interface PrunableTree {
  /** Removes the node and everything in it from the document; its elements no longer count. */
  detach(node: ChildNode): void;
}

/** An HTML page as htmlparser2 reads it (as `cheerio.load` would), refused beyond the bounds above. */
export function readHtmlDocument(body: string, options: PageDocumentOptions = {}): Document {
  const handler = new BoundedDomHandler(options);
  new Parser(handler).end(body);
  return handler.root;
}

/** Sees each element open and close, with htmlparser2's word on whether its end tag was written or implied. */
export interface ElementObserver {
  opened(element: Element): void;
  closed(element: Element, isImplied: boolean): void;
}

/**
 * htmlparser2's own DOM builder, refusing a page nested deeper or holding more elements than
 * the bounds allow, as soon as it does: the parser stops there, having read no further.
 */
export class BoundedDomHandler extends DomHandler implements PrunableTree {
  private readonly guard: NestingGuard;
  private readonly maxElements: number;
  private elements = 0;

  constructor(
    options: PageDocumentOptions,
    private readonly xml?: { observer: ElementObserver },
  ) {
    const onClose = options.onElementClose;
    // `undefined`, not null: DomHandler takes a null first argument for its options.
    super(undefined, { xmlMode: xml !== undefined, withStartIndices: xml !== undefined }, onClose && ((element) => onClose(element, this)));
    this.guard = new NestingGuard(options.maxDepth);
    this.maxElements = options.maxElements ?? MAX_ELEMENTS;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    this.guard.open();
    if (++this.elements > this.maxElements) {
      throw new UnreadablePageError(`page has too many elements to read (over ${this.maxElements.toLocaleString('en')})`);
    }
    super.onopentag(name, attribs);
    this.xml?.observer.opened(this.tagStack[this.tagStack.length - 1] as Element);
  }

  /** htmlparser2 passes the element's name and whether its end tag was implied; DomHandler reads neither. */
  override onclosetag(_name?: string, isImplied = false): void {
    this.xml?.observer.closed(this.tagStack[this.tagStack.length - 1] as Element, isImplied);
    this.guard.close();
    super.onclosetag();
  }

  detach(node: ChildNode): void {
    removeElement(node);
    this.elements -= countElements(node);
  }
}

/** Elements in the subtree, walked without recursion. */
function countElements(root: ChildNode): number {
  let count = 0;
  const pending: ChildNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (isTag(node)) count++;
    if (hasChildren(node)) for (const child of node.children) pending.push(child);
  }
  return count;
}
