import DataLoader from 'dataloader';
import type { Store } from './database.ts';
import { accountsForRounds, type AccountForRound } from './accounts-repository.ts';
import { recordObservations, type ObservationRecord } from './observations-repository.ts';

/**
 * How long a worker gathers its jobs' reads and writes before sending them as one statement.
 * Fifty jobs in flight finish a few milliseconds apart: a short window turns many small
 * statements (and commits) into a few larger ones, for far less CPU on both sides, at the
 * cost of this much latency per job (twice 25 ms, against crawls hours apart).
 */
const GATHER_MS = 25;
const MAX_BATCH = 200;

/**
 * The store statements of a crawl worker, batched across its concurrent jobs: the read that
 * starts a job and the write that ends it. Each job still gets its own answer, and a job whose
 * batch fails gets the error.
 */
export class StoreBatcher {
  private readonly reads: DataLoader<{ accountId: number; roundKey: string }, AccountForRound | undefined>;
  private readonly writes: DataLoader<ObservationRecord, { recorded: boolean }>;

  constructor(store: Store) {
    const batchScheduleFn = (run: () => void) => setTimeout(run, GATHER_MS);
    this.reads = new DataLoader((keys) => accountsForRounds(store.db, keys), { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn });
    this.writes = new DataLoader((records) => recordInGroups(store, records), { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn });
  }

  accountForRound(accountId: number, roundKey: string): Promise<AccountForRound | undefined> {
    return this.reads.load({ accountId, roundKey });
  }

  recordObservation(record: ObservationRecord): Promise<{ recorded: boolean }> {
    return this.writes.load(record);
  }
}

/** One statement writes an account once: a second round of the same account (a recrawl) goes in the next. */
async function recordInGroups(store: Store, records: readonly ObservationRecord[]): Promise<Array<{ recorded: boolean }>> {
  const results = new Array<{ recorded: boolean }>(records.length);
  let pending = records.map((record, i) => ({ record, i }));
  while (pending.length) {
    const seen = new Set<number>();
    const group = pending.filter(({ record }) => !seen.has(record.accountId) && seen.add(record.accountId));
    pending = pending.filter((p) => !group.includes(p));
    const written = await recordObservations(
      store.db,
      group.map((g) => g.record),
    );
    group.forEach((g, k) => (results[g.i] = written[k]!));
  }
  return results;
}
