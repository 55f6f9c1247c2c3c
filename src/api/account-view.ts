import { z } from 'zod';
import { shownAccountName } from '../accounts/account.ts';
import type { PolicyBook } from '../activity/policies.ts';
import { renderReason } from '../activity/render-reason.ts';
import { STATUSES, type Status } from '../domain/account-status.ts';
import type { Locale } from '../domain/locale.ts';
import { isoInZone } from '../parsing/iso-in-zone.ts';
import type { AccountWithState } from '../store/accounts-repository.ts';

const isoTime = z.string().describe('ISO 8601 time');

/** An account as the API shows it: its register entry, where it stands, and when it is next looked at. */
export const accountViewSchema = z.object({
  id: z.number().int(),
  /** The register's name, else the name its pages show, else one made from its URL. */
  name: z.string(),
  /** The name as the register gives it; null: unnamed. */
  registeredName: z.string().nullable(),
  platform: z.string(),
  url: z.string(),
  unit: z.string().nullable(),
  region: z.string().nullable(),
  group: z.string().nullable(),
  /** The policy that judges it (its own, else its group's, else the default). */
  policy: z.string(),
  /** Its own policy assignment as registered; null: the group's or the default. */
  registeredPolicy: z.string().nullable(),
  intervalSeconds: z.number().int(),
  timeZone: z.string(),
  options: z.unknown(),
  access: z.string().nullable(),
  paused: z.boolean(),
  registeredClosed: z.boolean(),
  status: z.enum(STATUSES),
  statusSince: isoTime,
  reason: z.string(),
  daysSilent: z.number().nullable(),
  /** Days left before the red line of its policy; negative once past it; null while no post is known. */
  daysToRedLine: z.number().nullable(),
  /** In the account's own time zone. */
  lastPostAt: isoTime.nullable(),
  lastPostUrl: z.string().nullable(),
  lastPostExcerpt: z.string().nullable(),
  followers: z.number().nullable(),
  followersApproximate: z.boolean().nullable(),
  /** Outcome of the latest look (ok, not_found, blocked, error). */
  outcome: z.string().nullable(),
  lastCheckedAt: isoTime.nullable(),
  nextDueAt: isoTime,
});

export type AccountView = z.infer<typeof accountViewSchema>;

export function accountView(a: AccountWithState, locale: Locale, policies: PolicyBook): AccountView {
  const policy = policies.forAccount({ policy: a.policy, group: a.group_name });
  return {
    id: Number(a.id),
    name: shownAccountName(a.name, a.display_name, a.url),
    registeredName: a.name,
    platform: a.platform,
    url: a.url,
    unit: a.unit,
    region: a.region,
    group: a.group_name,
    policy: policy.name,
    registeredPolicy: a.policy,
    intervalSeconds: a.interval_seconds,
    timeZone: a.time_zone,
    options: a.options,
    access: a.access,
    paused: !a.enabled,
    registeredClosed: a.registered_closed,
    // Written only from a judgement's status.
    status: a.status as Status,
    statusSince: a.status_since.toISOString(),
    // Rendered from the stored reason in the reader's language; older rows keep their text.
    reason: a.reason_data ? renderReason(a.reason_data, locale) : a.reason,
    daysSilent: a.days_silent,
    daysToRedLine: a.days_silent === null ? null : policy.redLineDays - a.days_silent,
    lastPostAt: a.last_post_at ? isoInZone(a.last_post_at.toISOString(), a.time_zone) : null,
    lastPostUrl: a.last_post_url,
    lastPostExcerpt: a.last_post_excerpt,
    followers: a.followers,
    followersApproximate: a.followers_approximate,
    outcome: a.last_outcome,
    lastCheckedAt: a.last_checked_at?.toISOString() ?? null,
    nextDueAt: a.next_due_at.toISOString(),
  };
}
