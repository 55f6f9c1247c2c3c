import { ForbiddenTargetError, ResponseTooLargeError, redactUrl } from '../domain/errors.ts';
import { describeFetchError } from './describe-fetch-error.ts';
import type { AttemptResult } from './fetch-result.ts';
import type { RawResponse } from './raw-response.ts';
import { isXrpcProfileNotFound } from './xrpc-not-found.ts';

/** Statuses platforms use to turn crawlers away (432 is Weibo's). */
const BLOCKED = new Set([401, 403, 407, 418, 429, 432, 451]);
const GONE = new Set([404, 410]);
/** Worth another try: the server or the path to it had a bad moment. */
const TRANSIENT = new Set([408, 425, 500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** Turns an HTTP response into a page for the adapter or a failure outcome. */
export function classifyResponse(raw: RawResponse): AttemptResult {
  const { status } = raw;
  if (status >= 200 && status < 300) {
    return { kind: 'page', page: { url: raw.url, status, contentType: raw.contentType, body: raw.body } };
  }
  const retryAfterMs = parseRetryAfter(raw.retryAfter);
  if (GONE.has(status)) return failure('not_found', status, `HTTP ${status}: the account page does not exist`, false);
  if (status === 400 && isXrpcProfileNotFound(raw.body)) {
    return failure('not_found', status, 'HTTP 400: the API says the profile does not exist', false);
  }
  if (BLOCKED.has(status)) {
    const wait = retryAfterMs !== undefined ? `; the platform asks to retry after ${Math.round(retryAfterMs / 1000)} s` : '';
    return failure('blocked', status, `HTTP ${status}: the platform refused the request${wait}`, false);
  }
  if (TRANSIENT.has(status) || status >= 500) {
    return { ...failure('error', status, `HTTP ${status} from the platform`, true), retryAfterMs };
  }
  return failure('error', status, `unexpected HTTP ${status}`, false);
}

/** Turns a thrown fetch error into a failure; timeouts and broken connections are retried. */
export function classifyError(err: unknown, url: string): AttemptResult {
  if (err instanceof ForbiddenTargetError || err instanceof ResponseTooLargeError) {
    return failure('error', null, err.message, false);
  }
  const where = redactUrl(url);
  const { text, timedOut, transient } = describeFetchError(err);
  if (timedOut) return failure('error', null, `timed out fetching ${where}`, true);
  return failure('error', null, `fetch of ${where} failed: ${text}`, transient);
}

type AttemptFailure = Extract<AttemptResult, { kind: 'failure' }>;

function failure(outcome: AttemptFailure['outcome'], httpStatus: number | null, error: string, retryable: boolean): AttemptFailure {
  return { kind: 'failure', outcome, httpStatus, error, retryable };
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
