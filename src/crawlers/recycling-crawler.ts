import type { RawPageCrawler, RawPageRequest, RawResponse } from './raw-response.ts';

/**
 * Replaces a long-lived crawler with a fresh one every `pagesPerCrawler` pages, so a worker
 * that runs for months does not carry whatever a crawler accumulates (a browser's memory,
 * Crawlee's statistics and error trackers). The retired crawler finishes what it has in
 * flight, then closes.
 */
export class RecyclingCrawler implements RawPageCrawler {
  private current?: { crawler: Promise<RawPageCrawler>; used: number; inFlight: number; retired: boolean };
  private readonly closing = new Set<Promise<void>>();

  constructor(
    private readonly start: () => Promise<RawPageCrawler>,
    private readonly pagesPerCrawler: number,
  ) {}

  async fetch(request: RawPageRequest): Promise<RawResponse> {
    if (!this.current || this.current.used >= this.pagesPerCrawler) {
      if (this.current) this.retire(this.current);
      this.current = { crawler: this.start(), used: 0, inFlight: 0, retired: false };
    }
    const generation = this.current;
    generation.used++;
    generation.inFlight++;
    try {
      const crawler = await generation.crawler.catch((err: unknown) => {
        // A crawler that failed to start is not kept: the next page tries a fresh one.
        if (this.current === generation) this.current = undefined;
        throw err;
      });
      return await crawler.fetch(request);
    } finally {
      generation.inFlight--;
      if (generation.retired && generation.inFlight === 0) this.closeGeneration(generation);
    }
  }

  async close(): Promise<void> {
    if (this.current) {
      const last = this.current;
      this.current = undefined;
      this.closeGeneration(last);
    }
    await Promise.all(this.closing);
  }

  private retire(generation: NonNullable<RecyclingCrawler['current']>): void {
    generation.retired = true;
    if (generation.inFlight === 0) this.closeGeneration(generation);
  }

  private closeGeneration(generation: NonNullable<RecyclingCrawler['current']>): void {
    const done = generation.crawler.then((c) => c.close()).catch(() => undefined);
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
  }
}
