import { UnreadablePageError } from '../../domain/errors.ts';

/**
 * How deep elements may nest in a page the adapters read. Browsers stop nesting at 512 levels
 * (Chromium's parser flattens anything deeper); real pages stay far below that. Beyond the
 * limit a page is not read at all: htmlparser2 keeps its open elements in an array it shifts
 * on every tag, so a deep page costs time quadratic in its depth, and every recursive walk of
 * the tree afterwards risks the stack.
 */
export const MAX_NESTING_DEPTH = 1_000;

/** Counts open elements and refuses a page once they nest deeper than the limit. */
export class NestingGuard {
  private depth = 0;

  constructor(private readonly maxDepth = MAX_NESTING_DEPTH) {}

  /** @throws UnreadablePageError when this element would nest deeper than the limit. */
  open(): void {
    if (++this.depth > this.maxDepth) {
      throw new UnreadablePageError(`page nested too deeply to read (over ${this.maxDepth.toLocaleString('en')} levels)`);
    }
  }

  close(): void {
    this.depth--;
  }
}
