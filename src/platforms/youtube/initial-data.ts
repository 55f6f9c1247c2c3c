import { BlockedPageError, PageMismatchError } from '../../domain/errors.ts';

/** How channel pages assign the data they render from: `var ytInitialData = {…};` or `window["ytInitialData"] = {…};`. */
const ASSIGNMENT = /(?:var\s+ytInitialData|window\s*\[\s*["']ytInitialData["']\s*\])\s*=\s*/;

/**
 * The consent wall YouTube shows visitors from the EU instead of the channel ("Before you
 * continue to YouTube"), served from consent.youtube.com or inline with a form posting there.
 */
const CONSENT_PAGE = /before you continue to youtube|action="https:\/\/consent\.youtube\.com\/|consent\.youtube\.com\/save/i;

/**
 * The `ytInitialData` object a channel page embeds. Pages without it are the consent wall
 * (`BlockedPageError`) or a page this reader does not know (`PageMismatchError`).
 */
export function readInitialData(html: string, pageUrl: string): unknown {
  if (isConsentHost(pageUrl)) throw new BlockedPageError('YouTube showed its cookie consent page instead of the channel');
  const match = ASSIGNMENT.exec(html);
  if (!match) {
    if (CONSENT_PAGE.test(html)) throw new BlockedPageError('YouTube showed its cookie consent page instead of the channel');
    throw new PageMismatchError('the page embeds no ytInitialData: not a channel page, or the markup changed');
  }
  const start = match.index + match[0].length;
  // The object is followed by `;` and the end of its script; a `;</script>` inside a JSON string
  // would be escaped as `<\/script>`, so the first one ends the object.
  const end = html.indexOf(';</script>', start);
  if (html[start] !== '{' || end < 0) throw new PageMismatchError('ytInitialData is not an object literal ending its script');
  try {
    return JSON.parse(html.slice(start, end)) as unknown;
  } catch {
    throw new PageMismatchError('ytInitialData is not complete JSON (truncated page?)');
  }
}

function isConsentHost(pageUrl: string): boolean {
  try {
    return new URL(pageUrl).hostname === 'consent.youtube.com';
  } catch {
    return false;
  }
}
