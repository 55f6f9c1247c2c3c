import type { RequestOptions } from '@crawlee/core';

/** What the feeder needs of a Crawlee crawler. */
export interface FeedableCrawler {
  addRequests(requests: RequestOptions[]): Promise<unknown>;
  autoscaledPool?: { notify(): Promise<void> };
}

/**
 * Feeds a long-lived crawler in batches. Crawlee validates and enqueues each
 * `addRequests` call as a unit, which costs as much for one request as for hundreds, so
 * requests made in the same tick are added together.
 */
export class RequestFeeder {
  private batch: Array<{ request: RequestOptions; failed: (err: unknown) => void }> = [];
  private scheduled = false;

  /** `crawler` is a getter because the feeder is built before the crawler it feeds. */
  constructor(private readonly crawler: () => FeedableCrawler) {}

  add(request: RequestOptions, failed: (err: unknown) => void): void {
    this.batch.push({ request, failed });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    this.scheduled = false;
    const crawler = this.crawler();
    try {
      await crawler.addRequests(batch.map((b) => b.request));
    } catch (err) {
      for (const b of batch) b.failed(err);
      return;
    }
    // An idle Crawlee pool looks at its queue only every 0.5 s. Without a nudge each request
    // waits for that look, and requests HostPoliteness spaced apart reach the host bunched.
    void crawler.autoscaledPool?.notify();
  }
}
