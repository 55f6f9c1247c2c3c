import { describe, expect, it } from 'vitest';
import type { RawPageCrawler, RawPageRequest, RawResponse } from './raw-response.ts';
import { RecyclingCrawler } from './recycling-crawler.ts';

/** A crawler whose fetches stay open until the test answers them. */
class FakeCrawler implements RawPageCrawler {
  readonly requests: Array<{ url: string; answer: () => void }> = [];
  closed = false;

  constructor(readonly id: number) {}

  fetch(request: RawPageRequest): Promise<RawResponse> {
    return new Promise((resolve) => {
      this.requests.push({
        url: request.url,
        answer: () => resolve({ url: request.url, status: 200, contentType: 'text/plain', retryAfter: null, body: `crawler ${this.id}` }),
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function recycling(pagesPerCrawler: number) {
  const started: FakeCrawler[] = [];
  const crawler = new RecyclingCrawler(async () => {
    const fake = new FakeCrawler(started.length + 1);
    started.push(fake);
    return fake;
  }, pagesPerCrawler);
  return { crawler, started };
}

/** Lets pending promise callbacks (starts, closes) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RecyclingCrawler', () => {
  it('starts no crawler before the first page is asked for', () => {
    const { started } = recycling(2);
    expect(started).toHaveLength(0);
  });

  it('sends pagesPerCrawler pages through one crawler, then starts a new one', async () => {
    const { crawler, started } = recycling(2);
    const pages = ['/1', '/2', '/3', '/4', '/5'].map((url) => crawler.fetch({ url }));
    await settle();
    expect(started.map((c) => c.requests.map((r) => r.url))).toEqual([['/1', '/2'], ['/3', '/4'], ['/5']]);
    for (const c of started) for (const r of c.requests) r.answer();
    expect((await Promise.all(pages)).map((p) => p.body)).toEqual(['crawler 1', 'crawler 1', 'crawler 2', 'crawler 2', 'crawler 3']);
  });

  it('closes a retired crawler only once its in-flight pages have finished', async () => {
    const { crawler, started } = recycling(2);
    const first = [crawler.fetch({ url: '/1' }), crawler.fetch({ url: '/2' })];
    const third = crawler.fetch({ url: '/3' });
    await settle();
    const [old, fresh] = started;
    expect(started).toHaveLength(2);
    expect(old!.closed).toBe(false);

    old!.requests[0]!.answer();
    await first[0];
    await settle();
    expect(old!.closed).toBe(false);

    old!.requests[1]!.answer();
    await first[1];
    await settle();
    expect(old!.closed).toBe(true);
    expect(fresh!.closed).toBe(false);

    fresh!.requests[0]!.answer();
    await third;
  });

  it('closes a retired crawler at once when nothing is in flight on it', async () => {
    const { crawler, started } = recycling(1);
    const first = crawler.fetch({ url: '/1' });
    await settle();
    started[0]!.requests[0]!.answer();
    await first;
    expect(started[0]!.closed).toBe(false);

    void crawler.fetch({ url: '/2' });
    await settle();
    expect(started[0]!.closed).toBe(true);
    expect(started[1]!.closed).toBe(false);
  });

  it('closes the current crawler on close()', async () => {
    const { crawler, started } = recycling(10);
    const page = crawler.fetch({ url: '/1' });
    await settle();
    started[0]!.requests[0]!.answer();
    await page;
    await crawler.close();
    expect(started[0]!.closed).toBe(true);
  });

  it('does not keep a crawler that failed to start: the next page tries a fresh one', async () => {
    let attempts = 0;
    const fake = new FakeCrawler(1);
    const crawler = new RecyclingCrawler(async () => {
      if (++attempts === 1) throw new Error('could not start');
      return fake;
    }, 100);
    await expect(crawler.fetch({ url: '/1' })).rejects.toThrow('could not start');
    const page = crawler.fetch({ url: '/2' });
    await settle();
    fake.requests[0]?.answer();
    await expect(page).resolves.toMatchObject({ body: 'crawler 1' });
    expect(attempts).toBe(2);
  });
});
