import { z } from 'zod';
import type { ObservationRow } from '../store/schema.ts';

const isoTime = z.string().describe('ISO 8601 time');

/** One look at an account, as the recrawl recorded it. */
export const observationSchema = z.object({
  fetchedAt: isoTime,
  outcome: z.string().describe('ok, not_found, blocked, error'),
  httpStatus: z.number().int().nullable(),
  displayName: z.string().nullable(),
  followers: z.number().nullable(),
  followersApproximate: z.boolean().nullable(),
  postsCount: z.number().nullable(),
  lastPostAt: isoTime.nullable(),
  lastPostPrecision: z.string().nullable(),
  lastPostUrl: z.string().nullable(),
  lastPostExcerpt: z.string().nullable(),
  status: z.string(),
  daysSilent: z.number().nullable(),
  reason: z.string(),
  error: z.string().nullable(),
});

export function observationView(o: ObservationRow): z.infer<typeof observationSchema> {
  return {
    fetchedAt: o.fetched_at.toISOString(),
    outcome: o.outcome,
    httpStatus: o.http_status,
    displayName: o.display_name,
    followers: o.followers,
    followersApproximate: o.followers_approximate,
    postsCount: o.posts_count,
    lastPostAt: o.last_post_at?.toISOString() ?? null,
    lastPostPrecision: o.last_post_precision,
    lastPostUrl: o.last_post_url,
    lastPostExcerpt: o.last_post_excerpt,
    status: o.status,
    daysSilent: o.days_silent,
    reason: o.reason,
    error: o.error,
  };
}
