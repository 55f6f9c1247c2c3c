// Apart from the delivery code so that the command line can show webhooks without loading the HTTP client.

/**
 * The target as failure reasons show it: origin and path, no query. Slack and Feishu put
 * the whole credential in the path, so long token-like segments are masked too.
 */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname
      .split('/')
      .map((segment) => (isTokenLike(segment) ? '***' : segment))
      .join('/');
    return `${u.origin}${path}${u.search ? '?…' : ''}`;
  } catch {
    return '<invalid url>';
  }
}

/** Path segments long enough to be keys rather than words (Slack's 24-character secret, Feishu's UUID). */
function isTokenLike(segment: string): boolean {
  return segment.length >= 16 && /^[A-Za-z0-9_.~%-]+$/.test(segment);
}
