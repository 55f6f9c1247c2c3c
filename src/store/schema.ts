import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps go in as Date or ISO text and come back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** The accounts register: what to watch, and how. */
export interface AccountsTable {
  id: Generated<number>;
  platform: string;
  url: string;
  /** platform + normalised URL: one row per account however its URL was written. */
  account_key: string;
  name: string;
  unit: string | null;
  region: string | null;
  group_name: string | null;
  policy: string;
  interval_seconds: number;
  time_zone: string;
  options: ColumnType<Record<string, unknown>, string, string>;
  enabled: Generated<boolean>;
  /** Registered as closed by its owner (a post from it later means it was revived). */
  registered_closed: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** Every look at an account, whatever its outcome. */
export interface ObservationsTable {
  id: Generated<number>;
  account_id: number;
  /** The crawl round (job id) that made it: a retried job writes the same row, never a second. */
  round_key: string;
  fetched_at: Timestamp;
  outcome: string;
  http_status: number | null;
  display_name: string | null;
  followers: number | null;
  followers_approximate: boolean | null;
  posts_count: number | null;
  last_post_at: Timestamp | null;
  last_post_precision: string | null;
  last_post_url: string | null;
  last_post_excerpt: string | null;
  status: string;
  days_silent: number | null;
  reason: string;
  error: string | null;
}

/** Posts seen on an account's pages (the newest few hundred per account). */
export interface PostsTable {
  account_id: number;
  post_id: string;
  at: Timestamp;
  precision: string;
  pinned: boolean;
  repost: boolean;
  url: string | null;
  excerpt: string | null;
  first_seen_at: Generated<Timestamp>;
}

/** Each account's current standing and when it is next due. */
export interface AccountStateTable {
  account_id: number;
  status: string;
  status_since: Timestamp;
  reason: string;
  last_post_at: Timestamp | null;
  last_post_precision: string | null;
  days_silent: number | null;
  followers: number | null;
  last_checked_at: Timestamp | null;
  last_success_at: Timestamp | null;
  /** Outcome of the latest attempt (ok, not_found, blocked, error). */
  last_outcome: string | null;
  consecutive_failures: number;
  next_due_at: Timestamp;
}

export interface HostSlotsTable {
  host: string;
  slot: number;
  holder: string;
  expires_at: Timestamp;
}

export interface HostSpacingTable {
  host: string;
  next_at: Timestamp;
}

export interface Schema {
  accounts: AccountsTable;
  observations: ObservationsTable;
  posts: PostsTable;
  account_state: AccountStateTable;
  host_slots: HostSlotsTable;
  host_spacing: HostSpacingTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccountRow = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type ObservationRow = Selectable<ObservationsTable>;
export type AccountStateRow = Selectable<AccountStateTable>;
