import { SleepwatchError } from '../domain/errors.ts';

/**
 * A failed fetch in our own words. Reasons are read by people in tables, feeds and chat
 * messages: a library's message may span lines, quote full URLs, or carry its internal
 * chatter (Crawlee prefixes a refused connection with "Detected a session error, rotating
 * session..."), so the reason is built from the error's code, never from its text.
 */

/** What a system or TLS error code means to someone reading a status reason. */
const CODES: ReadonlyArray<[RegExp, string]> = [
  [/^ECONNREFUSED$/, 'connection refused'],
  [/^ECONNRESET$|^UND_ERR_SOCKET$|^EPIPE$/, 'connection closed by the server'],
  [/^ENOTFOUND$/, 'host name not found'],
  [/^EAI_AGAIN$/, 'host name lookup failed for now'],
  [/^EHOSTUNREACH$|^ENETUNREACH$|^EHOSTDOWN$|^ENETDOWN$/, 'host unreachable'],
  [/^ETIMEDOUT$|^UND_ERR_CONNECT_TIMEOUT$|^ESOCKETTIMEDOUT$/, 'connection timed out'],
  [/^UND_ERR_HEADERS_OVERFLOW$|^HPE_HEADER_OVERFLOW$/, 'response headers too large'],
  [/^HPE_|^UND_ERR_INFO$|^UND_ERR_RES_CONTENT_LENGTH_MISMATCH$/, 'malformed HTTP response'],
  [/CERT|^ERR_TLS_|^UNABLE_TO_|SELF_SIGNED/, 'TLS certificate not accepted'],
  [/^EPROTO$|^ERR_SSL_/, 'TLS handshake failed'],
  [/^ERR_TOO_MANY_REDIRECTS$|^UND_ERR_MAX_REDIRECTS$/, 'too many redirects'],
];

/** Error codes as Node, undici and OpenSSL spell them. */
const CODE_IN_TEXT = /\b(E[A-Z]{4,}|EAI_AGAIN|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|ERR_[A-Z_]+|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)\b/;

export interface FetchErrorDescription {
  /** One line, no URL, no library text: "connection refused (ECONNREFUSED)". */
  text: string;
  timedOut: boolean;
  /** The server or the path to it may answer on another try. */
  transient: boolean;
}

export function describeFetchError(err: unknown): FetchErrorDescription {
  // Our own errors (the HTTP client's redirect and time limits) are already in our words.
  if (err instanceof SleepwatchError) {
    const timedOut = /timed out/.test(err.message);
    return { text: err.message.replace(/\s+/g, ' ').trim(), timedOut, transient: timedOut };
  }
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (/TIMEOUT|ABORT/.test(code) && code !== 'UND_ERR_CONNECT_TIMEOUT') return { text: 'timed out', timedOut: true, transient: true };
  if (!code && /timed? ?out|timeout|aborted/i.test(message)) return { text: 'timed out', timedOut: true, transient: true };
  const meaning = CODES.find(([pattern]) => pattern.test(code))?.[1];
  if (meaning) {
    const permanent = /host name not found|certificate|handshake|too many redirects/.test(meaning);
    return { text: `${meaning} (${code})`, timedOut: false, transient: !permanent };
  }
  if (code) return { text: `failed (${code})`, timedOut: false, transient: /^E/.test(code) };
  if (/socket|terminated|closed/i.test(message)) return { text: 'connection closed by the server', timedOut: false, transient: true };
  return { text: 'failed', timedOut: false, transient: false };
}

/**
 * The first code found on the error or its causes (undici and Crawlee wrap the system error),
 * or, failing those, in their messages.
 */
function errorCode(err: unknown): string {
  const chain: unknown[] = [];
  for (let e = err; e && typeof e === 'object' && chain.length < 5 && !chain.includes(e); e = (e as { cause?: unknown }).cause)
    chain.push(e);
  for (const e of chain) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
  }
  for (const e of chain) {
    const match = e instanceof Error ? CODE_IN_TEXT.exec(e.message) : null;
    if (match) return match[1]!;
  }
  return '';
}
