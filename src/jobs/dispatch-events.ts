import type { Kysely } from 'kysely';
import type { NotifyQueue } from './job-queues.ts';
import { notifyJobId, type NotifyJobData } from './job-types.ts';
import { eventsByIds } from '../store/alerts-repository.ts';
import type { Schema } from '../store/schema.ts';
import { listWebhooks } from '../store/subscriptions-repository.ts';
import { matchesFilter } from '../alerts/feeds/feed-filter.ts';

/**
 * Deliveries are retried with exponential backoff for about a day (30 s × 2^(n−1), 12 attempts).
 * Completed deliveries stay as long as the backend keeps completed jobs (`KEEP_COMPLETED`).
 */
export const NOTIFY_JOB_OPTIONS = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 30_000 },
  removeOnFail: { count: 5000 },
} as const;

/**
 * Hands recorded alert events to the delivery queue: one job per event and matching
 * subscription, with a deterministic id, then marks the events dispatched. Events are the
 * outbox: if a process dies between recording and queuing, the next call picks them up, and
 * queuing twice is harmless because the job id is the same.
 */
export async function dispatchEvents(db: Kysely<Schema>, queue: NotifyQueue, batch = 500): Promise<number> {
  const pending = await db.selectFrom('alert_events').select('id').where('dispatched', '=', false).orderBy('id').limit(batch).execute();
  if (pending.length === 0) return 0;
  const ids = pending.map((r) => Number(r.id));
  const [hooks, events] = await Promise.all([listWebhooks(db), eventsByIds(db, ids)]);
  const jobs: NotifyJobData[] = [];
  for (const event of events) {
    for (const hook of hooks) if (matchesFilter(event, hook.filter)) jobs.push({ webhookId: hook.id, eventId: event.id });
  }
  if (jobs.length)
    await queue.addBulk(jobs.map((data) => ({ name: 'deliver', data, opts: { ...NOTIFY_JOB_OPTIONS, jobId: notifyJobId(data) } })));
  await db.updateTable('alert_events').set({ dispatched: true }).where('id', 'in', ids).execute();
  return jobs.length;
}
