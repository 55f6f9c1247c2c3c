/** Longer answers are not the short error object this looks for, and are not parsed. */
const MAX_ERROR_CHARS = 2000;

/**
 * Whether a 400 answer is XRPC's (the AT Protocol's HTTP API, which Bluesky's AppView speaks)
 * way of saying that the profile asked for does not exist. XRPC has no 404 for this: it answers
 * `{"error":"InvalidRequest","message":"Profile not found"}`. Only that exact statement counts;
 * every other 400 (a bad parameter, a suspended or deactivated account) stays an error.
 */
export function isXrpcProfileNotFound(body: string): boolean {
  if (body.length > MAX_ERROR_CHARS) return false;
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return false;
  }
  if (typeof answer !== 'object' || answer === null) return false;
  const { error, message } = answer as Record<string, unknown>;
  return error === 'InvalidRequest' && message === 'Profile not found';
}
