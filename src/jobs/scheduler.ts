import { sql } from 'kysely';
import type { Store } from '../store/database.ts';
import type { CrawlQueue } from './job-queues.ts';
import { ACCOUNTS_PER_JOB, crawlJobId, PRIORITY, type CrawlJobData } from './job-types.ts';

export interface TickOptions {
  now: Date;
  /** Accounts enqueued per tick at most. @defaultValue 1000 */
  batchSize: number;
  /** Accounts per job (tests use fewer, to have more jobs than a worker takes). @defaultValue ACCOUNTS_PER_JOB */
  accountsPerJob?: number;
}

/** Any fixed number: the advisory lock that lets one scheduler tick at a time, across processes. */
const TICK_LOCK = 0x5133_7a11;

/** How long completed jobs stay depends on the backend (`KEEP_COMPLETED`); failed ones stay longer. */
export const CRAWL_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnFail: { count: 5000 },
} as const;

/**
 * One scheduling step: finds accounts whose due time has come (an index on `next_due_at`
 * answers it), leases them until their interval has passed again, and enqueues them in jobs
 * of ACCOUNTS_PER_JOB, in due order, with deterministic ids: an account is leased to one job
 * per round, never queued twice. The queue therefore holds in-flight work only, not an
 * entry per registered account. Resolves to the number of accounts enqueued.
 *
 * The lease is written and committed before the jobs are added: on the embedded database
 * the queue shares PGlite, which serialises other connections while a transaction is open.
 */
export async function enqueueDueAccounts(store: Store, queue: CrawlQueue, opts: TickOptions): Promise<number> {
  const due = await store.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${TICK_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return [];
    // One statement leases the whole batch, each account for one interval: the worker sets
    // the real next due time when it has looked. (Row by row, a large tick held its
    // transaction for seconds in a busy process.)
    const leased = await sql<{ account_id: number; next_due_at: Date }>`
      with due as (
        select s.account_id, s.next_due_at, a.interval_seconds
          from account_state s join accounts a on a.id = s.account_id
         where a.enabled and s.next_due_at <= ${opts.now}
         order by s.next_due_at
         limit ${opts.batchSize}
         for update of s skip locked)
      update account_state s
         set next_due_at = ${opts.now}::timestamptz + due.interval_seconds * interval '1 second'
        from due
       where s.account_id = due.account_id
      returning due.account_id, due.next_due_at`.execute(trx);
    // In due order: the accounts waiting longest go in the first jobs.
    return leased.rows.sort((a, b) => a.next_due_at.getTime() - b.next_due_at.getTime() || a.account_id - b.account_id);
  });
  if (due.length === 0) return 0;
  const dueAt = opts.now.toISOString();
  const perJob = opts.accountsPerJob ?? ACCOUNTS_PER_JOB;
  const jobs = [];
  for (let at = 0; at < due.length; at += perJob) {
    const data: CrawlJobData = { accountIds: due.slice(at, at + perJob).map((a) => a.account_id), kind: 'scheduled', dueAt };
    jobs.push({ name: 'scheduled', data, opts: { ...CRAWL_JOB_OPTIONS, jobId: crawlJobId(data), priority: PRIORITY.scheduled } });
  }
  await queue.addBulk(jobs);
  return due.length;
}
