/**
 * A feed reduced to what activity tracking needs, whatever format it came in (RSS 2.0,
 * RSS 1.0/RDF, Atom, JSON Feed). Values are raw strings as the feed states them; dates are
 * parsed later, in one place, with the account's time zone.
 */
export interface FeedDocument {
  /** Channel or feed title, used as the account's display name. */
  title: string | null;
  entries: FeedEntry[];
}

export interface FeedEntry {
  /** guid / id as the feed states it. */
  id: string | null;
  /** The entry's own publication time as written (never a feed-level date). */
  date: string | null;
  /** Link to the entry, absolute when the feed gave one we could resolve. */
  url: string | null;
  /** Entry title as plain text. */
  title: string | null;
  /** Plain-text summary, computed on demand because it is only needed when the title is missing. */
  summary: () => string | null;
}

/** Resolves a possibly relative link against the feed's URL; null when it is not a usable URL. */
export function absoluteUrl(href: string | null | undefined, base: string): string | null {
  if (!href) return null;
  try {
    return new URL(href.trim(), base).toString();
  } catch {
    return null;
  }
}
