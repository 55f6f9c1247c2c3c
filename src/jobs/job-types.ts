/** The queues sleepwatch uses, and what their jobs carry. One place, so producers and workers agree. */

export const CRAWL_QUEUE = 'crawl';

/** Recrawls asked for by a person go ahead of scheduled work (BullMQ: 1 is the highest priority). */
export const PRIORITY = { recrawl: 1, scheduled: 10 } as const;

/**
 * Accounts one scheduled job carries. BullMQ's own work for a job (its claim, its completion
 * and their events, a commit each) is shared by this many accounts: on the embedded database
 * it was the largest cost of a sweep at one account per job. A worker killed mid-job costs
 * only its unrecorded accounts a second look (recorded ones are skipped on retry).
 */
export const ACCOUNTS_PER_JOB = 10;

export interface CrawlJobData {
  /** The accounts to look at (at most ACCOUNTS_PER_JOB): one for a recrawl, a run of due ones for scheduled work. */
  accountIds: number[];
  /**
   * Each account's round, in the order of `accountIds`: the id of the job that first leased it
   * this round. An account queued again because its job was lost keeps its round, so it is
   * recorded once however many jobs carried it. Absent (recrawls): the job's own id.
   */
  roundKeys?: string[];
  /** Why the accounts are crawled now. */
  kind: 'scheduled' | 'recrawl';
  /** When the scheduler leased the accounts (scheduled) or the recrawl was asked for, ISO 8601. */
  dueAt: string;
}

export interface AccountCrawlResult {
  accountId: number;
  /** False when an earlier attempt of this job had already recorded the round. */
  recorded: boolean;
  status: string;
  outcome: string;
}

export interface CrawlJobResult {
  accounts: AccountCrawlResult[];
}

/**
 * Deterministic ids: a job is queued once however many times it is added. An account is leased
 * to one job per round, so its first account and the lease time name a job uniquely.
 */
export function crawlJobId(data: CrawlJobData): string {
  return `${data.kind}-${data.accountIds[0]}-${Date.parse(data.dueAt)}`;
}

export const NOTIFY_QUEUE = 'notify';

/** One alert event for one subscription: delivered once, retried with backoff until taken. */
export interface NotifyJobData {
  webhookId: number;
  eventId: number;
}

export interface NotifyJobResult {
  delivered: boolean;
  /** Why nothing was sent: the subscription was removed, or an earlier attempt already delivered it. */
  skipped?: 'removed' | 'already-delivered';
}

/** Deterministic: an event is queued for a subscription once however often the outbox is scanned. */
export function notifyJobId(data: NotifyJobData): string {
  return `notify-${data.webhookId}-${data.eventId}`;
}
