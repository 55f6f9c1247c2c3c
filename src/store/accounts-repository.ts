import { sql, type Kysely } from 'kysely';
import { accountKey, type Account } from '../accounts/account.ts';
import { platformIds } from '../platforms/registry.ts';
import { prepared } from './embedded/index.ts';
import type { AccountRow, AccountStateRow, Schema } from './schema.ts';

export interface ImportResult {
  added: number;
  /** Matched accounts of which at least one imported column changed. */
  updated: number;
  /** Matched accounts the register left exactly as they were (untouched, `updated_at` too). */
  unchanged: number;
}

/**
 * Accounts written per statement: every statement is a round trip (on the embedded database,
 * through its thread), so a large register is written in chunks. Well inside PostgreSQL's
 * 65,535 parameters per statement.
 */
const IMPORT_CHUNK = 500;

export interface ImportOptions {
  /** Work out what the import would do, and write nothing (the transaction is rolled back). */
  dryRun?: boolean;
}

/** Ends a dry run's transaction, carrying what it would have done. */
class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/**
 * Adds or updates accounts, matched by platform + URL, in one transaction: either the whole
 * file is applied or nothing is. A new account is due at once, so it is checked promptly.
 * A matched account is written only when something about it changed. An account given
 * twice ends as the later one says, as if imported one by one.
 *
 * An account removed with its history kept (`removed_at`) comes back when imported again:
 * registered and scheduled (due at once), its history joined up. It counts as added, since it
 * was in no list before. A paused account stays paused: pausing is not the register's to say.
 */
export async function importAccounts(
  db: Kysely<Schema>,
  accounts: readonly Account[],
  now: Date,
  { dryRun = false }: ImportOptions = {},
): Promise<ImportResult> {
  const run = db.transaction().execute(async (trx) => {
    let added = 0;
    let updated = 0;
    for (const chunk of chunksWithDistinctKeys(accounts.map(accountValues), IMPORT_CHUNK)) {
      const removed = await trx
        .selectFrom('accounts')
        .select('account_key')
        .where(
          'account_key',
          'in',
          chunk.map((c) => c.account_key),
        )
        .where('removed_at', 'is not', null)
        .execute();
      const removedKeys = new Set(removed.map((r) => r.account_key));
      const rows = await trx
        .insertInto('accounts')
        .values(chunk)
        .onConflict((oc) =>
          oc
            .column('account_key')
            .doUpdateSet((eb) => ({
              ...Object.fromEntries(IMPORTED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])),
              updated_at: now,
              enabled: sql<boolean>`accounts.enabled or accounts.removed_at is not null`,
              removed_at: null,
            }))
            // An unchanged row is not written, and so not returned: the rows back are the added, restored and updated.
            .where(
              sql<boolean>`(${columnList('accounts')}) is distinct from (${columnList('excluded')}) or accounts.removed_at is not null`,
            ),
        )
        // xmax is 0 only for a freshly inserted row: how Postgres tells an insert from an update.
        .returning(['id', 'account_key', sql<boolean>`xmax = 0`.as('inserted')])
        .execute();
      const fresh = rows.filter((r) => r.inserted);
      const restored = rows.filter((r) => !r.inserted && removedKeys.has(r.account_key)).map((r) => r.id);
      added += fresh.length + restored.length;
      updated += rows.length - fresh.length - restored.length;
      if (restored.length > 0) {
        // Its state is as old as its removal: looked at again at once.
        await trx.updateTable('account_state').set({ next_due_at: now }).where('account_id', 'in', restored).execute();
      }
      if (fresh.length === 0) continue;
      await trx
        .insertInto('account_state')
        .values(
          fresh.map((r) => ({
            account_id: r.id,
            status: 'unknown',
            status_since: now,
            reason: 'not checked yet',
            next_due_at: now,
            consecutive_failures: 0,
          })),
        )
        .execute();
    }
    const result = { added, updated, unchanged: accounts.length - added - updated };
    if (dryRun) throw new DryRunDone(result);
    return result;
  });
  // Run as the import itself, then undone: the counts are exactly what the import would say.
  return run.catch((err: unknown) => {
    if (err instanceof DryRunDone) return err.result;
    throw err;
  });
}

const IMPORTED_COLUMNS = [
  'platform',
  'url',
  'account_key',
  'name',
  'unit',
  'region',
  'group_name',
  'policy',
  'interval_seconds',
  'time_zone',
  'options',
  'access',
] as const;

function columnList(table: 'accounts' | 'excluded') {
  return sql.join(IMPORTED_COLUMNS.map((column) => sql.ref(`${table}.${column}`)));
}

/** An account's register fields as the columns that store them. */
export function accountValues(account: Account) {
  return {
    platform: account.platform,
    url: account.url,
    account_key: accountKey(account.platform, account.url) ?? `${account.platform} ${account.url}`,
    name: account.name,
    unit: account.unit,
    region: account.region,
    group_name: account.group,
    policy: account.policy,
    interval_seconds: Math.round(account.intervalMs / 1000),
    time_zone: account.timeZone,
    options: JSON.stringify(account.options ?? {}),
    access: account.access ?? null,
  } satisfies Record<(typeof IMPORTED_COLUMNS)[number], unknown>;
}

/** Consecutive chunks of at most `size`, none naming an account twice (one statement cannot write a row twice). */
function* chunksWithDistinctKeys<T extends { account_key: string }>(rows: readonly T[], size: number): Generator<T[]> {
  let chunk: T[] = [];
  const keys = new Set<string>();
  for (const row of rows) {
    if (chunk.length === size || keys.has(row.account_key)) {
      yield chunk;
      chunk = [];
      keys.clear();
    }
    chunk.push(row);
    keys.add(row.account_key);
  }
  if (chunk.length) yield chunk;
}

export type AccountWithState = AccountRow & Omit<AccountStateRow, 'account_id'>;

export interface AccountFilter {
  status?: string;
}

/** The registered accounts (not those removed), with where each stands. */
export async function listAccounts(db: Kysely<Schema>, filter: AccountFilter = {}): Promise<AccountWithState[]> {
  let query = db
    .selectFrom('accounts')
    .innerJoin('account_state', 'account_state.account_id', 'accounts.id')
    .selectAll('accounts')
    .select(STATE_COLUMNS)
    .where('accounts.removed_at', 'is', null);
  if (filter.status) query = query.where('account_state.status', '=', filter.status);
  return query.orderBy('accounts.id').execute() as Promise<AccountWithState[]>;
}

/**
 * The registered (not removed) accounts an id or a URL names: by id, or by URL matched as `import` matches accounts (host
 * case, a trailing slash and a fragment do not matter), on any platform, so more than one
 * account may answer a URL.
 */
export async function findAccounts(db: Kysely<Schema>, idOrUrl: string): Promise<AccountWithState[]> {
  let query = db
    .selectFrom('accounts')
    .innerJoin('account_state', 'account_state.account_id', 'accounts.id')
    .selectAll('accounts')
    .select(STATE_COLUMNS)
    .where('accounts.removed_at', 'is', null);
  if (/^\d+$/.test(idOrUrl)) {
    query = query.where('accounts.id', '=', Number(idOrUrl));
  } else {
    const keys = platformIds.map((platform) => accountKey(platform, idOrUrl)).filter((key) => key !== null);
    if (keys.length === 0) return [];
    query = query.where('accounts.account_key', 'in', keys);
  }
  return (await query.orderBy('accounts.id').execute()) as AccountWithState[];
}

const STATE_COLUMNS = [
  'account_state.status',
  'account_state.status_since',
  'account_state.reason',
  'account_state.last_post_at',
  'account_state.last_post_precision',
  'account_state.days_silent',
  'account_state.followers',
  'account_state.last_checked_at',
  'account_state.last_success_at',
  'account_state.last_outcome',
  'account_state.consecutive_failures',
  'account_state.next_due_at',
  'account_state.reason_data',
  'account_state.consecutive_not_found',
  'account_state.followers_approximate',
  'account_state.last_post_url',
  'account_state.last_post_excerpt',
  'account_state.display_name',
] as const;

/**
 * The account columns a crawl job reads, named rather than `a.*`: the read is a prepared
 * statement, which PostgreSQL refuses to run once a migration changes the columns `*` stands
 * for (in a process still running the version before).
 */
const ROUND_COLUMNS = [
  'id',
  'name',
  'platform',
  'url',
  'time_zone',
  'options',
  'access',
  'policy',
  'group_name',
  'interval_seconds',
] as const;

export type AccountForRound = Pick<AccountRow, (typeof ROUND_COLUMNS)[number]> & {
  done_status: string | null;
  done_outcome: string | null;
  state_status: string | null;
  state_last_post_at: Date | null;
  state_last_post_precision: string | null;
  consecutive_failures: number;
  consecutive_not_found: number;
  /** The scheduled job that holds the account's lease now, if any (see `enqueueDueAccounts`). */
  lease_job: string | null;
  /** The newest posts seen before, for the account's rhythm. */
  earlier_posts: Array<{ at: string; precision: string; repost: boolean }>;
};

/** Posts read back for the rhythm of an account (the cadence model uses the newest 30). */
const RHYTHM_POSTS = 40;

/**
 * For many crawl jobs in one query, each account with what its job needs to judge it: its
 * state, its recent posts, and what its crawl round already recorded, if anything (this runs
 * for every account of every sweep). Results in the order of `keys`.
 */
export async function accountsForRounds(
  db: Kysely<Schema>,
  keys: ReadonlyArray<{ accountId: number; roundKey: string }>,
): Promise<Array<AccountForRound | undefined>> {
  const wanted = JSON.stringify(keys.map((k, i) => ({ n: i, account_id: k.accountId, round_key: k.roundKey })));
  const { rows } = await prepared(sql<AccountForRound & { n: number }>`
    select k.n, ${sql.join(ROUND_COLUMNS.map((c) => sql.ref(`a.${c}`)))}, o.status as done_status, o.outcome as done_outcome,
           s.status as state_status, s.last_post_at as state_last_post_at, s.last_post_precision as state_last_post_precision,
           coalesce(s.consecutive_failures, 0) as consecutive_failures, coalesce(s.consecutive_not_found, 0) as consecutive_not_found,
           s.lease_job,
           coalesce((select json_agg(json_build_object('at', p.at, 'precision', p.precision, 'repost', p.repost))
                       from (select at, precision, repost from posts
                              where account_id = a.id order by at desc limit ${RHYTHM_POSTS}) p), '[]') as earlier_posts
      from jsonb_to_recordset(${wanted}::jsonb) as k(n int, account_id bigint, round_key text)
      join accounts a on a.id = k.account_id
      left join account_state s on s.account_id = a.id
      left join observations o on o.account_id = a.id and o.round_key = k.round_key
     -- As in recordObservations: named outright, the rows are found by index whatever the statistics.
     where a.id = any(${keys.map((k) => k.accountId)}::bigint[])`).execute(db);
  const found = new Map(rows.map(({ n, ...row }) => [n, row]));
  // json(b) arrives parsed and int8 as a number on both backends (see `openStore`).
  return keys.map((_, i) => found.get(i));
}
