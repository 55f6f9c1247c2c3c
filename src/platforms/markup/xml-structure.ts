import type { Document, Element } from 'domhandler';
import { Parser } from 'htmlparser2';
import { BoundedDomHandler, type ElementObserver, type PageDocumentOptions } from './bounded-dom.ts';

/** An XML document, and where its structure broke if it did. */
export interface XmlDocumentReading {
  document: Document;
  /**
   * The first break in the document's structure, e.g. `<title> on line 3 is not closed by its
   * own end tag`, or null for a document that closed every element it opened with that
   * element's own end tag. htmlparser2 mends breaks silently (an element whose end tag is
   * garbled swallows everything up to its parent's end), so the tree the reader walks after a
   * break is not the one the author wrote.
   */
  broken: string | null;
}

/** An XML document as htmlparser2's XML mode reads it, within the bounds of `readHtmlDocument`. */
export function readXmlDocument(body: string, options: PageDocumentOptions = {}): XmlDocumentReading {
  const structure = new StructureCheck(body);
  const handler = new BoundedDomHandler(options, { observer: structure });
  new EndTagReportingParser(handler, structure).end(body);
  return { document: handler.root, broken: structure.broken };
}

/**
 * Notes the first element closed otherwise than by its own end tag, and the first end tag that
 * closed nothing. htmlparser2 tells the first by its `isImplied` flag, which it also raises for
 * a self-closing `<link/>`; the second it drops without a callback (see below).
 */
class StructureCheck implements ElementObserver {
  broken: string | null = null;
  /** Elements closed so far, for telling an end tag that closed nothing. */
  closes = 0;
  private position: { endIndex: number | null } | null = null;
  /** The element opened by the last event, the only one a self-closing tag can close. */
  private justOpened: Element | null = null;

  constructor(private readonly body: string) {}

  attach(parser: { endIndex: number | null }): void {
    this.position = parser;
  }

  opened(element: Element): void {
    this.justOpened = element;
  }

  closed(element: Element, isImplied: boolean): void {
    this.closes++;
    if (isImplied && !this.selfClosed(element)) {
      this.note(`<${element.name}> on line ${lineOf(this.body, element.startIndex ?? 0)} is not closed by its own end tag`);
    }
    this.justOpened = null;
  }

  endTagClosedNothing(start: number, end: number): void {
    this.note(`the end tag </${this.body.slice(start, end)}> on line ${lineOf(this.body, start)} closes no open element`);
  }

  private note(problem: string): void {
    this.broken ??= problem;
  }

  /** A self-closing tag ends in `/>` and closes the element it just opened. */
  private selfClosed(element: Element): boolean {
    const end = this.position?.endIndex;
    return element === this.justOpened && end != null && this.body.charCodeAt(end - 1) === SLASH;
  }
}

const SLASH = 0x2f;

/**
 * htmlparser2's parser, telling the structure check about end tags that match no open
 * element: the parser ignores them without a callback, so a garbled start tag (`<?tem>` for
 * `<item>`) would leave the entry's fields loose in the channel, unnoticed. `onclosetag(start,
 * endIndex)` is the tokenizer's callback into the parser, public in its type declarations.
 */
class EndTagReportingParser extends Parser {
  constructor(
    handler: BoundedDomHandler,
    private readonly structure: StructureCheck,
  ) {
    super(handler, { xmlMode: true });
    structure.attach(this);
  }

  override onclosetag(start: number, endIndex: number): void {
    const before = this.structure.closes;
    super.onclosetag(start, endIndex);
    if (this.structure.closes === before) this.structure.endTagClosedNothing(start, endIndex);
  }
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
