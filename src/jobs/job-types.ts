/** The queues sleepwatch uses, and what their jobs carry. One place, so producers and workers agree. */

export const CRAWL_QUEUE = 'crawl';

/** Recrawls asked for by a person go ahead of scheduled work (BullMQ: 1 is the highest priority). */
export const PRIORITY = { recrawl: 1, scheduled: 10 } as const;

export interface CrawlJobData {
  accountId: number;
  /** Why the account is crawled now. */
  kind: 'scheduled' | 'recrawl';
  /** The due time that made this job (scheduled) or when it was asked for (recrawl), ISO 8601. */
  dueAt: string;
}

export interface CrawlJobResult {
  accountId: number;
  /** False when an earlier attempt of this job had already recorded the round. */
  recorded: boolean;
  status: string;
  outcome: string;
}

/** Deterministic ids: an account's round is queued once however many schedulers see it due. */
export function crawlJobId(data: CrawlJobData): string {
  return `${data.kind}-${data.accountId}-${Date.parse(data.dueAt)}`;
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
