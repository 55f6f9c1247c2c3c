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
