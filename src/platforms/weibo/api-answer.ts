import { AccountGoneError, BlockedPageError, PageMismatchError } from '../../domain/errors.ts';
import type { FetchedPage } from '../adapter.ts';
import { isRecord, parseJson } from '../json-answer.ts';

/**
 * Where Weibo sends clients it will not answer: its visitor system (a script that sets cookies
 * for anonymous browsers, useless to a crawler) and its login pages.
 */
const TURNED_AWAY_URL = /^https?:\/\/(?:passport\.weibo\.(?:com|cn)|login\.sina\.com\.cn|visitor\.passport\.weibo\.cn)\/|\/login\.php\b/i;

/** The visitor system's page, served in place of the JSON on the same URL. */
const VISITOR_SYSTEM_PAGE = /Sina Visitor System|passport\.weibo\.com\/visitor|\/visitor\/visitor\?|visitor_?system|genvisitor/i;

/** `ok: 0` messages that say the account does not exist (never existed, or was closed by its owner). */
const ACCOUNT_GONE = /用户不存在|账号不存在|帳號不存在|帐号不存在|该用户已注销|该账号已注销|用户已注销|user does not exist/i;

/** What the cards answer says when the container holds no posts. */
export const NOTHING_HERE = /这里还没有内容/;

/** A Weibo API answer with `ok: 1`, or `ok: 0` with an empty posts list: its `data` object. */
export interface WeiboAnswer {
  ok: 0 | 1;
  msg: string | null;
  data: Record<string, unknown>;
}

/**
 * Reads the API's envelope (`{"ok": 1, "data": …}`), turning its ways of saying no into typed
 * errors: the visitor system or a login page (also as `ok: -100`) is a block, an `ok: 0` that
 * says the user does not exist is a gone account, and anything else that is not `ok: 1` with
 * data is a page this reader does not know. The one `ok: 0` let through is "nothing here" with
 * an empty cards list, which only the posts reader can judge (see `readPosts`).
 */
export function readAnswer(page: FetchedPage): WeiboAnswer {
  if (TURNED_AWAY_URL.test(page.url)) throw new BlockedPageError('Weibo sent the request to its visitor system or login page');
  if (page.body.trimStart().startsWith('<') && VISITOR_SYSTEM_PAGE.test(page.body.slice(0, 64_000))) {
    throw new BlockedPageError('Weibo answered with its visitor system page instead of the API’s JSON');
  }
  const json = parseJson(page.body);
  if (!isRecord(json)) throw new PageMismatchError('the JSON is not a Weibo API answer (not an object)');
  const msg = typeof json.msg === 'string' ? json.msg : null;
  if (json.ok === -100) throw new BlockedPageError('Weibo asks to log in (ok: -100) before it answers');
  if (json.ok === 0 && msg && ACCOUNT_GONE.test(msg)) throw new AccountGoneError(`Weibo says the account does not exist: ${quote(msg)}`);
  if (json.ok === 1 && isRecord(json.data)) return { ok: 1, msg, data: json.data };
  if (json.ok === 0 && msg && NOTHING_HERE.test(msg) && isRecord(json.data) && Array.isArray(json.data.cards)) {
    return { ok: 0, msg, data: json.data };
  }
  if (typeof json.url === 'string' && TURNED_AWAY_URL.test(json.url)) throw new BlockedPageError('Weibo asks to log in before it answers');
  if (json.ok === 0) throw new PageMismatchError(`Weibo answered ok: 0${msg ? ` with ${quote(msg)}` : ' without a message'}`);
  throw new PageMismatchError('the JSON is not a Weibo API answer (no ok: 1 with data)');
}

function quote(text: string): string {
  return JSON.stringify(text.slice(0, 120));
}
