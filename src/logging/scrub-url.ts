/**
 * URLs made fit for a log line. Connection URLs carry passwords (`redis://:pass@`,
 * `postgres://user:pass@`) and query parameters carry tokens (`?access_token=`, `?key=`): both
 * are replaced by `***`, and everything else (scheme, user, host, port, path) is kept, so an
 * operator still sees which server is meant.
 */

/** Query parameters that carry a secret (`?password=…`, `?access_token=…`, `?key=…`). */
const SECRET_PARAMS = /pass|secret|token|key|sig|auth|cookie|session/i;

/** A URL's password, and any secret parameter, replaced by `***`. */
export function scrubUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const name of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.test(name)) parsed.searchParams.set(name, '***');
    return parsed.href;
  } catch {
    // Not a URL we can parse: hide whatever sits between "user:" and "@".
    return url.replace(/\/\/([^:@/\s]*):[^@/\s]*@/, '//$1:***@');
  }
}

/** Anything shaped like `scheme://…` in free text, up to the next space, quote or bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()\]]+/gi;

/**
 * Every URL inside a message scrubbed (`scrubUrl`): error messages of clients and libraries
 * quote the URL they were given, credentials and all.
 */
export function scrubUrlsInText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (url) => {
    // A sentence's full stop or comma is not part of the URL.
    const trailing = /[.,;:]+$/.exec(url)?.[0] ?? '';
    const bare = trailing ? url.slice(0, -trailing.length) : url;
    const scrubbed = scrubUrl(bare);
    // `new URL` adds a slash to a bare origin: text that had none keeps none.
    return (scrubbed.endsWith('/') && !bare.endsWith('/') ? scrubbed.slice(0, -1) : scrubbed) + trailing;
  });
}

/** A request's path and query as a server received them, the secret parameters (`?token=…`) replaced by `***`. */
export function scrubRequestTarget(target: string): string {
  try {
    const parsed = new URL(target, 'http://request.invalid');
    const scrubbed = new URL(scrubUrl(parsed.href));
    return `${scrubbed.pathname}${scrubbed.search}`;
  } catch {
    return target.split('?', 1)[0]!;
  }
}
