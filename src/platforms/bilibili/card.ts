import { AccountGoneError, PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { PageReading } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { isCount, isRecord } from '../json-answer.ts';
import { navRequest } from './requests.ts';

/** The name Bilibili gives an account its owner has closed; the card still answers for it. */
const CLOSED_ACCOUNT_NAME = '账号已注销';

/** Why the card alone cannot date the account: it carries no post time. */
export const CARD_ALONE =
  'the user card and follower counts give no post times; the uploads and dynamics that date the account’s newest activity were not read';

/** Whether `data` is the card answer's: a `card` object beside the follower count. */
export function isCardData(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && isRecord(data.card);
}

/**
 * Reads `x/web-interface/card`: the name, the follower count and the number of videos
 * (`archive_count`), which is the account's post count here: it is what the space counts as
 * its uploads, while its dynamics have no count in any public answer. A count of 0 is held
 * back, like an empty list, until the uploads and dynamics confirm it: were they to fail, a
 * lone 0 would read as an account that never posted. Then asks for the WBI keys.
 */
export function readCard(data: Record<string, unknown>, origin: string): PageReading {
  const card = data.card as Record<string, unknown>;
  const name = typeof card.name === 'string' ? cleanText(card.name) : '';
  const mid = typeof card.mid === 'string' || typeof card.mid === 'number' ? String(card.mid) : '';
  const followers = isCount(data.follower) ? data.follower : isCount(card.fans) ? card.fans : null;
  if (!name || !/^\d+$/.test(mid) || followers === null) {
    throw new PageMismatchError('the card answer has no name, mid or follower count');
  }
  if (name === CLOSED_ACCOUNT_NAME) throw new AccountGoneError(`Bilibili shows user ${mid} as closed (${CLOSED_ACCOUNT_NAME})`);
  const videos = isCount(data.archive_count) ? data.archive_count : undefined;
  const facts: PageFacts = { displayName: name, followers, followersApproximate: false };
  if (videos) facts.postsCount = videos;
  return {
    facts,
    next: navRequest(origin, { mid, ...(videos !== undefined ? { videos } : {}) }),
    incompleteWithoutNext: CARD_ALONE,
  };
}
