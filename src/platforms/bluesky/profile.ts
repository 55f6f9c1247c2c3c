import { PageMismatchError } from '../../domain/errors.ts';
import type { PageFacts } from '../../domain/observation.ts';
import type { FetchedPage, PageReading } from '../adapter.ts';
import { cleanText } from '../excerpt.ts';
import { authorFeedRequest } from './api-url.ts';
import { isCount, isRecord } from '../json-answer.ts';

/** The fields of `app.bsky.actor.defs#profileViewDetailed` this adapter reads. */
interface BlueskyProfile {
  did: string;
  handle: string;
  displayName?: unknown;
  followersCount: number;
  postsCount: number;
}

/** A profile as `getProfile` answers it, told apart from XRPC error answers (`{"error": …, "message": …}`). */
export function isProfile(value: unknown): value is BlueskyProfile {
  return (
    isRecord(value) &&
    typeof value.did === 'string' &&
    value.did.startsWith('did:') &&
    typeof value.handle === 'string' &&
    isCount(value.followersCount) &&
    isCount(value.postsCount)
  );
}

/**
 * Reads a profile: name and counts. The profile has no post time, so the reading always asks
 * for the author feed. A post count of 0 is held back until the feed confirms it with an
 * empty list (see `readAuthorFeed`): were the feed then to fail, a lone 0 would read as an
 * account that never posted, while the AppView's counters can lag or be reset.
 */
export function readProfile(value: unknown, page: FetchedPage): PageReading {
  if (!isProfile(value)) throw new PageMismatchError(describeNonProfile(value));
  const facts: PageFacts = {
    displayName: cleanText(typeof value.displayName === 'string' ? value.displayName : '') || value.handle,
    followers: value.followersCount,
    followersApproximate: false,
  };
  if (value.postsCount > 0) facts.postsCount = value.postsCount;
  return { facts, next: authorFeedRequest(page.url, value.did) };
}

function describeNonProfile(value: unknown): string {
  if (isRecord(value) && typeof value.error === 'string') {
    const message = typeof value.message === 'string' ? `: ${value.message}` : '';
    return `the API answered with an error instead of a profile: ${JSON.stringify(`${value.error}${message}`.slice(0, 200))}`;
  }
  return 'the JSON is not a Bluesky profile (no did, handle, followersCount or postsCount)';
}
