import DataLoader from 'dataloader';
import { sql, type Kysely } from 'kysely';
import type { PolitenessRule } from '../crawlers/host-politeness.ts';
import type { Schema } from '../store/schema.ts';
import { SLOT_TTL_MS, type GateAttempt, type HostGate } from './host-gate.ts';

interface Claim {
  host: string;
  rule: PolitenessRule;
  holder: string;
}

interface Held {
  host: string;
  slot: number;
  holder: string;
}

type ClaimAnswer = { slot: number } | { retryInMs: number };

/**
 * Host slots as rows of the store, for installations without Redis.
 *
 * A worker's jobs start together (their accounts are read in one batch) and end together
 * (their observations are written in one batch), so the claims made in one turn of the event
 * loop go to the store as one statement, and so do the releases: no waiting is added, and a
 * sweep costs the database a few statements per batch instead of two per account.
 */
export class StoreHostGate implements HostGate {
  private readonly claims: DataLoader<Claim, ClaimAnswer>;
  private readonly releases: DataLoader<Held, void>;

  constructor(db: Kysely<Schema>) {
    this.claims = new DataLoader((batch) => claimSlots(db, batch), { cache: false });
    this.releases = new DataLoader((batch) => releaseSlots(db, batch), { cache: false });
  }

  async tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt> {
    const answer = await this.claims.load({ host, rule, holder });
    if ('retryInMs' in answer) return { ok: false, retryInMs: answer.retryInMs };
    return { ok: true, release: () => this.releases.load({ host, slot: answer.slot, holder }) };
  }
}

/**
 * Claims slots for many holders in one statement. Per host, in the order asked:
 * - spacing first: a host with a minimum delay between starts lets one claim through per
 *   window, and the others learn how long the window has left;
 * - a holder that already has a slot of the host takes it back (a job retried after its
 *   worker died), the others get the lowest slots that are free or expired, one each.
 * A slot another process took since this statement's snapshot is not overwritten: that claim
 * is refused and tried again later, like one that found every slot busy.
 */
async function claimSlots(db: Kysely<Schema>, batch: readonly Claim[]): Promise<ClaimAnswer[]> {
  const input = JSON.stringify(
    batch.map(({ host, rule, holder }, i) => ({ i, host, holder, max_slots: rule.maxConcurrency, delay_ms: rule.minDelayMs })),
  );
  const { rows } = await sql<{ host: string; holder: string; slot: number | null; wait_ms: number | null }>`/* prepared */
    with req as (
      -- The same holder asking twice for a host gets one answer: its slot.
      select distinct on (host, holder) *
        from jsonb_to_recordset(${input}::jsonb) as r(i int, host text, holder text, max_slots int, delay_ms int)
       order by host, holder, i
    ), hosts as (
      select host, max(max_slots) as max_slots, max(delay_ms) as delay_ms from req group by host
    ), spaced as (
      insert into host_spacing (host, next_at)
      select host, now() + make_interval(secs => delay_ms / 1000.0) from hosts where delay_ms > 0
      on conflict (host) do update set next_at = excluded.next_at where host_spacing.next_at <= now()
      returning host
    ), eligible as (
      select q.* from (select r.*, row_number() over (partition by r.host order by r.i) as nth from req r) q
        join hosts h on h.host = q.host
       where h.delay_ms = 0 or (q.nth = 1 and exists (select 1 from spaced s where s.host = q.host))
    ), own as (
      select distinct on (e.i) e.i, e.host, e.holder, s.slot
        from eligible e join host_slots s on s.host = e.host and s.holder = e.holder and s.slot < e.max_slots
       order by e.i, s.slot
    ), newcomers as (
      select e.*, row_number() over (partition by e.host order by e.i) as k
        from eligible e where not exists (select 1 from own o where o.i = e.i)
    ), free as (
      select h.host, g.slot, row_number() over (partition by h.host order by g.slot) as k
        from hosts h cross join lateral generate_series(0, h.max_slots - 1) as g(slot)
       where not exists (select 1 from host_slots s where s.host = h.host and s.slot = g.slot and s.expires_at >= now())
         and not exists (select 1 from own o where o.host = h.host and o.slot = g.slot)
    ), claimed as (
      insert into host_slots (host, slot, holder, expires_at)
      select host, slot, holder, now() + ${`${SLOT_TTL_MS} milliseconds`}::interval from (
        select host, slot, holder from own
        union all
        select n.host, f.slot, n.holder from newcomers n join free f on f.host = n.host and f.k = n.k) wanted
      on conflict (host, slot) do update set holder = excluded.holder, expires_at = excluded.expires_at
        where host_slots.expires_at < now() or host_slots.holder = excluded.holder
      returning host, slot, holder
    )
    select r.host, r.holder, c.slot,
           case when r.delay_ms > 0 and not exists (select 1 from spaced s where s.host = r.host) then
             greatest(1, ceil(extract(epoch from ((select next_at from host_spacing x where x.host = r.host) - now())) * 1000))::int
           end as wait_ms
      from req r left join claimed c on c.host = r.host and c.holder = r.holder`.execute(db);
  const answers = new Map(rows.map((r) => [`${r.host}\n${r.holder}`, r]));
  return batch.map(({ host, rule, holder }) => {
    const row = answers.get(`${host}\n${holder}`);
    if (row?.slot != null) return { slot: row.slot };
    // Spacing: wait for its window; all slots busy: look again after a fraction of a typical fetch.
    return { retryInMs: row?.wait_ms ?? Math.max(250, rule.minDelayMs) };
  });
}

/** Frees slots only where their holders still have them (an expired slot may belong to someone else now). */
async function releaseSlots(db: Kysely<Schema>, batch: readonly Held[]): Promise<void[]> {
  await sql`/* prepared */
    delete from host_slots s using jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r(host text, slot int, holder text)
     where s.host = r.host and s.slot = r.slot and s.holder = r.holder`.execute(db);
  return batch.map(() => undefined);
}
