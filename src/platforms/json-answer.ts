import { PageMismatchError } from '../domain/errors.ts';

/** The body of a platform's JSON API answer; an HTML page or cut-off JSON is a mismatch, never an empty account. */
export function parseJson(body: string): unknown {
  const text = body.trim();
  if (text.startsWith('<')) throw new PageMismatchError('the server sent an HTML page instead of the JSON API answer');
  try {
    return JSON.parse(text);
  } catch {
    throw new PageMismatchError('the API answer is not complete JSON (truncated or not JSON at all)');
  }
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A count as APIs give it: a whole number, not negative. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
