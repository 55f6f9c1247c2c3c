import type { FeedSubscription } from '../store/subscriptions-repository.ts';
import { feedByToken } from '../store/subscriptions-repository.ts';
import type { ApiContext } from './api-context.ts';

/**
 * The feed a token opens, or undefined for a missing, empty or unknown token. A feed token is
 * the whole of a subscriber's access control (feed readers cannot send headers), and callers
 * must answer every failure the same way so that a guesser learns nothing.
 */
export async function feedForToken(context: ApiContext, token: string | null | undefined): Promise<FeedSubscription | undefined> {
  if (!token) return undefined;
  return feedByToken(context.store.db, token);
}
