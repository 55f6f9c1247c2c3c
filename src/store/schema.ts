import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Reason } from '../domain/reason.ts';
import type { Alert, AlertEvidence } from '../domain/alert.ts';
import type { FeedFilter } from '../domain/feed-filter.ts';

/** Timestamps go in as Date or ISO text and come back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in by default. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** The accounts register: what to watch, and how. */
export interface AccountsTable {
  id: Generated<number>;
  platform: string;
  url: string;
  /** platform + normalised URL: one row per account however its URL was written. */
  account_key: string;
  /** As the register gives it; null: unnamed, shown under `account_state.display_name` (see `shownAccountName`). */
  name: string | null;
  unit: string | null;
  region: string | null;
  group_name: string | null;
  /** Null: the group's policy, else the default. */
  policy: string | null;
  interval_seconds: number;
  time_zone: string;
  options: ColumnType<Record<string, unknown>, string, string>;
  /** The access profile of the platform settings the account is fetched with; null: the platform's own. Never a secret. */
  access: string | null;
  enabled: Generated<boolean>;
  /** Registered as closed by its owner (a post from it later means it was revived). */
  registered_closed: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Removed with its history kept: in no list and no schedule; null while registered. */
  removed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** The page was fetched but its parser found nothing it expected (see `parser-broken`). */
  parse_failed: Generated<boolean>;
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
  /** The status's reason as data (`Reason`), rendered in the reader's language. */
  reason_data: ColumnType<Reason | null, string | null, string | null>;
  /** "Not found" answers in a row: confirmed twice, the account is gone. */
  consecutive_not_found: Generated<number>;
  followers_approximate: boolean | null;
  last_post_url: string | null;
  last_post_excerpt: string | null;
  /** The account's name as its pages last showed it. */
  display_name: string | null;
  /** The crawl job holding the account while `next_due_at` is its lease's end; null when not leased. */
  lease_job: string | null;
  /** The round the lease is for: kept when the account is queued again after its job was lost. */
  lease_round: string | null;
  /** Leases of that round so far: each one after the first lasts twice as long as the one before. */
  round_leases: Generated<number>;
  /** When a recorded look last moved the followers enough for the alert evaluation to compare them with their history; null once it has. */
  followers_moved_at: Timestamp | null;
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

export interface AlertsTable {
  id: Generated<number>;
  /** Stable identity of the trouble; at most one open alert per key. */
  key: string;
  kind: string;
  state: string;
  severity: string;
  status: string | null;
  platform: string;
  account_id: number | null;
  reason: ColumnType<Reason, string, string>;
  evidence: ColumnType<AlertEvidence | null, string | null, string | null>;
  opened_at: Timestamp;
  resolved_at: Timestamp | null;
  /** Last opened, escalated or reminded: reminders count from here. */
  notified_at: Timestamp;
  /** Acknowledged by a person: an acknowledged alert is not reminded of. */
  acknowledged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  acknowledged_by: ColumnType<string | null, string | null | undefined, string | null>;
  ack_note: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alert_id: number;
  type: string;
  at: Timestamp;
  alert: ColumnType<Alert, string, string>;
  dispatched: Generated<boolean>;
}

export interface FeedsTable {
  id: Generated<number>;
  token: string;
  filter: ColumnType<FeedFilter, string, string>;
  locale: string;
  created_at: DefaultedTimestamp;
}

export interface WebhooksTable {
  id: Generated<number>;
  url: string;
  secret: string;
  format: string;
  locale: string;
  filter: ColumnType<FeedFilter, string, string>;
  created_at: DefaultedTimestamp;
  /** A chat bot's own signing secret (DingTalk's and Feishu's 加签); null when the bot does not check signatures. */
  sign_secret: string | null;
  /** Loopback and private receivers were allowed when the webhook was added, so delivery allows them too. */
  allow_private_hosts: Generated<boolean>;
}

export interface WebhookDeliveriesTable {
  webhook_id: number;
  event_id: number;
  state: string;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  updated_at: DefaultedTimestamp;
}

/** The outcome of a webhook's latest delivery attempt, test deliveries included: one row per webhook. */
export interface WebhookLastDeliveriesTable {
  webhook_id: number;
  at: Timestamp;
  /** `delivered`, `retrying` (the queue tries again) or `failed`. */
  outcome: string;
  /** HTTP status, or the SMTP reply code for e-mail; null when no answer came. */
  status: number | null;
  /** Why it failed, with secrets redacted; null when delivered. */
  reason: string | null;
  /** Sent by `webhooks test`, not for an alert event. */
  test: Generated<boolean>;
}

/** Where a running service can be reached, as it recorded when it started listening. */
export interface ServiceAddressesTable {
  /** Which service: `http` for the HTTP server of `serve`. */
  service: string;
  url: string;
  /** Machine and process that recorded it, so a reader on the same machine can tell a dead one. */
  hostname: string;
  pid: number;
  started_at: Timestamp;
}

/** An API token: its role, the unit it is limited to, and a hash of its secret (the token itself is never stored). */
export interface ApiTokensTable {
  id: Generated<number>;
  name: string | null;
  /** `viewer`, `operator` or `admin` (see `Role`). */
  role: string;
  /** Null: every unit. */
  unit: string | null;
  /** SHA-256 of the token's secret part, hex. */
  secret_hash: string;
  created_at: DefaultedTimestamp;
  last_used_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** No alerts for one account, or for a group, until a time. Exactly one of `account_id` and `group_name` is set. */
export interface MutesTable {
  id: Generated<number>;
  account_id: number | null;
  group_name: string | null;
  until: Timestamp;
  note: string | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

/** No alerts for a group (null: every account) between two times. */
export interface MaintenanceWindowsTable {
  id: Generated<number>;
  group_name: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: string | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface Schema {
  accounts: AccountsTable;
  observations: ObservationsTable;
  posts: PostsTable;
  account_state: AccountStateTable;
  host_slots: HostSlotsTable;
  host_spacing: HostSpacingTable;
  alerts: AlertsTable;
  alert_events: AlertEventsTable;
  feeds: FeedsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_last_deliveries: WebhookLastDeliveriesTable;
  service_addresses: ServiceAddressesTable;
  api_tokens: ApiTokensTable;
  mutes: MutesTable;
  maintenance_windows: MaintenanceWindowsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type NewAccountRow = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type ObservationRow = Selectable<ObservationsTable>;
export type AccountStateRow = Selectable<AccountStateTable>;
export type AlertRow = Selectable<AlertsTable>;
export type FeedRow = Selectable<FeedsTable>;
export type WebhookRow = Selectable<WebhooksTable>;
