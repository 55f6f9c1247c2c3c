import { PageMismatchError } from '../../domain/errors.ts';
import type { PageReading } from '../adapter.ts';
import { isCount, isRecord } from '../json-answer.ts';
import { CARD_ALONE } from './card.ts';
import { navRequest } from './requests.ts';

/** Whether `data` is `x/relation/stat`'s: follower and following counts of one mid, no card. */
export function isRelationStatData(data: unknown): data is Record<string, unknown> {
  return isRecord(data) && !('card' in data) && 'follower' in data && 'following' in data && 'mid' in data;
}

/**
 * Reads `x/relation/stat`, the smaller answer with the follower count alone: a saved answer, or
 * an account given by its relation URL. The name then comes from the uploads or dynamics.
 */
export function readRelationStat(data: Record<string, unknown>, origin: string): PageReading {
  const mid = typeof data.mid === 'number' || typeof data.mid === 'string' ? String(data.mid) : '';
  if (!/^\d+$/.test(mid) || !isCount(data.follower)) throw new PageMismatchError('the relation answer has no mid or follower count');
  return {
    facts: { followers: data.follower, followersApproximate: false },
    next: navRequest(origin, { mid }),
    incompleteWithoutNext: CARD_ALONE,
  };
}
