import { sql, type Kysely } from 'kysely';
import type { PolitenessRule } from '../crawlers/host-politeness.ts';
import type { Schema } from '../store/schema.ts';
import { SLOT_TTL_MS, type GateAttempt, type HostGate } from './host-gate.ts';

/** Host slots as rows of the store, for installations without Redis. */
export class StoreHostGate implements HostGate {
  constructor(private readonly db: Kysely<Schema>) {}

  async tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt> {
    if (rule.minDelayMs > 0) {
      const spaced = await sql<{ host: string }>`
        insert into host_spacing (host, next_at) values (${host}, now() + ${`${rule.minDelayMs} milliseconds`}::interval)
        on conflict (host) do update set next_at = excluded.next_at where host_spacing.next_at <= now()
        returning host`.execute(this.db);
      if (spaced.rows.length === 0) {
        const wait = await sql<{ ms: number }>`
          select greatest(1, ceil(extract(epoch from (next_at - now())) * 1000))::int as ms from host_spacing where host = ${host}`.execute(this.db);
        return { ok: false, retryInMs: wait.rows[0]?.ms ?? rule.minDelayMs };
      }
    }
    // One statement: the first slot that is free, expired, or this holder's own (a retried job).
    const claimed = await sql<{ slot: number }>`
      insert into host_slots (host, slot, holder, expires_at)
      select ${host}, s, ${holder}, now() + ${`${SLOT_TTL_MS} milliseconds`}::interval
        from generate_series(0, ${rule.maxConcurrency - 1}::int) as s
       where not exists (
         select 1 from host_slots h
          where h.host = ${host} and h.slot = s and h.expires_at >= now() and h.holder <> ${holder})
       order by s
       limit 1
      on conflict (host, slot) do update set holder = excluded.holder, expires_at = excluded.expires_at
        where host_slots.expires_at < now() or host_slots.holder = excluded.holder
      returning slot`.execute(this.db);
    const slot = claimed.rows[0]?.slot;
    if (slot === undefined) return { ok: false, retryInMs: Math.max(250, rule.minDelayMs) };
    return {
      ok: true,
      release: async () =>
        void (await this.db.deleteFrom('host_slots').where('host', '=', host).where('slot', '=', slot).where('holder', '=', holder).execute()),
    };
  }
}
