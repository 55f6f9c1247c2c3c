import { textContent } from 'domutils';
import { readHtmlDocument } from '../markup/bounded-dom.ts';

/** Feed summaries can be long articles; an excerpt needs only the beginning. */
const MAX_HTML_CHARS = 8_000;
/** Ends of lines and blocks, after which words from different lines must not run together. */
const BLOCK_END = /<(?:br\b[^>]*|\/(?:p|div|li|h[1-6]|blockquote|pre|tr))>/gi;

/** Plain text of an HTML fragment (an RSS description, an Atom `type="html"` title). */
export function htmlToText(html: string): string {
  const head = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  return textContent(readHtmlDocument(head.replace(BLOCK_END, '$& ')));
}
