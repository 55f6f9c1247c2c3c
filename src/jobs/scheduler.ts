import { sql } from 'kysely';
import type { Store } from '../store/database.ts';
import type { CrawlQueue } from './job-queues.ts';
import { crawlJobId, PRIORITY, type CrawlJobData } from './job-types.ts';

export interface TickOptions {
  now: Date;
  /** Accounts enqueued per tick at most. @defaultValue 1000 */
  batchSize: number;
}

/** Any fixed number: the advisory lock that lets one scheduler tick at a time, across processes. */
const TICK_LOCK = 0x5133_7a11;

/** Crawl jobs keep a short trail for inspection; the observation history is the real record. */
export const CRAWL_JOB_OPTIONS = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
} as const;

/**
 * One scheduling step: finds accounts whose due time has come (an index on `next_due_at`
 * answers it), leases them until their interval has passed again, and enqueues one job each
 * with a deterministic id, so an account is never queued twice for one due time. The
 * queue therefore holds in-flight work only, not an entry per registered account.
 *
 * The lease is written and committed before the jobs are added: on the embedded database
 * the queue shares PGlite, which serialises other connections while a transaction is open.
 */
export async function enqueueDueAccounts(store: Store, queue: CrawlQueue, opts: TickOptions): Promise<number> {
  const due = await store.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${TICK_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return [];
    const accounts = await trx
      .selectFrom('account_state')
      .innerJoin('accounts', 'accounts.id', 'account_state.account_id')
      .select(['account_state.account_id', 'account_state.next_due_at', 'accounts.interval_seconds'])
      .where('accounts.enabled', '=', true)
      .where('account_state.next_due_at', '<=', opts.now)
      .orderBy('account_state.next_due_at')
      .limit(opts.batchSize)
      .execute();
    for (const account of accounts) {
      // Leased for one interval: the worker sets the real next due time when it has looked.
      await trx
        .updateTable('account_state')
        .set({ next_due_at: new Date(opts.now.getTime() + account.interval_seconds * 1000) })
        .where('account_id', '=', account.account_id)
        .execute();
    }
    return accounts;
  });
  if (due.length === 0) return 0;
  await queue.addBulk(
    due.map((account) => {
      const data: CrawlJobData = { accountId: account.account_id, kind: 'scheduled', dueAt: account.next_due_at.toISOString() };
      return { name: 'scheduled', data, opts: { ...CRAWL_JOB_OPTIONS, jobId: crawlJobId(data), priority: PRIORITY.scheduled } };
    }),
  );
  return due.length;
}
