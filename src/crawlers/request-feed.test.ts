import { Request } from '@crawlee/core';
import { describe, expect, it } from 'vitest';
import { RequestFeed } from './request-feed.ts';

const request = (n: number) => new Request({ url: `https://example.org/${n}`, uniqueKey: `k${n}` });

describe('RequestFeed: the in-memory request source of a crawler fed from outside', () => {
  it('hands requests out first in, first out, and is finished only when none is waiting or in progress', async () => {
    const feed = new RequestFeed();
    expect(await feed.isFinished()).toBe(true);
    feed.push(request(1));
    feed.push(request(2));
    const first = await feed.fetchNextRequest();
    expect(first?.uniqueKey).toBe('k1');
    expect(feed.getPendingCount()).toBe(2);
    const second = await feed.fetchNextRequest();
    expect(second?.uniqueKey).toBe('k2');
    expect(await feed.fetchNextRequest()).toBeNull();
    expect(await feed.isEmpty()).toBe(true);
    expect(await feed.isFinished()).toBe(false);
    await feed.markRequestHandled(first!);
    await feed.markRequestHandled(second!);
    expect(await feed.isFinished()).toBe(true);
    expect(await feed.handledCount()).toBe(2);
  });

  it('puts a reclaimed request back at the front when asked', async () => {
    const feed = new RequestFeed();
    feed.push(request(1));
    feed.push(request(2));
    const first = (await feed.fetchNextRequest())!;
    await feed.reclaimRequest(first, { forefront: true });
    expect((await feed.fetchNextRequest())?.uniqueKey).toBe('k1');
    expect(feed.getTotalCount()).toBe(2);
  });

  it('accepts Crawlee-style batches of request options and URLs', async () => {
    const feed = new RequestFeed();
    const result = await feed.addRequestsBatched(['https://example.org/a', { url: 'https://example.org/b' }]);
    expect(result.addedRequests).toHaveLength(2);
    expect((await feed.fetchNextRequest())?.url).toBe('https://example.org/a');
  });

  it('keeps memory bounded: handled requests are not kept', async () => {
    const feed = new RequestFeed();
    for (let i = 0; i < 5000; i++) {
      feed.push(request(i));
      await feed.markRequestHandled((await feed.fetchNextRequest())!);
    }
    expect((feed as unknown as { waiting: unknown[] }).waiting.length).toBeLessThan(2100);
  });
});
