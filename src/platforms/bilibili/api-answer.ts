import { AccountGoneError, BlockedPageError, PageMismatchError } from '../../domain/errors.ts';
import { isRecord } from '../json-answer.ts';

/** Bilibili's JSON envelope: `code` 0 for success, a negative code and a `message` otherwise. */
export interface ApiAnswer {
  code: number;
  message: string;
  data: unknown;
}

/**
 * Codes with which Bilibili refuses a client rather than answer about the account: risk control
 * (-352 风控校验失败, -412 请求被拦截), rate limits (-509, -799 请求过于频繁), access refused
 * (-403), and a login wall (-101 账号未登录) on endpoints that want a logged-in visitor.
 */
const REFUSALS: ReadonlyMap<number, string> = new Map([
  [-101, 'login wall (code -101: not logged in)'],
  [-352, 'risk-control check (code -352)'],
  [-403, 'access refused (code -403)'],
  [-412, 'request blocked by risk control (code -412)'],
  [-509, 'rate limit (code -509: too frequent)'],
  [-799, 'rate limit (code -799: too frequent)'],
]);

/** Codes that say the user does not exist: -404 (啥都木有, nothing here) and -626 (用户不存在). */
const NO_SUCH_USER = new Set([-404, -626]);

/** The envelope of an answer, or a mismatch when the JSON is not one. */
export function readEnvelope(value: unknown): ApiAnswer {
  if (!isRecord(value) || typeof value.code !== 'number' || !Number.isInteger(value.code)) {
    throw new PageMismatchError('the JSON is not a Bilibili API answer (no numeric code)');
  }
  return { code: value.code, message: typeof value.message === 'string' ? value.message : '', data: value.data };
}

/**
 * Throws for an answer that is not a success. `accountPage` says whether this answer is the
 * look's first, the one that establishes the account: only there does "no such user" mean the
 * account is gone. Once the card has shown the account, a later endpoint's -404 says that
 * endpoint failed, not that the account vanished between two requests.
 */
export function requireSuccess(answer: ApiAnswer, accountPage: boolean): void {
  if (answer.code === 0) return;
  const said = describe(answer);
  const refusal = REFUSALS.get(answer.code);
  if (refusal) throw new BlockedPageError(`Bilibili ${refusal}: ${said}`);
  if (NO_SUCH_USER.has(answer.code)) {
    if (accountPage) throw new AccountGoneError(`Bilibili says the user does not exist: ${said}`);
    throw new PageMismatchError(`a follow-up endpoint said the user it just served does not exist: ${said}`);
  }
  throw new PageMismatchError(`the API answered with an error: ${said}`);
}

function describe(answer: ApiAnswer): string {
  return JSON.stringify(`${answer.code} ${answer.message}`.trim().slice(0, 120));
}
