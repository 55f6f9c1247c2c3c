import { PageMismatchError } from '../../domain/errors.ts';

/**
 * A feed that lists no entries is the only way a feed says "this account never posted". A feed
 * whose entries were renamed (`<item>` → `<entry2>`, `items` → `entries`) also lists none, so
 * a feed counts as positively empty only when its container holds nothing but known metadata.
 * The lists below are the formats' own vocabularies plus the entry element itself.
 */

/** Children of RSS 2.0's `<rss>` root; extensions (any prefixed name) are allowed besides. */
export const RSS_ROOT_CHILDREN: ReadonlySet<string> = new Set(['channel']);

/** Children of an RSS 2.0 `<channel>` (https://www.rssboard.org/rss-specification). */
export const RSS_CHANNEL_CHILDREN: ReadonlySet<string> = new Set([
  'title',
  'link',
  'description',
  'language',
  'copyright',
  'managingEditor',
  'webMaster',
  'pubDate',
  'lastBuildDate',
  'category',
  'generator',
  'docs',
  'cloud',
  'ttl',
  'image',
  'rating',
  'textInput',
  // RSS 0.91 spells it in lower case, and 0.91 feeds share the `<rss>` root.
  'textinput',
  'skipHours',
  'skipDays',
  'item',
]);

/** Children of RSS 1.0's `<rdf:RDF>` root, where items sit beside the channel. */
export const RDF_ROOT_CHILDREN: ReadonlySet<string> = new Set(['channel', 'image', 'textinput', 'item']);

/** Children of an RSS 1.0 `<channel>` (https://web.resource.org/rss/1.0/spec). */
export const RDF_CHANNEL_CHILDREN: ReadonlySet<string> = new Set(['title', 'link', 'description', 'image', 'items', 'textinput']);

/** Children of an Atom `<feed>` (RFC 4287 §4.1.1). */
export const ATOM_FEED_CHILDREN: ReadonlySet<string> = new Set([
  'author',
  'category',
  'contributor',
  'generator',
  'icon',
  'id',
  'link',
  'logo',
  'rights',
  'subtitle',
  'title',
  'updated',
  // Not RFC 4287, but YouTube's channel feeds carry it: without it no YouTube feed could ever read as empty.
  'published',
  'entry',
]);

/** Top-level keys of a JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1), 1.0's `author` included. */
export const JSON_FEED_KEYS: ReadonlySet<string> = new Set([
  'version',
  'title',
  'home_page_url',
  'feed_url',
  'description',
  'user_comment',
  'next_url',
  'icon',
  'favicon',
  'author',
  'authors',
  'language',
  'expired',
  'hubs',
  'items',
]);

/** An XML element name with a namespace prefix (`atom:link`, `itunes:owner`): an extension, never an entry. */
export const isPrefixedElement = (name: string): boolean => name.includes(':');

/** A JSON Feed extension key: the spec reserves names starting with `_` for them. */
export const isJsonFeedExtension = (key: string): boolean => key.startsWith('_');

/**
 * Confirms that a feed listing no entries holds nothing but known metadata in `names` (the
 * children of one container), so it may be read as an account that never posted.
 *
 * @param show - how an unexpected name is written in the error (`<entry2>`, `"entries"`)
 * @throws PageMismatchError naming the first unexpected child: the markup may have changed.
 */
export function requireOnlyMetadata(
  names: Iterable<string>,
  known: ReadonlySet<string>,
  isExtension: (name: string) => boolean,
  show: (name: string) => string,
): void {
  for (const name of names) {
    if (known.has(name) || isExtension(name)) continue;
    throw new PageMismatchError(`feed has no items but contains ${show(name)}: the markup may have changed`);
  }
}
