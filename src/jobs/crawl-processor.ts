import { DelayedError, type Job } from 'bullmq';
import PQueue from 'p-queue';
import { politenessRule, type PolitenessSettings } from '../crawlers/host-politeness.ts';
import type { GateAttempt, HostGate } from './host-gate.ts';
import type { PolicyBook } from '../activity/policies.ts';
import type { Observation, Precision } from '../domain/observation.ts';
import { judge } from '../activity/status.ts';
import { observeAccount, planObservation, type PageSource } from '../crawlers/observe-account.ts';
import { requirePlatform, validateOptions } from '../platforms/parse-page.ts';
import { logger } from '../logging/logger.ts';
import { isConnectionError } from './connection-errors.ts';
import type { StoreBatcher } from '../store/store-batcher.ts';
import type { AccountCrawlResult, CrawlJobData, CrawlJobResult } from './job-types.ts';
import { nextDueAt } from './next-due.ts';
import type { SleepwatchMetrics } from './metrics.ts';

export interface CrawlProcessorDeps {
  /** The store reads and writes of concurrent jobs, gathered into few statements. */
  batcher: StoreBatcher;
  pages: PageSource;
  hostGate: HostGate;
  politeness: PolitenessSettings;
  policies: PolicyBook;
  /** Accounts this worker fetches at once, across its jobs; recrawls go first. */
  accountsAtOnce: number;
  /**
   * Aborted when the worker stops: accounts not yet fetching are put back with their job, for
   * another worker (or this one's next start), and only the fetches under way are finished.
   */
  stopping?: AbortSignal;
  clock?: () => Date;
  /** Where finished looks are counted. */
  metrics?: Pick<SleepwatchMetrics, 'crawled'>;
}

/** A job whose store was out of reach tries again this soon: an outage is typically a restart. */
export const CONNECTION_RETRY_MS = 5_000;

/** An account looked at, or one whose host had no room for it yet. */
type AccountOutcome = AccountCrawlResult | { accountId: number; retryInMs: number };

/**
 * What a crawl worker does with one job: look at each of its accounts (concurrently; at most
 * `accountsAtOnce` fetching at a time across the worker's jobs, recrawls first), judge them,
 * and record each observation under its round (the job's id, or the round an account queued
 * again kept). Alerts, follower anomalies among them, are the alert evaluation's, from what
 * was recorded. A job retried after its worker died skips the accounts whose round it already
 * recorded, so an account is observed once per round; a scheduled job also skips an account
 * whose lease has passed to another job (its own was thought lost). Accounts whose host is
 * busy elsewhere are left for later: the job is put back with a delay once the others are
 * recorded, without using up an attempt; so is a job that lost its connection to the store.
 */
export function crawlProcessor(deps: CrawlProcessorDeps) {
  const slots = new PQueue({ concurrency: deps.accountsAtOnce });
  return async (job: Job<CrawlJobData, CrawlJobResult>, token?: string): Promise<CrawlJobResult> => {
    const jobRound = job.id ?? `${job.name}-${job.data.dueAt}`;
    const round = (i: number): Round => ({
      key: job.data.roundKeys?.[i] ?? jobRound,
      leaseHolder: job.data.kind === 'scheduled' ? jobRound : null,
    });
    const priority = job.data.kind === 'recrawl' ? 1 : 0;
    const fetchInSlot: FetchInSlot = (fetch) =>
      slots.add(async () => (deps.stopping?.aborted ? PUT_BACK : fetch()), { priority, throwOnTimeout: true });
    // Every account is seen to the end before the job fails: a failure does not leave the others running unwatched.
    const settled = await Promise.allSettled(job.data.accountIds.map((accountId, i) => lookAt(deps, accountId, round(i), fetchInSlot)));
    // Our own store or queue out of reach is no fault of the job's: it waits for them without
    // using up an attempt (nor a retry's backoff), and what was recorded is skipped then.
    if (settled.some((s) => s.status === 'rejected' && isConnectionError(s.reason))) {
      await job.moveToDelayed(Date.now() + CONNECTION_RETRY_MS, token);
      throw new DelayedError();
    }
    // Retried as a whole: what was recorded is skipped then.
    const outcomes = settled.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    const looked = outcomes.filter((o): o is AccountCrawlResult => !('retryInMs' in o));
    if (looked.length < outcomes.length) {
      const waits = outcomes.flatMap((o) => ('retryInMs' in o ? [o.retryInMs] : []));
      await job.moveToDelayed(Date.now() + Math.min(...waits), token);
      throw new DelayedError();
    }
    return { accounts: looked };
  };
}

/** The round an account is looked at for, and the job that should hold its lease (none for a recrawl). */
interface Round {
  key: string;
  leaseHolder: string | null;
}

/** A host that had no room for the account yet. */
type RefusedTurn = Extract<GateAttempt, { ok: false }>;

/** What an account's turn gives when the worker is stopping: its job goes back at once. */
const PUT_BACK: RefusedTurn = { ok: false, retryInMs: 0 };

/** Runs an account's fetch in one of the worker's slots, in its job's turn (unless the worker is stopping). */
type FetchInSlot = (fetch: () => Promise<Observation | RefusedTurn>) => Promise<Observation | RefusedTurn>;

/**
 * One account of a job. Only its host's turn and its fetch hold a slot: the store's read
 * before and write after wait for batches of other accounts, and a slot held through them
 * would leave the worker's fetches idle for that long.
 */
async function lookAt(deps: CrawlProcessorDeps, accountId: number, round: Round, fetchInSlot: FetchInSlot): Promise<AccountOutcome> {
  const { batcher, pages, hostGate, politeness, policies, clock = () => new Date() } = deps;
  const roundKey = round.key;
  const account = await batcher.accountForRound(accountId, roundKey);
  if (!account) return { accountId, recorded: false, status: 'removed', outcome: 'skipped' };
  if (account.done_status) return { accountId, recorded: false, status: account.done_status, outcome: account.done_outcome ?? 'ok' };
  // Queued again elsewhere while this job was thought lost (it reached the queue late, or the
  // queue lost it while it ran): the job that holds the lease looks at the account.
  if (round.leaseHolder && account.lease_job !== null && account.lease_job !== round.leaseHolder) {
    return { accountId, recorded: false, status: 'requeued', outcome: 'skipped' };
  }

  const adapter = requirePlatform(account.platform);
  const target = {
    platform: account.platform,
    url: account.url,
    timeZone: account.time_zone,
    options: validateOptions(adapter, account.options),
    access: account.access,
  };
  const plan = planObservation(target, adapter);
  // The host's turn is given back as the fetch ends, but waited for outside the slot: the
  // store's gate sends a release with its next statement, and may hand the turn straight to
  // the account that takes this slot.
  let released: Promise<void> = Promise.resolve();
  let observation: Observation | RefusedTurn;
  let fetchMs = 0;
  try {
    observation = await fetchInSlot(async () => {
      // Per account: two accounts of one job on the same host need a turn each.
      const turn = await hostGate.tryAcquire(plan.host, politenessRule(politeness, plan.host), `${roundKey}/${accountId}`);
      if (!turn.ok) return turn;
      const started = performance.now();
      try {
        return await observeAccount(plan, pages, clock);
      } finally {
        fetchMs = Math.round(performance.now() - started);
        released = turn.release();
      }
    });
  } finally {
    await released;
  }
  if ('retryInMs' in observation) return { accountId, retryInMs: observation.retryInMs };

  const now = clock();
  const judgement = judge(
    observation,
    now,
    policies.forAccount({ policy: account.policy, group: account.group_name }),
    {
      earlierPosts: account.earlier_posts.map((p) => ({ at: p.at, precision: p.precision as Precision, repost: p.repost })),
      lastPostAt: account.state_last_post_at?.toISOString() ?? null,
      lastPostPrecision: account.state_last_post_precision as Precision | null,
      consecutiveFailures: account.consecutive_failures,
      consecutiveNotFound: account.consecutive_not_found,
    },
    account.time_zone,
  );
  const { recorded } = await batcher.recordObservation({
    accountId,
    roundKey,
    observation,
    judgement,
    nextDueAt: nextDueAt(now, account.interval_seconds),
  });
  // Counted once recorded: a job retried after this point skips the account (its round is
  // recorded), and one retried before it looks again, which is then a look of its own.
  deps.metrics?.crawled(account.platform, observation.outcome, fetchMs);
  logger().info(
    {
      event: 'crawl',
      job: roundKey,
      accountId,
      account: account.name,
      platform: account.platform,
      host: plan.host,
      outcome: observation.outcome,
      status: judgement.status,
      recorded,
      durationMs: fetchMs,
    },
    `crawled account ${accountId}: ${observation.outcome}, ${judgement.status}`,
  );
  return { accountId, recorded, status: judgement.status, outcome: observation.outcome };
}
