import { sql, type RawBuilder } from 'kysely';
import type { PolicyBook } from '../activity/policies.ts';
import { WORST_FIRST } from '../domain/account-status.ts';

/** The orders the accounts list offers. */
export const ACCOUNT_SORTS = ['daysSilent', 'daysToRedLine', 'name', 'status', 'lastPostAt', 'followers', 'lastCheckedAt', 'id'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

/**
 * Silence as a key that ascends from the most silent, an account with no post known last.
 * Migration 011 indexes this very expression: keep them the same.
 */
export const SILENCE_KEY = sql`coalesce(-s.days_silent, 2147483647)`;

/**
 * A sort key as SQL. Every key is non-null and ascends in its sort's own order (a missing value
 * last), so one row comparison `(keys…, id) > (cursor…)` pages through it either way, and an
 * index on the same expressions can serve it. Keys travel in cursors as text, cast back by `type`.
 */
export interface SortKey {
  expression: RawBuilder<unknown>;
  type: 'int4' | 'int8' | 'float8' | 'numeric' | 'text';
}

export interface SortSpec {
  keys: SortKey[];
  /** The order the client names when it wants the sort's own (`order` may reverse it). */
  defaultOrder: SortOrder;
}

/** `nameFromUrl` near enough: the URL's last path segment, else its host. */
const URL_NAME = sql`substring(a.url from '([^/?#]+)/*(?:[?#].*)?$')`;

const silence: SortKey = { expression: SILENCE_KEY, type: 'int4' };
/** Newest first; never: last. */
const newest = (column: 'last_post_at' | 'last_checked_at'): SortKey => ({
  expression: sql`coalesce(-extract(epoch from ${sql.ref(`s.${column}`)}), 'Infinity'::numeric)`,
  type: 'numeric',
});

export function accountSortSpec(sort: AccountSort, policies: PolicyBook): SortSpec {
  switch (sort) {
    case 'daysSilent':
      return { keys: [silence], defaultOrder: 'desc' };
    case 'daysToRedLine':
      // No post known: no red line to count down to, so after every account that has one.
      return {
        keys: [
          { expression: sql`case when s.days_silent is null then 1 else 0 end`, type: 'int4' },
          { expression: sql`coalesce((${redLineDays(policies)} - s.days_silent)::float8, 0)`, type: 'float8' },
        ],
        defaultOrder: 'asc',
      };
    case 'name':
      // The shown name (see `shownAccountName`); an unnamed account's URL stands in by its last segment.
      return {
        keys: [
          {
            expression: sql`lower(coalesce(a.name, nullif(s.display_name, ''), ${URL_NAME}, a.url)) collate "C"`,
            type: 'text',
          },
        ],
        defaultOrder: 'asc',
      };
    case 'status':
      return {
        keys: [
          {
            expression: sql`case s.status ${sql.join(
              WORST_FIRST.map((status, i) => sql`when ${sql.lit(status)} then ${sql.lit(i)}`),
              sql` `,
            )} else ${sql.lit(WORST_FIRST.length)} end`,
            type: 'int4',
          },
          // Within a status, the longest silent first.
          silence,
        ],
        defaultOrder: 'asc',
      };
    case 'lastPostAt':
      return { keys: [newest('last_post_at')], defaultOrder: 'desc' };
    case 'lastCheckedAt':
      return { keys: [newest('last_checked_at')], defaultOrder: 'desc' };
    case 'followers':
      return { keys: [{ expression: sql`coalesce(-s.followers, 9223372036854775807)`, type: 'int8' }], defaultOrder: 'desc' };
    case 'id':
      return { keys: [], defaultOrder: 'asc' };
  }
}

/**
 * Each account's red line in days, as `PolicyBook.forAccount` picks its policy: its own, else
 * its group's, else the default. Written out from the book (a handful of names), so the
 * database computes it for every row without a table of policies to join.
 */
export function redLineDays(policies: PolicyBook): RawBuilder<number> {
  const days = (name: string) => sql.lit(policies.named(name).redLineDays);
  const fallback = days(policies.defaultName);
  const byPolicy = policies.names().map((name) => sql`when ${name} then ${days(name)}`);
  const groups = Object.entries(policies.groupPolicies());
  const byGroup = groups.map(([group, name]) => sql`when ${group} then ${days(name)}`);
  return sql<number>`(case when a.policy is not null then case a.policy ${sql.join(byPolicy, sql` `)} else ${fallback} end
    ${groups.length ? sql`when a.group_name is not null then case a.group_name ${sql.join(byGroup, sql` `)} else ${fallback} end` : sql``}
    else ${fallback} end)`;
}

/** The order a sort gives when the client does not say. */
export function defaultOrder(sort: AccountSort, policies: PolicyBook): SortOrder {
  return accountSortSpec(sort, policies).defaultOrder;
}

/** How many keys a sort's cursor holds before the id. */
export function sortKeyCount(sort: AccountSort, policies: PolicyBook): number {
  return accountSortSpec(sort, policies).keys.length;
}

/** Whether `value` can stand as the `index`th key of `sort` in a cursor: a forged one must not reach the database. */
export function validSortKey(sort: AccountSort, index: number, value: string, policies: PolicyBook): boolean {
  const type = accountSortSpec(sort, policies).keys[index]?.type;
  const number = Number(value);
  switch (type) {
    case 'int4':
      return /^-?\d{1,10}$/.test(value) && Math.abs(number) <= 2147483647;
    case 'int8':
      return /^-?\d{1,19}$/.test(value) && BigInt(value) <= 9223372036854775807n && BigInt(value) >= -9223372036854775807n;
    case 'float8':
      // Days to a red line: far inside the range of a day count.
      return /^-?[\d.]+(e[+-]?\d+)?$/i.test(value) && Number.isFinite(number) && Math.abs(number) < 1e9;
    case 'numeric':
      return value === 'Infinity' || (/^-?\d{1,15}(\.\d{1,9})?$/.test(value) && Number.isFinite(number));
    case 'text':
      return true;
    default:
      return false;
  }
}

/** The state columns an account view reads (those `listAccounts` selects). */
export const ACCOUNT_STATE_COLUMNS = [
  'status',
  'status_since',
  'reason',
  'last_post_at',
  'last_post_precision',
  'days_silent',
  'followers',
  'last_checked_at',
  'last_success_at',
  'last_outcome',
  'consecutive_failures',
  'next_due_at',
  'reason_data',
  'consecutive_not_found',
  'followers_approximate',
  'last_post_url',
  'last_post_excerpt',
  'display_name',
] as const;
