import { DelayedError, type Job } from 'bullmq';
import { politenessRule, type PolitenessSettings } from '../crawlers/host-politeness.ts';
import type { HostGate } from './host-gate.ts';
import type { PolicyBook } from '../activity/policies.ts';
import { checkFollowers, FOLLOWER_CHANGE_WORTH_A_LOOK } from '../alerts/follower-alerts.ts';
import type { Precision } from '../observation.ts';
import { judge } from '../activity/status.ts';
import { observeAccount, type PageSource } from '../crawlers/observe-account.ts';
import { requirePlatform, validateOptions } from '../platforms/parse-page.ts';
import type { Store } from '../store/database.ts';
import type { StoreBatcher } from './store-batcher.ts';
import type { CrawlJobData, CrawlJobResult } from './job-types.ts';
import { nextDueAt } from './next-due.ts';

export interface CrawlProcessorDeps {
  store: Store;
  /** The store reads and writes of concurrent jobs, gathered into few statements. */
  batcher: StoreBatcher;
  pages: PageSource;
  hostGate: HostGate;
  politeness: PolitenessSettings;
  policies: PolicyBook;
  clock?: () => Date;
}

/**
 * What a crawl worker does with one job: observe the account, judge it, and record the
 * observation under the job's id. A job retried after its worker died checks first whether
 * its round was already recorded, so an account is observed once per round.
 */
export function crawlProcessor({ store, batcher, pages, hostGate, politeness, policies, clock = () => new Date() }: CrawlProcessorDeps) {
  return async (job: Job<CrawlJobData, CrawlJobResult>, token?: string): Promise<CrawlJobResult> => {
    const { accountId } = job.data;
    const roundKey = job.id ?? `${job.name}-${job.data.dueAt}`;
    const account = await batcher.accountForRound(accountId, roundKey);
    if (!account) return { accountId, recorded: false, status: 'removed', outcome: 'skipped' };
    if (account.done_status) return { accountId, recorded: false, status: account.done_status, outcome: account.done_outcome ?? 'ok' };

    const adapter = requirePlatform(account.platform);
    const target = { platform: account.platform, url: account.url, timeZone: account.time_zone, options: validateOptions(adapter, account.options) };
    const host = new URL(adapter.firstRequest(target.url, target.options).url).host;
    const slot = await hostGate.tryAcquire(host, politenessRule(politeness, host), roundKey);
    if (!slot.ok) {
      // The host is busy elsewhere: wait without using up an attempt, and free this worker slot.
      await job.moveToDelayed(Date.now() + slot.retryInMs, token);
      throw new DelayedError();
    }
    try {
      const observation = await observeAccount(target, pages, clock);
      const now = clock();
      const judgement = judge(observation, now, policies.forAccount({ policy: account.policy, group: account.group_name }), {
        earlierPosts: account.earlier_posts.map((p) => ({ at: p.at, precision: p.precision as Precision, repost: p.repost })),
        lastPostAt: account.state_last_post_at?.toISOString() ?? null,
        lastPostPrecision: account.state_last_post_precision as Precision | null,
        consecutiveFailures: account.consecutive_failures,
        consecutiveNotFound: account.consecutive_not_found,
      });
      const { recorded } = await batcher.recordObservation({
        accountId,
        roundKey,
        observation,
        judgement,
        nextDueAt: nextDueAt(now, account.interval_seconds),
      });
      const before = account.state_followers;
      if (recorded && observation.followers !== null && before !== null && Math.abs(observation.followers - before) >= FOLLOWER_CHANGE_WORTH_A_LOOK) {
        await checkFollowers(store.db, { id: accountId, platform: account.platform }, now);
      }
      return { accountId, recorded, status: judgement.status, outcome: observation.outcome };
    } finally {
      await slot.release();
    }
  };
}
