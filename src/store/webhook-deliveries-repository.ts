import { sql, type Kysely } from 'kysely';
import type { DeliveryResult } from '../domain/delivery-result.ts';
import type { Schema } from './schema.ts';

/** What became of a delivery attempt: sent, to be tried again by the queue, or given up. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

/** A webhook's latest delivery attempt, as `webhooks list` shows it. */
export interface LastDelivery {
  at: Date;
  outcome: DeliveryOutcome;
  /** HTTP status (SMTP reply code for e-mail); null when no answer came. */
  status: number | null;
  /** Why it failed, secrets redacted; null when delivered. */
  reason: string | null;
  /** Sent by `webhooks test` rather than for an alert. */
  test: boolean;
}

export function deliveryOutcome(result: DeliveryResult): DeliveryOutcome {
  return result.ok ? 'delivered' : result.retry ? 'retrying' : 'failed';
}

/**
 * Records one delivery of an alert event: the per-event ledger (so a retried job does not
 * send it twice) and the webhook's last delivery.
 */
export async function recordEventDelivery(
  db: Kysely<Schema>,
  delivery: { webhookId: number; eventId: number; result: DeliveryResult; at: Date },
): Promise<void> {
  const { webhookId, eventId, result, at } = delivery;
  await sql`
    insert into webhook_deliveries (webhook_id, event_id, state, attempts, last_status, last_error, updated_at)
    values (${webhookId}, ${eventId}, ${deliveryOutcome(result)}, 1, ${result.status}, ${result.ok ? null : result.reason}, ${at})
    on conflict (webhook_id, event_id) do update set
      state = excluded.state, attempts = webhook_deliveries.attempts + 1,
      last_status = excluded.last_status, last_error = excluded.last_error, updated_at = excluded.updated_at`.execute(db);
  await recordLastDelivery(db, webhookId, result, at, false);
}

/** Records a `webhooks test` delivery: the webhook's last delivery only, since no event was sent. */
export async function recordTestDelivery(db: Kysely<Schema>, webhookId: number, result: DeliveryResult, at: Date): Promise<void> {
  // A test is not retried by any queue: a failure is final.
  await recordLastDelivery(db, webhookId, result.ok ? result : { ...result, retry: false }, at, true);
}

/**
 * One row per webhook, overwritten: the store keeps how each receiver is doing, not a log
 * that grows with every attempt. An attempt that finishes after a later one started does
 * not overwrite it; a webhook removed meanwhile gets no row.
 */
async function recordLastDelivery(db: Kysely<Schema>, webhookId: number, result: DeliveryResult, at: Date, test: boolean): Promise<void> {
  await sql`
    insert into webhook_last_deliveries (webhook_id, at, outcome, status, reason, test)
    select id, ${at}::timestamptz, ${deliveryOutcome(result)}::text, ${result.status}::integer,
           ${result.ok ? null : result.reason}::text, ${test}::boolean
    from webhooks where id = ${webhookId}
    on conflict (webhook_id) do update set
      at = excluded.at, outcome = excluded.outcome, status = excluded.status, reason = excluded.reason, test = excluded.test
    where webhook_last_deliveries.at <= excluded.at`.execute(db);
}

/** Every webhook's last delivery, by webhook id; webhooks never delivered to are absent. */
export async function lastDeliveries(db: Kysely<Schema>): Promise<Map<number, LastDelivery>> {
  const rows = await db.selectFrom('webhook_last_deliveries').selectAll().execute();
  return new Map(
    rows.map((row) => [
      Number(row.webhook_id),
      { at: row.at, outcome: row.outcome as DeliveryOutcome, status: row.status, reason: row.reason, test: row.test },
    ]),
  );
}
