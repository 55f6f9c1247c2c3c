import type { RequestOptions } from '@crawlee/core';

/**
 * Feeds a long-lived crawler in batches. Crawlee validates and enqueues each
 * `addRequests` call as a unit, which costs as much for one request as for hundreds, so
 * requests made in the same tick are added together.
 */
export class RequestFeeder {
  private batch: Array<{ request: RequestOptions; failed: (err: unknown) => void }> = [];
  private scheduled = false;

  constructor(private readonly addRequests: (requests: RequestOptions[]) => Promise<unknown>) {}

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
    try {
      await this.addRequests(batch.map((b) => b.request));
    } catch (err) {
      for (const b of batch) b.failed(err);
    }
  }
}
