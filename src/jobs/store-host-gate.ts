import DataLoader from 'dataloader';
import { sql, type Kysely } from 'kysely';
import type { PolitenessRule } from '../domain/politeness.ts';
import { prepared } from '../store/embedded/index.ts';
import type { Schema } from '../store/schema.ts';
import { SLOT_TTL_MS, type GateAttempt, type HostGate } from './host-gate.ts';

interface Claim {
  host: string;
  rule: PolitenessRule;
  holder: string;
}

type ClaimAnswer = { slot: number } | { retryInMs: number };

/**
 * A slot of this process whose holder changed since the store last heard of it: given back
 * (`holder` null), or handed to another of the process's accounts.
 */
interface SlotChange {
  host: string;
  slot: number;
  /** Who the store says holds it. */
  stored: string;
  holder: string | null;
  /** Releases waiting until the store knows. */
  waiting: Array<(err?: Error) => void>;
}

/**
 * How long a slot's change waits for a statement of this process to travel with before it is
 * sent on its own. While the worker is busy, claims come within milliseconds; when it goes
 * quiet, other processes see the slot busy this much longer.
 */
const CHANGE_WINDOW_MS = 20;

/**
 * Host slots as rows of the store, for installations without Redis.
 *
 * Every statement costs the database a commit, which on the embedded store is most of a small
 * statement's price, so the gate sends few. The claims made in one turn of the event loop go
 * as one statement. A slot one account gives back goes straight to the next account of this
 * process that wants the host (when the host asks for no spacing between starts, which every
 * start must then claim from the store): the slot stays as busy as it was, so the store only
 * needs to learn its new holder, and learns it with the next statement, or after a short
 * window. Under load a sweep so costs a statement per batch of accounts, not two per account.
 */
export class StoreHostGate implements HostGate {
  private readonly claims: DataLoader<Claim, ClaimAnswer>;
  private changes = new Map<string, SlotChange>();
  private changeTimer?: NodeJS.Timeout;
  /** The statement in flight: one at a time, so the store hears of a slot's changes in order. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Kysely<Schema>) {
    this.claims = new DataLoader((batch) => this.write(batch), { cache: false });
  }

  async tryAcquire(host: string, rule: PolitenessRule, holder: string): Promise<GateAttempt> {
    const handed = rule.minDelayMs === 0 ? this.handOver(host, rule, holder) : undefined;
    if (handed !== undefined) return { ok: true, release: () => this.release(host, handed, holder) };
    const answer = await this.claims.load({ host, rule, holder });
    if ('retryInMs' in answer) return { ok: false, retryInMs: answer.retryInMs };
    return { ok: true, release: () => this.release(host, answer.slot, holder) };
  }

  /** A slot of `host` this process gave back and the store has not yet heard of: now `holder`'s. */
  private handOver(host: string, rule: PolitenessRule, holder: string): number | undefined {
    for (const change of this.changes.values()) {
      if (change.host !== host || change.holder !== null || change.slot >= rule.maxConcurrency) continue;
      change.holder = holder;
      return change.slot;
    }
    return undefined;
  }

  /** Resolves once the store knows the slot is no longer `holder`'s. */
  private release(host: string, slot: number, holder: string): Promise<void> {
    const key = `${host}\n${slot}`;
    const change = this.changes.get(key) ?? { host, slot, stored: holder, holder, waiting: [] };
    if (change.holder !== holder) return Promise.resolve();
    change.holder = null;
    this.changes.set(key, change);
    this.changeTimer ??= setTimeout(() => void this.write([]).catch(() => undefined), CHANGE_WINDOW_MS);
    return new Promise((resolve, reject) => change.waiting.push((err) => (err === undefined ? resolve() : reject(err))));
  }

  /** One statement: the slots' changes so far, then `claims`. */
  private write(claims: readonly Claim[]): Promise<ClaimAnswer[]> {
    const run = this.writing.then(async () => {
      clearTimeout(this.changeTimer);
      this.changeTimer = undefined;
      const changes = [...this.changes.values()];
      this.changes = new Map();
      // The window's timer found its changes already sent with a claim.
      if (changes.length === 0 && claims.length === 0) return [];
      try {
        const answers = await changeAndClaim(this.db, changes, claims);
        for (const c of changes) for (const settle of c.waiting) settle();
        return answers;
      } catch (err) {
        for (const c of changes) for (const settle of c.waiting) settle(err instanceof Error ? err : new Error(String(err)));
        throw err;
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}

/**
 * Writes the slots' changes and claims slots for many holders, in one statement. A slot given
 * back counts as free for the claims (it is handed over, not deleted and inserted again); the
 * others are deleted. A change is written only where the store's holder is still the one this
 * process knew: an expired slot may belong to someone else now. Per host, in the order asked:
 * - spacing first: a host with a minimum delay between starts lets one claim through per
 *   window, and the others learn how long the window has left;
 * - a holder that already has a slot of the host takes it back (a job retried after its
 *   worker died), the others get the lowest slots that are free or expired, one each.
 * A slot another process took since this statement's snapshot is not overwritten: that claim
 * is refused and tried again later, like one that found every slot busy.
 */
async function changeAndClaim(db: Kysely<Schema>, changes: readonly SlotChange[], batch: readonly Claim[]): Promise<ClaimAnswer[]> {
  const input = JSON.stringify(
    batch.map(({ host, rule, holder }, i) => ({ i, host, holder, max_slots: rule.maxConcurrency, delay_ms: rule.minDelayMs })),
  );
  const changed = JSON.stringify(changes.map(({ host, slot, stored, holder }) => ({ host, slot, stored, holder })));
  const { rows } = await prepared(sql<{ host: string; holder: string; slot: number | null; wait_ms: number | null }>`
    with changed as (
      select * from jsonb_to_recordset(${changed}::jsonb)
        as r(host text, slot int, stored text, holder text)
    ), released as (
      select host, slot, stored as holder from changed where holder is null
    ), moved as (
      update host_slots s set holder = c.holder, expires_at = now() + ${`${SLOT_TTL_MS} milliseconds`}::interval
        from changed c where c.holder is not null and s.host = c.host and s.slot = c.slot and s.holder = c.stored
    ), req as (
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
       -- A slot handed over in this process is being written above: one statement may not change a row twice.
       where not exists (select 1 from changed c where c.host = s.host and c.slot = s.slot and c.holder is not null)
       order by e.i, s.slot
    ), newcomers as (
      select e.*, row_number() over (partition by e.host order by e.i) as k
        from eligible e where not exists (select 1 from own o where o.i = e.i)
    ), free as (
      select h.host, g.slot, row_number() over (partition by h.host order by g.slot) as k
        from hosts h cross join lateral generate_series(0, h.max_slots - 1) as g(slot)
       where not exists (select 1 from host_slots s where s.host = h.host and s.slot = g.slot and s.expires_at >= now()
                           and not exists (select 1 from released x where x.host = s.host and x.slot = s.slot and x.holder = s.holder))
         and not exists (select 1 from own o where o.host = h.host and o.slot = g.slot)
         and not exists (select 1 from changed c where c.host = h.host and c.slot = g.slot and c.holder is not null)
    ), wanted as (
      select host, slot, holder from own
      union all
      select n.host, f.slot, n.holder from newcomers n join free f on f.host = n.host and f.k = n.k
    ), claimed as (
      insert into host_slots (host, slot, holder, expires_at)
      select host, slot, holder, now() + ${`${SLOT_TTL_MS} milliseconds`}::interval from wanted
      on conflict (host, slot) do update set holder = excluded.holder, expires_at = excluded.expires_at
        where host_slots.expires_at < now() or host_slots.holder = excluded.holder
           or exists (select 1 from released x where x.host = host_slots.host and x.slot = host_slots.slot and x.holder = host_slots.holder)
      returning host, slot, holder
    ), freed as (
      -- Disjoint from the rows claimed above: one statement may not change a row twice.
      delete from host_slots s using released x
       where s.host = x.host and s.slot = x.slot and s.holder = x.holder
         and not exists (select 1 from wanted w where w.host = x.host and w.slot = x.slot)
    )
    select r.host, r.holder, c.slot,
           case when r.delay_ms > 0 and not exists (select 1 from spaced s where s.host = r.host) then
             greatest(1, ceil(extract(epoch from ((select next_at from host_spacing x where x.host = r.host) - now())) * 1000))::int
           end as wait_ms
      from req r left join claimed c on c.host = r.host and c.holder = r.holder`).execute(db);
  const answers = new Map(rows.map((r) => [`${r.host}\n${r.holder}`, r]));
  return batch.map(({ host, rule, holder }) => {
    const row = answers.get(`${host}\n${holder}`);
    if (row?.slot != null) return { slot: row.slot };
    // Spacing: wait for its window; all slots busy: look again after a fraction of a typical fetch.
    return { retryInMs: row?.wait_ms ?? Math.max(250, rule.minDelayMs) };
  });
}
