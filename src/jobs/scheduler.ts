import { sql } from 'kysely';
import type { Store } from '../store/database.ts';
import { sortExpiredLeases } from './expired-leases.ts';
import type { CrawlQueue } from './job-queues.ts';
import { ACCOUNTS_PER_JOB, crawlJobId, PRIORITY, type CrawlJobData } from './job-types.ts';

export interface TickOptions {
  now: Date;
  /** Accounts enqueued per tick at most. @defaultValue 1000 */
  batchSize: number;
  /** Accounts per job (tests use fewer, to have more jobs than a worker takes). @defaultValue ACCOUNTS_PER_JOB */
  accountsPerJob?: number;
  /** How long an account stays leased to its job before the scheduler checks on that job. @defaultValue DEFAULT_LEASE_MS */
  leaseMs?: number;
}

/**
 * A lease's length. It bounds how long an account whose job was lost (failed, or gone with
 * Redis's data) waits before it is queued again; a job that is only slow has its lease
 * extended (see `sortExpiredLeases`), so the lease need not outlast retries, backoff or
 * `SLEEPWATCH_JOB_LOCK_MS`.
 */
export const DEFAULT_LEASE_MS = 120_000;

/** A lease doubles at most this many times: 2^16 times the first outlasts any interval. */
const MAX_DOUBLINGS = 16;

/** Any fixed number: the advisory lock that lets one scheduler tick at a time, across processes. */
const TICK_LOCK = 0x5133_7a11;

/** How long completed jobs stay depends on the backend (`KEEP_COMPLETED`); failed ones stay longer. */
export const CRAWL_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnFail: { count: 5000 },
} as const;

/**
 * One scheduling step. First the leases that ended without an observation are sorted out:
 * extended while their job is alive, released when it was lost. Then the accounts whose due
 * time has come (an index on `next_due_at` answers it), and those whose job was lost, are
 * leased for `leaseMs` (longer each time a round is queued again) to new jobs of ACCOUNTS_PER_JOB, in due order, with deterministic ids:
 * an account is held by one job at a time, never queued twice, and the queue holds in-flight
 * work only, not an entry per registered account. The worker sets the real next due time when
 * it records the account. Resolves to the number of accounts enqueued.
 *
 * The lease is written and committed before the jobs are added: on the embedded database
 * the queue shares PGlite, which serialises other connections while a transaction is open.
 * Should adding them fail, the lease ends and the accounts are queued again.
 */
export async function enqueueDueAccounts(store: Store, queue: CrawlQueue, opts: TickOptions): Promise<number> {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const lostJobs = await sortExpiredLeases(store, queue, opts.now, leaseMs);
  const perJob = opts.accountsPerJob ?? ACCOUNTS_PER_JOB;
  const jobs = await store.db.transaction().execute(async (trx) => {
    const { rows: locked } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${TICK_LOCK}) as locked`.execute(trx);
    if (!locked[0]?.locked) return [];
    // A leased account whose job was not found lost is left alone: its lease has not ended,
    // or ended only since it was checked.
    const { rows: due } = await sql<{ account_id: number }>`
      select s.account_id
        from account_state s join accounts a on a.id = s.account_id
       where a.enabled and a.removed_at is null
         and s.next_due_at <= ${opts.now} and (s.lease_job is null or s.lease_job = any(${lostJobs}::text[]))
       order by s.next_due_at, s.account_id
       limit ${opts.batchSize}
         for update of s skip locked`.execute(trx);
    if (due.length === 0) return [];
    // In due order: the accounts waiting longest go in the first jobs.
    const dueAt = opts.now.toISOString();
    const groups: Array<{ jobId: string; accountIds: number[] }> = [];
    for (let at = 0; at < due.length; at += perJob) {
      const accountIds = due.slice(at, at + perJob).map((d) => d.account_id);
      groups.push({ jobId: crawlJobId({ accountIds, kind: 'scheduled', dueAt }), accountIds });
    }
    const leases = groups.flatMap((g) => g.accountIds.map((account_id) => ({ account_id, job: g.jobId })));
    // One statement leases the whole batch. (Row by row, a large tick held its transaction for
    // seconds in a busy process.) An account queued again keeps the round it was first leased for,
    // and each lease of a round lasts twice the one before, up to the account's interval: an
    // account whose job keeps failing (a page that breaks the worker) is retried ever more
    // rarely, not every few minutes for good.
    const { rows: leased } = await sql<{ account_id: number; lease_round: string }>`
      update account_state s
         set next_due_at = ${opts.now}::timestamptz + least(a.interval_seconds * interval '1 second',
               ${leaseMs} * interval '1 millisecond'
                 * power(2, case when s.lease_round is null then 0 else least(s.round_leases, ${MAX_DOUBLINGS}) end)),
             lease_job = l.job,
             lease_round = coalesce(s.lease_round, l.job),
             round_leases = case when s.lease_round is null then 1 else s.round_leases + 1 end
        from jsonb_to_recordset(${JSON.stringify(leases)}::jsonb) as l(account_id bigint, job text), accounts a
       where s.account_id = l.account_id and a.id = s.account_id and s.account_id = any(${leases.map((l) => l.account_id)}::bigint[])
      returning s.account_id, s.lease_round`.execute(trx);
    const round = new Map(leased.map((l) => [l.account_id, l.lease_round]));
    return groups.map(({ jobId, accountIds }): CrawlJobData & { jobId: string } => ({
      jobId,
      accountIds,
      roundKeys: accountIds.map((id) => round.get(id)!),
      kind: 'scheduled',
      dueAt,
    }));
  });
  if (jobs.length === 0) return 0;
  await queue.addBulk(
    jobs.map(({ jobId, ...data }) => ({ name: 'scheduled', data, opts: { ...CRAWL_JOB_OPTIONS, jobId, priority: PRIORITY.scheduled } })),
  );
  return jobs.reduce((n, j) => n + j.accountIds.length, 0);
}
