import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PolicyBook } from '../activity/policies.ts';
import type { Status } from '../domain/account-status.ts';
import type { AccountWithState } from './accounts-repository.ts';
import {
  ACCOUNT_STATE_COLUMNS,
  accountSortSpec,
  SILENCE_KEY,
  type AccountSort,
  type SortKey,
  type SortOrder,
} from './accounts-list-sort.ts';
import type { Schema } from './schema.ts';

export { ACCOUNT_SORTS, defaultOrder, sortKeyCount, validSortKey, type AccountSort, type SortOrder } from './accounts-list-sort.ts';

export interface AccountListFilter {
  /** Any of these statuses. */
  statuses?: readonly Status[];
  platform?: string;
  unit?: string;
  region?: string;
  group?: string;
  /** Case-insensitive substring of the name, the name its pages show, the URL or the unit. */
  text?: string;
  paused?: boolean;
  /** The unit a unit-scoped token is limited to: nothing else exists for it. */
  scopeUnit?: string | null;
}

export interface AccountListRequest {
  filter: AccountListFilter;
  sort: AccountSort;
  order: SortOrder;
  limit: number;
  /** Keyset: the sort key values (as text) and then the id of the last row of the page before. */
  after?: readonly string[] | undefined;
  /** Rows to skip, for clients that jump to a page number; not with `after`. */
  offset?: number | undefined;
  /** Count the accounts the filter matches: one more pass over all of them (about 0.1–0.4 s at 100,000). */
  withTotal: boolean;
}

export interface AccountListPage {
  accounts: AccountWithState[];
  /** The sort key values of the last row as text, and its id: where the next page starts; undefined on the last page. */
  next?: { keys: string[]; id: number };
  total?: number;
}

type Row = AccountWithState & Record<`sort_key_${number}`, string | number>;

/**
 * One page of the registered accounts (removed ones never appear) that match `filter`, in the
 * order asked, ties broken by id (ascending in the sort's own order). One row more than asked
 * is read: whether another page follows, without a second query.
 */
export async function listAccountsPage(db: Kysely<Schema>, policies: PolicyBook, request: AccountListRequest): Promise<AccountListPage> {
  const spec = accountSortSpec(request.sort, policies);
  const where = filterConditions(request.filter);
  // Every sort's keys ascend in its own order: the other order reads them backwards.
  const backwards = request.order !== spec.defaultOrder;
  const rows =
    request.sort === 'daysToRedLine'
      ? await redLinePage(db, policies, request, where, backwards)
      : await sortedPage(db, spec.keys, where, request, backwards);
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  const accounts = page.map((row) => {
    const account: Partial<Row> = { ...row };
    for (let i = 0; i < spec.keys.length; i++) delete account[`sort_key_${i}`];
    return account as AccountWithState;
  });
  const next =
    rows.length > request.limit && last ? { keys: spec.keys.map((_, i) => String(last[`sort_key_${i}`])), id: Number(last.id) } : undefined;
  const total = request.withTotal ? await countAccounts(db, request.filter, where) : undefined;
  return { accounts, ...(next ? { next } : {}), ...(total === undefined ? {} : { total }) };
}

/**
 * The page's ids are found first, sorting only them and their keys, and only then are their
 * rows read: a sort without an index goes through every matching account, and carrying each
 * one's every column through it took twice as long.
 */
async function sortedPage(
  db: Kysely<Schema>,
  keys: readonly SortKey[],
  where: RawBuilder<unknown>[],
  request: AccountListRequest,
  backwards: boolean,
): Promise<Row[]> {
  const direction = backwards ? sql`desc` : sql`asc`;
  const { rows } = await sql<Row>`
    select ${sql.join([sql`a.*`, stateColumns(), ...keys.map((_, i) => sql`${sql.ref(`p.k${i}`)}::text as ${sql.ref(`sort_key_${i}`)}`)])}
      from (select ${sql.join([sql`s.account_id as page_id`, ...keys.map((k, i) => sql`${k.expression} as ${sql.ref(`k${i}`)}`)])}
              from accounts a join account_state s on s.account_id = a.id
             where ${sql.join([...where, ...keyset(keys, request.after, backwards)], sql` and `)}
             order by ${orderBy(keys, backwards)}
             limit ${request.limit + 1} offset ${request.offset ?? 0}) p
      join accounts a on a.id = p.page_id
      join account_state s on s.account_id = p.page_id
     order by ${sql.join([...keys.map((_, i) => sql`${sql.ref(`p.k${i}`)} ${direction}`), sql`p.page_id ${direction}`])}`.execute(db);
  return rows;
}

/** The sort keys, then the id, all one way: a row comparison an index on the same expressions serves. */
function orderBy(keys: ReadonlyArray<{ expression: RawBuilder<unknown> }>, backwards: boolean) {
  const direction = backwards ? sql`desc` : sql`asc`;
  return sql.join([...keys.map((k) => sql`${k.expression} ${direction}`), sql`s.account_id ${direction}`]);
}

function keyset(
  keys: ReadonlyArray<{ expression: RawBuilder<unknown>; type: string }>,
  after: readonly string[] | undefined,
  backwards: boolean,
) {
  if (!after) return [];
  const row = sql.join([...keys.map((k) => k.expression), sql`s.account_id`]);
  const cursor = sql.join([...keys.map((k, i) => sql`${after[i]}::${sql.raw(k.type)}`), sql`${after.at(-1)}::int8`]);
  return [backwards ? sql`(${row}) < (${cursor})` : sql`(${row}) > (${cursor})`];
}

/**
 * Nearest the red line first, where the red line is each account's policy's: sorting on the
 * computed days would read and sort every account. Instead, accounts are taken per red line
 * (the policies share a handful), each group in order of silence from the index of migration
 * 011, `limit` of each at most, and the groups merged: a page reads a few pages' worth of rows.
 */
async function redLinePage(
  db: Kysely<Schema>,
  policies: PolicyBook,
  request: AccountListRequest,
  where: RawBuilder<unknown>[],
  backwards: boolean,
): Promise<Row[]> {
  const lines = [...new Set(policies.names().map((name) => policies.named(name).redLineDays))];
  const direction = backwards ? sql`desc` : sql`asc`;
  const wanted = request.limit + 1 + (request.offset ?? 0);
  const groups = lines.map((line) => {
    const conditions = [...where, ...(lines.length > 1 ? [redLineIs(policies, line)] : [])];
    if (request.after) {
      // (no post known, days to the red line, id) after the cursor is, within one red line, (silence key, id) after this.
      const [unread, daysLeft, id] = request.after as [string, string, string];
      const silence = Number(daysLeft) - line;
      const [key, from] = unread === '1' ? [2147483647, id] : Number.isInteger(silence) ? [silence, id] : [Math.ceil(silence), '0'];
      conditions.push(sql`(${SILENCE_KEY}, s.account_id) ${backwards ? sql`<` : sql`>`} (${key}::int4, ${from}::int8)`);
    }
    return sql`(select a.*, ${stateColumns()},
                       case when s.days_silent is null then 1 else 0 end as sort_key_0,
                       coalesce((${sql.lit(line)} - s.days_silent)::float8, 0) as sort_key_1
                  from accounts a join account_state s on s.account_id = a.id
                 where ${sql.join(conditions, sql` and `)}
                 order by ${SILENCE_KEY} ${direction}, s.account_id ${direction}
                 limit ${wanted})`;
  });
  const { rows } = await sql<Row>`
    select * from (${sql.join(groups, sql` union all `)}) t
     order by sort_key_0 ${direction}, sort_key_1 ${direction}, id ${direction}
     limit ${request.limit + 1} offset ${request.offset ?? 0}`.execute(db);
  return rows;
}

/**
 * Accounts whose red line is `days`, as `redLineDays` decides it, written on the policy and
 * group columns themselves rather than on the computed line: the planner estimates how many
 * accounts that is from the columns' statistics, and so walks the index of silence for a
 * common line and sorts the few accounts of a rare one (on the computed line it guesses a
 * handful, and sorts thousands).
 */
function redLineIs(policies: PolicyBook, days: number): RawBuilder<boolean> {
  const names = policies.names();
  const named = names.filter((name) => policies.named(name).redLineDays === days);
  const groups = Object.entries(policies.groupPolicies());
  const grouped = groups.filter(([, name]) => policies.named(name).redLineDays === days).map(([group]) => group);
  const alternatives = [
    ...(named.length ? [sql`a.policy in (${sql.join(named)})`] : []),
    ...(grouped.length ? [sql`(a.policy is null and a.group_name in (${sql.join(grouped)}))`] : []),
  ];
  if (policies.named(policies.defaultName).redLineDays === days) {
    const assigned = groups.map(([group]) => group);
    alternatives.push(
      assigned.length
        ? sql`(a.policy is null and (a.group_name is null or a.group_name not in (${sql.join(assigned)})))`
        : sql`a.policy is null`,
      // A policy the book does not know falls back to the default, as in `redLineDays`.
      sql`a.policy not in (${sql.join(names)})`,
    );
  }
  return alternatives.length ? sql<boolean>`(${sql.join(alternatives, sql` or `)})` : sql<boolean>`false`;
}

/** Counted without the state table when the filter does not need it (every account has its state from its import): half the work. */
async function countAccounts(db: Kysely<Schema>, filter: AccountListFilter, where: RawBuilder<unknown>[]): Promise<number> {
  const needsState = Boolean(filter.statuses?.length || filter.text);
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from accounts a ${needsState ? sql`join account_state s on s.account_id = a.id` : sql``}
     where ${sql.join(where, sql` and `)}`.execute(db);
  return rows[0]!.n;
}

function filterConditions(filter: AccountListFilter): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [sql`a.removed_at is null`];
  if (filter.scopeUnit != null) conditions.push(sql`a.unit = ${filter.scopeUnit}`);
  if (filter.statuses?.length) conditions.push(sql`s.status in (${sql.join(filter.statuses)})`);
  if (filter.platform !== undefined) conditions.push(sql`a.platform = ${filter.platform}`);
  if (filter.unit !== undefined) conditions.push(sql`a.unit = ${filter.unit}`);
  if (filter.region !== undefined) conditions.push(sql`a.region = ${filter.region}`);
  if (filter.group !== undefined) conditions.push(sql`a.group_name = ${filter.group}`);
  if (filter.paused !== undefined) conditions.push(sql`a.enabled = ${!filter.paused}`);
  if (filter.text) {
    // The client's % and _ are text to find, not patterns.
    const pattern = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(a.name ilike ${pattern} or s.display_name ilike ${pattern} or a.url ilike ${pattern} or a.unit ilike ${pattern})`);
  }
  return conditions;
}

function stateColumns() {
  return sql.join(ACCOUNT_STATE_COLUMNS.map((c) => sql.ref(`s.${c}`)));
}

/** The one registered account `id` names, if `scopeUnit` (when set) is its unit; removed accounts are not found. */
export async function findVisibleAccount(db: Kysely<Schema>, id: number, scopeUnit: string | null): Promise<AccountWithState | undefined> {
  const { rows } = await sql<AccountWithState>`
    select a.*, ${stateColumns()}
      from accounts a join account_state s on s.account_id = a.id
     where a.id = ${id} and a.removed_at is null ${scopeUnit != null ? sql`and a.unit = ${scopeUnit}` : sql``}`.execute(db);
  return rows[0];
}
