import { PageMismatchError } from '../../domain/errors.ts';
import type { PageReading, ParseContext } from '../adapter.ts';
import { isRecord } from '../json-answer.ts';
import type { LookState } from './look-state.ts';
import { uploadsRequest } from './requests.ts';
import { wbiKeyOfUrl } from './wbi-signing.ts';

/** Why a look that got no further than the keys cannot date the account. */
const KEYS_ALONE = 'the signing keys were read but not the uploads and dynamics that date the account’s newest activity';

/** Whether `data` is the nav answer's: it carries `wbi_img`, logged in or not. */
export function isNavData(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && 'wbi_img' in data;
}

/**
 * Reads `x/web-interface/nav` for the day's WBI keys (the file names of `wbi_img.img_url` and
 * `sub_url`) and asks for the uploads list signed with them. The answer says nothing about the
 * account, so it passes the facts read so far on unchanged; read on its own it is no account page.
 */
export function readNav(data: Record<string, unknown>, state: LookState | null, origin: string, ctx: ParseContext<unknown>): PageReading {
  if (!state) throw new PageMismatchError('the navigation answer only gives signing keys: it is read after an account’s card, not alone');
  const images = isRecord(data.wbi_img) ? data.wbi_img : {};
  const imgKey = typeof images.img_url === 'string' ? wbiKeyOfUrl(images.img_url) : null;
  const subKey = typeof images.sub_url === 'string' ? wbiKeyOfUrl(images.sub_url) : null;
  if (!imgKey || !subKey) throw new PageMismatchError('the navigation answer has no WBI keys in wbi_img.img_url and sub_url');
  const { expect: _, ...rest } = state;
  return {
    facts: ctx.previous ?? {},
    next: uploadsRequest(origin, rest, { imgKey, subKey }, ctx.now),
    incompleteWithoutNext: KEYS_ALONE,
  };
}
