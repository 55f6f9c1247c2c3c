import { sql } from 'kysely';
import type { Store } from '../store/database.ts';
import type { CrawlQueue } from './job-queues.ts';

/**
 * The states of a job that will still look at its accounts: waiting its turn, delayed (its
 * host was busy, or a failed attempt waits out its backoff) or running (which includes a job
 * whose worker died, until BullMQ notices the lock it no longer renews).
 */
const ALIVE = new Set(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children']);

/** Jobs asked about per tick at most; more wait for the next tick. */
const MAX_JOBS_CHECKED = 500;

/**
 * Sorts out the leases that ended with no observation recorded, by asking the queue about the
 * job that holds each. A job still alive keeps its accounts for another lease: a job that is
 * merely slow (behind a busy host, in a retry's backoff, in a long fetch) is never queued
 * twice. The others are lost — failed, finished without recording them, or gone with the
 * queue's data — and their ids are returned: their accounts are due again.
 */
export async function sortExpiredLeases(store: Store, queue: CrawlQueue, now: Date, leaseMs: number): Promise<string[]> {
  const { rows } = await sql<{ lease_job: string }>`
    select distinct s.lease_job
      from account_state s join accounts a on a.id = s.account_id
     where s.lease_job is not null and s.next_due_at <= ${now} and a.enabled
     limit ${MAX_JOBS_CHECKED}`.execute(store.db);
  if (rows.length === 0) return [];
  const jobs = rows.map((r) => r.lease_job);
  const states = await Promise.all(jobs.map((id) => queue.getJobState(id)));
  const alive = jobs.filter((_, i) => ALIVE.has(states[i]!));
  if (alive.length > 0) {
    // Only leases still ended: an account recorded meanwhile has its next due time already.
    await sql`
      update account_state set next_due_at = ${new Date(now.getTime() + leaseMs)}
       where lease_job = any(${alive}::text[]) and next_due_at <= ${now}`.execute(store.db);
  }
  return jobs.filter((_, i) => !ALIVE.has(states[i]!));
}
