import type { Acceptance } from './payload-format.ts';

/** Cuts long answers in failure reasons. */
const ELLIPSIS = '…';

/**
 * The verdict from the HTTP status alone: null for 2xx (the body decides), otherwise a
 * refusal, retried for 429 and 5xx (the receiver is busy or broken, not the request).
 * Redirects are refused: webhooks are not followed to another address.
 */
export function refusedByStatus(status: number, body: string): Acceptance | null {
  if (status >= 200 && status < 300) return null;
  const retry = status === 429 || status >= 500;
  const what = status >= 300 && status < 400 ? `redirected (HTTP ${status}); webhook redirects are not followed` : `HTTP ${status}`;
  const detail = snippet(body);
  return { ok: false, retry, reason: detail ? `${what}: ${detail}` : what };
}

/**
 * Reads a bot's JSON answer where success is a numeric code of 0 in one of `fields`
 * (WeCom `errcode`, DingTalk `errcode`, Feishu `code` or `StatusCode`). Codes in
 * `retryCodes` are the platform's rate limits and are retried.
 */
export function acceptedByCode(
  status: number,
  body: string,
  rule: { platform: string; codeFields: readonly string[]; messageFields: readonly string[]; retryCodes: ReadonlySet<number> },
): Acceptance {
  const refused = refusedByStatus(status, body);
  if (refused) return refused;
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return {
      ok: false,
      retry: false,
      reason: `${rule.platform} answered HTTP ${status} without a JSON body: ${snippet(body) || '(empty)'}`,
    };
  }
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  const field = rule.codeFields.find((name) => typeof record[name] === 'number');
  if (field === undefined)
    return { ok: false, retry: false, reason: `${rule.platform} answer has no ${rule.codeFields.join('/')}: ${snippet(body)}` };
  const code = record[field] as number;
  if (code === 0) return { ok: true };
  const message = rule.messageFields.map((name) => record[name]).find((value): value is string => typeof value === 'string');
  return {
    ok: false,
    retry: rule.retryCodes.has(code),
    reason: `${rule.platform} ${field} ${code}${message ? `: ${snippet(message)}` : ''}`,
  };
}

/** A short one-line excerpt of a receiver's answer for a failure reason. */
export function snippet(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length > max ? `${chars.slice(0, max).join('')}${ELLIPSIS}` : line;
}
