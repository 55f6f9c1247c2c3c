import { isIP } from 'node:net';

/**
 * Telling a lost connection to Redis or PostgreSQL from any other error, and naming it in one
 * word, so an outage is logged once rather than once per retry of every client.
 */

/** errno codes of a connection that could not be made, or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ERR_SOCKET_CLOSED',
]);

/**
 * SQLSTATEs of a server that went away: class 08 (connection exception), and 57P01–57P03
 * (shut down by an administrator, after a crash, or still starting or stopping).
 */
const SERVER_GONE = /^(08[0-9A-Z]{3}|57P0[1-3])$/;

/** What ioredis, BullMQ and node-postgres say when a connection closed under them. */
const CLOSED_MESSAGES = new RegExp(
  [
    'connection (is )?closed',
    'connection terminated',
    'terminating connection',
    'timeout exceeded when trying to connect',
    'client has encountered a connection error',
    "stream isn't writeable",
  ].join('|'),
  'i',
);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}

export function isConnectionError(err: unknown): boolean {
  return connectionErrorOf(err, 0) !== undefined;
}

/** The error that says the connection was lost: `err` itself, or one it wraps (AggregateError, `cause`). */
function connectionErrorOf(err: unknown, depth: number): ErrorLike | undefined {
  if (typeof err !== 'object' || err === null || depth > 3) return undefined;
  const e = err as ErrorLike;
  if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SERVER_GONE.test(e.code))) return e;
  if (typeof e.message === 'string' && CLOSED_MESSAGES.test(e.message)) return e;
  for (const inner of [...(Array.isArray(e.errors) ? (e.errors as unknown[]) : []), e.cause]) {
    const found = connectionErrorOf(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A connection error in a few words: its errno code (`ECONNREFUSED`), else the first line of its message. */
export function connectionCause(err: unknown): string {
  const e = connectionErrorOf(err, 0) ?? (err as ErrorLike | undefined);
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return firstLine(message).replace(/\.$/, '') || 'connection closed';
}

/** The first line of a message, at most 200 characters: what a log line or an alert can carry. */
export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** A connection URL fit for a log line: its password, and any secret parameter, replaced by `***`. */

/** The host and port a connection URL names, to tell which server a socket error is about. */
export function endpointOf(url: string, defaultPort: number): { host: string; port: number } | undefined {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port ? Number(parsed.port) : defaultPort };
  } catch {
    return undefined;
  }
}

/** Whether a socket error (its `port`, and `address` when the URL names an IP) is about this endpoint. */
export function errorConcerns(err: unknown, endpoint: { host: string; port: number }): boolean {
  const e = connectionErrorOf(err, 0) as { port?: unknown; address?: unknown } | undefined;
  if (e?.port !== endpoint.port) return false;
  return isIP(endpoint.host) === 0 || e.address === undefined || e.address === endpoint.host;
}
