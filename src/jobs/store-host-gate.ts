import { sql, type Kysely } from 'kysely';
import type { PolitenessRule } from '../crawlers/host-politeness.ts';
import type { Schema } from '../store/schema.ts';
import { SLOT_TTL_MS, type GateAttempt, type HostGate } from './host-gate.ts';

/** Host slots as rows of the store, for installations without Redis. Each claim is one statement. */
export class StoreHostGate implements HostGate {
  constructor(private readonly db: Kysely<Schema>) {}

  async tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt> {
    for (let slot = 0; slot < rule.maxConcurrency; slot++) {
      // Claims a free slot, one whose holder died (expired), or this holder's own (a retried job), atomically.
      const claimed = await sql<{ slot: number }>`
        insert into host_slots (host, slot, holder, expires_at)
        values (${host}, ${slot}, ${holder}, now() + ${`${SLOT_TTL_MS} milliseconds`}::interval)
        on conflict (host, slot) do update set holder = excluded.holder, expires_at = excluded.expires_at
          where host_slots.expires_at < now() or host_slots.holder = excluded.holder
        returning slot`.execute(this.db);
      if (claimed.rows.length === 0) continue;
      const release = async () =>
        void (await this.db.deleteFrom('host_slots').where('host', '=', host).where('slot', '=', slot).where('holder', '=', holder).execute());
      if (rule.minDelayMs > 0) {
        const spaced = await sql<{ host: string }>`
          insert into host_spacing (host, next_at) values (${host}, now() + ${`${rule.minDelayMs} milliseconds`}::interval)
          on conflict (host) do update set next_at = excluded.next_at where host_spacing.next_at <= now()
          returning host`.execute(this.db);
        if (spaced.rows.length === 0) {
          await release();
          const wait = await sql<{ ms: number }>`
            select greatest(1, ceil(extract(epoch from (next_at - now())) * 1000))::int as ms from host_spacing where host = ${host}`.execute(this.db);
          return { ok: false, retryInMs: wait.rows[0]?.ms ?? rule.minDelayMs };
        }
      }
      return { ok: true, release };
    }
    return { ok: false, retryInMs: Math.max(250, rule.minDelayMs) };
  }
}
