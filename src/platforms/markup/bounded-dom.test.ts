import { readFileSync } from 'node:fs';
import { load } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { UnreadablePageError } from '../../domain/errors.ts';
import { MAX_ELEMENTS, readHtmlDocument } from './bounded-dom.ts';
import { MAX_NESTING_DEPTH, NestingGuard } from './nesting-guard.ts';

const channel = readFileSync(new URL('../telegram/fixtures/channel.html', import.meta.url), 'utf8');
const nested = (depth: number) => `<html><body>${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}</body></html>`;

describe('reading a page within bounds', () => {
  it('builds the same document cheerio builds from the text', () => {
    expect(load(readHtmlDocument(channel)).html()).toBe(load(channel).html());
  });

  it(`reads a page nested ${MAX_NESTING_DEPTH} levels deep (html and body included) and refuses one level more`, () => {
    expect(() => readHtmlDocument(nested(MAX_NESTING_DEPTH - 2))).not.toThrow();
    expect(() => readHtmlDocument(nested(MAX_NESTING_DEPTH - 1))).toThrow(
      new UnreadablePageError('page nested too deeply to read (over 1,000 levels)'),
    );
  });

  it('stops reading a hostile page at the depth limit, before building the rest of it', () => {
    let closed = 0;
    const hostile = nested(200_000);
    expect(() => readHtmlDocument(hostile, { onElementClose: () => void closed++ })).toThrow(/nested too deeply/);
    // Not one element of the 200,000 closed: the parser never got past the first thousand start tags.
    expect(closed).toBe(0);
  });

  it('refuses a page holding more elements than the limit, and says which limit', () => {
    const page = (count: number) => `<ul>${'<li>'.repeat(count)}</ul>`;
    expect(() => readHtmlDocument(page(9), { maxElements: 10 })).not.toThrow();
    expect(() => readHtmlDocument(page(10), { maxElements: 10 })).toThrow(
      new UnreadablePageError('page has too many elements to read (over 10)'),
    );
    expect(MAX_ELEMENTS).toBe(250_000);
  });

  it('no longer counts elements a reader detached while the page was read', () => {
    const items = `<ul>${'<li><b>x</b></li>'.repeat(1_000)}</ul>`;
    const dropItems = (element: Element, tree: { detach(node: Element): void }) => {
      if (element.name === 'li') tree.detach(element);
    };
    const document = readHtmlDocument(items, { maxElements: 10, onElementClose: dropItems });
    expect(load(document)('li')).toHaveLength(0);
    expect(load(document)('ul')).toHaveLength(1);
  });
});

describe('nesting guard', () => {
  it('counts open elements and refuses the one past its limit', () => {
    const guard = new NestingGuard(2);
    guard.open();
    guard.open();
    guard.close();
    guard.open();
    expect(() => guard.open()).toThrow(/over 2 levels/);
  });
});
