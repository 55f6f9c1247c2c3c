/**
 * Load on one alert feed: stores enough alert events for a feed of about 260 KB (200 events
 * with a long excerpt each), serves the HTTP API on loopback with the embedded store, and
 * fires 1,000 requests for the same RSS feed at once. Prints the body size, the latency at
 * p50 and p99, and the total time.
 *
 *   node bin/run-ts.mjs bench/feed-load.ts [requests=1000] [events=200]
 *
 * The feed is asked for `limit=200`, as many events as it holds, so that the body is the
 * same however many events a feed carries by default.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startHttpServer } from '../src/api/http-server.ts';
import { loadConfig } from '../src/config.ts';
import { openJobQueues } from '../src/jobs/job-queues.ts';
import { importAccounts, listAccounts } from '../src/store/accounts-repository.ts';
import { openAlertsFor, type AlertDraft } from '../src/store/alerts-repository.ts';
import { openStore } from '../src/store/database.ts';
import { addFeed } from '../src/store/subscriptions-repository.ts';

const requests = Number(process.argv[2] ?? 1000);
const eventCount = Number(process.argv[3] ?? 200);

const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-feed-load-'));
const store = await openStore({ dataDir: path.join(dir, 'data') });
// The rate limit would answer most of one client's thousand requests 429: this measures the feed.
const config = loadConfig({
  SLEEPWATCH_DATA: path.join(dir, 'data'),
  SLEEPWATCH_PUBLIC_URL: 'https://sleepwatch.example.org',
  SLEEPWATCH_API_RATE_LIMIT: String(requests * 10),
});
const queues = openJobQueues(store, { prefix: `feedload${process.pid}` });
try {
  const now = new Date();
  await importAccounts(
    store.db,
    Array.from({ length: eventCount }, (_, i) => ({
      platform: 'telegram',
      url: `https://t.me/s/account${i}`,
      name: `Account ${i}`,
      unit: `Unit ${i % 7}`,
      region: null,
      group: null,
      policy: null,
      intervalMs: 86_400_000,
      timeZone: 'UTC',
      options: {},
    })),
    now,
  );
  const excerpt = 'An announcement about opening hours, road works and the weekend market, posted weeks ago. '.repeat(4).slice(0, 308);
  const drafts: AlertDraft[] = (await listAccounts(store.db)).map((account) => ({
    key: `silence:${account.id}`,
    kind: 'silence',
    severity: 'critical',
    status: 'sleeping',
    platform: 'telegram',
    accountId: account.id,
    reason: { code: 'silent', line: 'red-line', daysSilent: 20, lastPostAt: '2026-01-01T08:00:00.000Z', redLineDays: 14, zombieDays: 90 },
    evidence: { lastPostAt: '2026-01-01T08:00:00.000Z', lastPostUrl: `https://t.me/${account.id}/1`, lastPostExcerpt: excerpt },
  }));
  await openAlertsFor(store.db, drafts, now);
  const feed = await addFeed(store.db, { filter: {}, locale: 'en' });

  const server = await startHttpServer({ store, queues, config }, { port: 0 });
  const url = `${server.url}/feeds/alerts.rss?token=${feed.token}&limit=200`;
  // All requests at once, over at most 256 connections: more would overflow the listen backlog
  // (Node's is 511) and be reset by the kernel rather than answered late.
  const agent = new Agent({ connections: Math.min(requests, 256), keepAliveTimeout: 30_000 });
  try {
    const once = await request(url, { dispatcher: agent });
    const size = (await once.body.text()).length;
    if (once.statusCode !== 200) throw new Error(`the feed answered ${once.statusCode}`);

    const started = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: requests }, async () => {
        const t0 = performance.now();
        const res = await request(url, { dispatcher: agent });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`a request was answered ${res.statusCode}`);
        return performance.now() - t0;
      }),
    );
    const total = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`feed: ${eventCount} events, ${(size / 1024).toFixed(0)} KB (RSS)`);
    console.log(`${requests} concurrent requests: p50 ${s(at(0.5))}, p99 ${s(at(0.99))}, total ${s(total)}`);
  } finally {
    await agent.close();
    await server.close();
  }
} finally {
  await queues.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
