import type { IncomingHttpHeaders } from 'node:http';

/** The validators of a response about to be sent (see `feedValidators`). */
export interface ResponseValidators {
  /** Quoted strong ETag. */
  etag: string;
  /** Whole seconds; null when the resource has no meaningful modification time. */
  lastModified: Date | null;
}

/**
 * Whether a GET can be answered `304 Not Modified` (RFC 9110 §13.1–13.2). `If-None-Match`
 * takes precedence: when present, `If-Modified-Since` is ignored, since an ETag tells apart
 * changes within one second (and filter changes that keep the newest event) where a date cannot.
 */
export function isNotModified(headers: IncomingHttpHeaders, validators: ResponseValidators): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return etagListMatches(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined || validators.lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && validators.lastModified.getTime() <= since;
}

/** `If-None-Match` uses the weak comparison: `W/"x"` matches `"x"`, and `*` matches anything. */
function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const wanted = stripWeak(etag);
  return header.split(',').some((candidate) => stripWeak(candidate.trim()) === wanted);
}

function stripWeak(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
