import type { Observation } from '../../src/domain/observation.ts';

/**
 * A look that reached the account and read nothing off it: no name, counts or posts. Tests
 * state what their case is about and leave the rest to this.
 */
export function blankObservation(seen: Pick<Observation, 'platform' | 'url' | 'fetchedAt'> & Partial<Observation>): Observation {
  return {
    outcome: 'ok',
    httpStatus: 200,
    displayName: null,
    followers: null,
    followersApproximate: null,
    postsCount: null,
    lastPostAt: null,
    lastPostPrecision: null,
    lastPostUrl: null,
    lastPostExcerpt: null,
    posts: [],
    error: null,
    parseFailed: false,
    ...seen,
  };
}
