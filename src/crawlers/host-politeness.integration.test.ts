import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testCrawlSettings } from '../../tests/support/simulated.ts';
import type { PolitenessRule } from '../domain/politeness.ts';
import { HostPoliteness } from './host-politeness.ts';
import { PageFetcher } from './page-fetcher.ts';
import { startTestServer, type RouteHandler, type SeenRequest, type TestServer } from '../../tests/support/test-server.ts';

const FREE: PolitenessRule = { maxConcurrency: 16, minDelayMs: 0 };

/** Gaps between consecutive starts, in ms. */
function gaps(starts: number[]): number[] {
  const sorted = [...starts].sort((a, b) => a - b);
  return sorted.slice(1).map((t, i) => t - sorted[i]!);
}

describe('HostPoliteness (in process)', () => {
  /** Schedules `count` tasks of `ms` each on `url`, recording starts and the in-flight high-water mark. */
  function runTasks(politeness: HostPoliteness, url: string, count: number, ms: number) {
    const record = { starts: [] as number[], ends: [] as number[], inFlight: 0, maxInFlight: 0 };
    const done = Array.from({ length: count }, () =>
      politeness.schedule(url, async () => {
        record.starts.push(performance.now());
        record.maxInFlight = Math.max(record.maxInFlight, ++record.inFlight);
        await sleep(ms);
        record.inFlight--;
        record.ends.push(performance.now());
      }),
    );
    return { record, done: Promise.all(done) };
  }

  it.each([1, 3])('runs at most %i tasks at once for a host limited to that many', async (limit) => {
    const politeness = new HostPoliteness({ default: FREE, hosts: { 'a.example': { maxConcurrency: limit, minDelayMs: 0 } } });
    const { record, done } = runTasks(politeness, 'https://a.example/x', 6, 50);
    await done;
    expect(record.maxInFlight).toBe(limit);
  });

  it('spaces the starts of tasks to one host by minDelayMs, also for a task queued right after a burst', async () => {
    const politeness = new HostPoliteness({ default: FREE, hosts: { 'a.example': { maxConcurrency: 2, minDelayMs: 200 } } });
    const burst = runTasks(politeness, 'https://a.example/x', 3, 5);
    await burst.done;
    const late = runTasks(politeness, 'https://a.example/y', 1, 5);
    await late.done;
    for (const gap of gaps([...burst.record.starts, ...late.record.starts])) expect(gap).toBeGreaterThanOrEqual(180);
  });

  it('counts spacing from when a request leaves, so a slow hand-off does not bunch requests', async () => {
    const politeness = new HostPoliteness({ default: FREE, hosts: { 'a.example': { maxConcurrency: 4, minDelayMs: 200 } } });
    const left: number[] = [];
    // The first request sits 300 ms in a crawler that is still starting; the others go out at once.
    const handoffs = [300, 0, 0];
    await Promise.all(
      handoffs.map((handoff) =>
        politeness.schedule('https://a.example/', async (started) => {
          await sleep(handoff);
          started();
          left.push(performance.now());
          await sleep(5);
        }),
      ),
    );
    for (const gap of gaps(left)) expect(gap).toBeGreaterThanOrEqual(180);
  });

  it('keeps hosts apart: a spaced-out host does not hold up another', async () => {
    const politeness = new HostPoliteness({ default: FREE, hosts: { 'slow.example': { maxConcurrency: 1, minDelayMs: 200 } } });
    const slow = runTasks(politeness, 'https://slow.example/', 4, 5);
    const fast = runTasks(politeness, 'https://fast.example/', 4, 5);
    await Promise.all([slow.done, fast.done]);
    expect(Math.max(...fast.record.ends)).toBeLessThan(Math.max(...slow.record.starts));
  });
});

describe('HostPoliteness as the server sees it, through PageFetcher', () => {
  let server: TestServer;
  const fetchers: PageFetcher[] = [];

  function fetcherWith(hosts: Record<string, PolitenessRule>): PageFetcher {
    const fetcher = new PageFetcher(testCrawlSettings({ politeness: { default: FREE, hosts }, retries: 0 }));
    fetchers.push(fetcher);
    return fetcher;
  }

  beforeAll(async () => {
    server = await startTestServer();
    // Held open long enough that requests let through together overlap at the server.
    const slowly =
      (ms: number): RouteHandler =>
      (_req, res) => {
        setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), ms);
      };
    server.route('/held', slowly(300));
    server.route('/quick', slowly(5));
  });
  afterEach(() => server.reset());
  afterAll(async () => {
    await Promise.all(fetchers.map((f) => f.close()));
    await server?.close();
  });

  const fetchAll = (fetcher: PageFetcher, urls: string[]) =>
    Promise.all(urls.map((url) => fetcher.fetch({ url }, 'http'))).then((results) => {
      for (const r of results) expect(r.kind).toBe('page');
    });

  it.each([1, 3])('never has more than %i requests in flight at a host limited to that many', async (limit) => {
    const fetcher = fetcherWith({ [`127.0.0.1:${server.port}`]: { maxConcurrency: limit, minDelayMs: 0 } });
    await fetchAll(
      fetcher,
      Array.from({ length: 6 }, (_, i) => `${server.origin}/held?i=${i}`),
    );
    expect(server.hits('/held')).toHaveLength(6);
    expect(server.maxInFlight).toBe(limit);
  });

  it('spaces request starts at the server by minDelayMs', async () => {
    const fetcher = fetcherWith({ [`127.0.0.1:${server.port}`]: { maxConcurrency: 4, minDelayMs: 200 } });
    await fetchAll(
      fetcher,
      Array.from({ length: 4 }, (_, i) => `${server.origin}/quick?i=${i}`),
    );
    await fetchAll(fetcher, [`${server.origin}/quick?late`]);
    const starts = server.hits('/quick').map((r) => r.startedAt);

    expect(starts).toHaveLength(5);
    for (const gap of gaps(starts)) expect(gap).toBeGreaterThanOrEqual(180);
  });

  it("does not make one host wait for another host's spacing", async () => {
    const slowHost = `127.0.0.1:${server.port}`;
    const fetcher = fetcherWith({ [slowHost]: { maxConcurrency: 1, minDelayMs: 300 } });
    const byHost = (host: string) => (r: SeenRequest) => r.headers.host === host;
    await fetchAll(fetcher, [
      ...Array.from({ length: 4 }, (_, i) => `http://${slowHost}/quick?slow=${i}`),
      ...Array.from({ length: 4 }, (_, i) => `http://localhost:${server.port}/quick?fast=${i}`),
    ]);
    const slow = server.requests.filter(byHost(slowHost));
    const fast = server.requests.filter(byHost(`localhost:${server.port}`));
    expect([slow.length, fast.length]).toEqual([4, 4]);
    expect(Math.max(...fast.map((r) => r.endedAt!))).toBeLessThan(Math.max(...slow.map((r) => r.startedAt)));
  });
});
