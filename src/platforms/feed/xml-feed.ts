import { load, type CheerioAPI } from 'cheerio/slim';
import { isTag, type Element } from 'domhandler';
import { PageMismatchError } from '../../domain/errors.ts';
import {
  ATOM_FEED_CHILDREN,
  isPrefixedElement,
  RDF_CHANNEL_CHILDREN,
  RDF_ROOT_CHILDREN,
  requireOnlyMetadata,
  RSS_CHANNEL_CHILDREN,
  RSS_ROOT_CHILDREN,
} from './empty-feed.ts';
import { absoluteUrl, type FeedDocument, type FeedEntry } from './feed-document.ts';
import { readXmlDocument } from '../markup/xml-structure.ts';
import { htmlToText } from './html-text.ts';

/** How far from the end the closing root tag is looked for; only whitespace and comments may follow it. */
const TAIL_CHARS = 2_048;
const AFTER_ROOT = /^\s*>(?:\s|<!--[\s\S]*?-->)*$/;

/**
 * Reads an XML feed: RSS 2.0 (`rss > channel > item`), RSS 1.0 (`rdf:RDF > item`) or Atom
 * (`feed > entry`). The format is decided by the root element, not by the content type.
 *
 * @throws PageMismatchError for HTML pages, other XML documents, documents cut off
 *   before their closing root tag, documents whose structure broke (an element its own end
 *   tag does not close, an end tag that closes nothing), and feeds that list no entries but
 *   hold unknown elements.
 */
export function readXmlFeed(body: string, baseUrl: string): FeedDocument {
  const { document, broken } = readXmlDocument(body);
  const $ = load(document, { xml: true });
  const root = $.root().children().get(0);
  if (!root) throw new PageMismatchError('not a feed: no XML root element');
  const rootName = root.name;
  if (rootName.toLowerCase() === 'html') throw new PageMismatchError('not a feed: an HTML page');
  if (rootName !== 'rss' && rootName !== 'feed' && rootName !== 'rdf:RDF') {
    throw new PageMismatchError(`not a feed: XML root element <${rootName}> (expected rss, feed or rdf:RDF)`);
  }
  // The parser closes open elements silently, so a cut-off feed would read as a shorter one.
  if (!endsWithClosingTag(body, rootName)) {
    throw new PageMismatchError(`feed is truncated: it does not end with </${rootName}>`);
  }
  // A garbled tag (`</titl?>`) leaves an element open, and the parser files everything up to the
  // parent's end tag under it: entries vanish from where the reader looks. Some entries may still
  // read, but which ones is chance, so a broken feed is not read at all.
  if (broken) throw new PageMismatchError(`feed structure is broken (${broken}): its entries cannot be placed`);

  const reader = new XmlReader($, baseUrl);
  if (rootName === 'feed') return onlyMetadataWhenEmpty(reader.atom(root), [[root, ATOM_FEED_CHILDREN]]);
  const channel = reader.child(root, 'channel');
  if (!channel) throw new PageMismatchError(`not a feed: <${rootName}> has no <channel>`);
  // RSS 1.0 puts items beside the channel, RSS 2.0 inside it.
  if (rootName === 'rss') {
    return onlyMetadataWhenEmpty(reader.rss(channel, channel), [
      [root, RSS_ROOT_CHILDREN],
      [channel, RSS_CHANNEL_CHILDREN],
    ]);
  }
  return onlyMetadataWhenEmpty(reader.rss(channel, root), [
    [root, RDF_ROOT_CHILDREN],
    [channel, RDF_CHANNEL_CHILDREN],
  ]);
}

/** A feed without entries must hold only known metadata, or its entries may just have been renamed. */
function onlyMetadataWhenEmpty(doc: FeedDocument, containers: Array<[Element, ReadonlySet<string>]>): FeedDocument {
  if (doc.entries.length > 0) return doc;
  for (const [container, known] of containers) {
    const names = container.children.filter(isTag).map((el) => el.name);
    requireOnlyMetadata(names, known, isPrefixedElement, (name) => `<${name}>`);
  }
  return doc;
}

function endsWithClosingTag(body: string, rootName: string): boolean {
  const tail = body.length > TAIL_CHARS ? body.slice(-TAIL_CHARS) : body;
  const close = tail.lastIndexOf(`</${rootName}`);
  return close >= 0 && AFTER_ROOT.test(tail.slice(close + rootName.length + 2));
}

class XmlReader {
  constructor(
    private readonly $: CheerioAPI,
    private readonly baseUrl: string,
  ) {}

  rss(channel: Element, itemParent: Element): FeedDocument {
    return {
      title: this.text(channel, 'title'),
      entries: this.children(itemParent, 'item').map((item): FeedEntry => {
        const link = this.text(item, 'link');
        return {
          id: this.text(item, 'guid') ?? this.attr(item, 'rdf:about'),
          date: this.text(item, 'pubDate') ?? this.text(item, 'dc:date'),
          url: absoluteUrl(link, this.baseUrl),
          title: this.text(item, 'title'),
          summary: () => this.html(item, 'description') ?? this.html(item, 'content:encoded'),
        };
      }),
    };
  }

  atom(feed: Element): FeedDocument {
    return {
      title: this.atomText(feed, 'title'),
      entries: this.children(feed, 'entry').map((entry): FeedEntry => ({
        id: this.text(entry, 'id'),
        // `updated` moves with every edit (and is sometimes older than `published`), so it is only a fallback.
        date: this.text(entry, 'published') ?? this.text(entry, 'updated'),
        url: absoluteUrl(this.atomLink(entry), this.baseUrl),
        title: this.atomText(entry, 'title'),
        summary: () => this.atomText(entry, 'summary') ?? this.atomText(entry, 'content'),
      })),
    };
  }

  child(parent: Element, name: string): Element | undefined {
    return parent.children.find((node): node is Element => isTag(node) && node.name === name);
  }

  children(parent: Element, name: string): Element[] {
    return parent.children.filter((node): node is Element => isTag(node) && node.name === name);
  }

  /** Trimmed text of the first child of that name; null when absent or blank. */
  text(parent: Element, name: string): string | null {
    const el = this.child(parent, name);
    const text = el ? this.$(el).text().trim() : '';
    return text || null;
  }

  attr(el: Element, name: string): string | null {
    return el.attribs[name]?.trim() || null;
  }

  html(parent: Element, name: string): string | null {
    const raw = this.text(parent, name);
    return raw ? htmlToText(raw).trim() || null : null;
  }

  /** Atom text constructs may be escaped HTML (`type="html"`); plain and XHTML text read as text. */
  atomText(parent: Element, name: string): string | null {
    const el = this.child(parent, name);
    if (!el) return null;
    return el.attribs.type === 'html' ? this.html(parent, name) : this.text(parent, name);
  }

  /** The entry's page: `rel="alternate"` or a link without rel, as Atom defines. */
  atomLink(entry: Element): string | null {
    const links = this.children(entry, 'link');
    const alternate = links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? links[0];
    return alternate?.attribs.href ?? null;
  }
}
