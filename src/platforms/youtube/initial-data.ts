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
  const json = html[start] === "'" ? stringLiteralJson(html, start) : objectLiteralJson(html, start);
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new PageMismatchError('ytInitialData is not complete JSON (truncated page?)');
  }
}

/** Desktop pages write the object itself, ended by `;` and the end of its script. */
function objectLiteralJson(html: string, start: number): string {
  // A `;</script>` inside a JSON string would be escaped as `<\/script>`, so the first one ends the object.
  const end = html.indexOf(';</script>', start);
  if (html[start] !== '{' || end < 0) throw new PageMismatchError('ytInitialData is not an object literal ending its script');
  return html.slice(start, end);
}

/** The mobile site (m.youtube.com) writes the JSON as a single-quoted string with `\xHH` escapes. */
function stringLiteralJson(html: string, start: number): string {
  let end = start + 1;
  while (end < html.length && html[end] !== "'") end += html[end] === '\\' ? 2 : 1;
  if (end >= html.length) throw new PageMismatchError('ytInitialData is a string that never ends (truncated page?)');
  return html.slice(start + 1, end).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[^xu])/g, (_, escape: string) => unescapeJs(escape));
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

function unescapeJs(escape: string): string {
  if (escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16));
  return SIMPLE_ESCAPES[escape] ?? escape;
}

function isConsentHost(pageUrl: string): boolean {
  try {
    return new URL(pageUrl).hostname === 'consent.youtube.com';
  } catch {
    return false;
  }
}
