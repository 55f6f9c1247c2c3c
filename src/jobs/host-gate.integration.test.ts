import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../tests/support/stores.ts';
import type { HostGate } from './host-gate.ts';
import { RedisHostGate } from './redis-host-gate.ts';
import { StoreHostGate } from './store-host-gate.ts';

const REDIS_URL = process.env.SLEEPWATCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two gates over one backend stand for two worker processes. */
const GATES = ['redis', 'store (PGlite)', 'store (PostgreSQL)'] as const;

describe.each(GATES)('host gate on %s: politeness shared by worker processes', (kind) => {
  let first: HostGate;
  let second: HostGate;
  let cleanup: () => Promise<void>;
  const host = `example-${process.pid}-${Math.random().toString(36).slice(2, 8)}.org`;

  beforeAll(async () => {
    if (kind === 'redis') {
      const a = new Redis(REDIS_URL);
      const b = new Redis(REDIS_URL);
      const prefix = `gate-test-${process.pid}`;
      first = new RedisHostGate(a, prefix);
      second = new RedisHostGate(b, prefix);
      cleanup = async () => {
        const keys = await a.keys(`${prefix}:*`);
        if (keys.length) await a.del(...keys);
        a.disconnect();
        b.disconnect();
      };
    } else {
      const t: TestStore = await openTestStore(kind === 'store (PGlite)' ? 'pglite' : 'postgres');
      const other = await t.openSecond();
      first = new StoreHostGate(t.store.db);
      second = new StoreHostGate(other.db);
      cleanup = async () => {
        await other.close();
        await t.dispose();
      };
    }
  }, 60_000);

  afterAll(async () => cleanup?.());

  it('lets at most maxConcurrency crawls of a host run at once, across processes', async () => {
    const rule = { maxConcurrency: 2, minDelayMs: 0 };
    const a = await first.tryAcquire(host, rule, 'job-a');
    const b = await second.tryAcquire(host, rule, 'job-b');
    const c = await second.tryAcquire(host, rule, 'job-c');
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, false]);
    if (!c.ok) expect(c.retryInMs).toBeGreaterThan(0);
    if (a.ok) await a.release();
    const d = await first.tryAcquire(host, rule, 'job-d');
    expect(d.ok).toBe(true);
    if (b.ok) await b.release();
    if (d.ok) await d.release();
  });

  it('spaces the starts of crawls of a host, and says how long to wait', async () => {
    const spaced = `spaced-${host}`;
    const rule = { maxConcurrency: 5, minDelayMs: 800 };
    const a = await first.tryAcquire(spaced, rule, 'job-a');
    const b = await second.tryAcquire(spaced, rule, 'job-b');
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.retryInMs).toBeGreaterThan(100);
    if (!b.ok) expect(b.retryInMs).toBeLessThanOrEqual(800);
    // A refused claim gives its slot back: the host still has room for four more.
    await sleep(900);
    const c = await second.tryAcquire(spaced, rule, 'job-c');
    expect(c.ok).toBe(true);
    if (a.ok) await a.release();
    if (c.ok) await c.release();
  });

  it('gives a job retried after its worker died its own slot back at once', async () => {
    const rule = { maxConcurrency: 1, minDelayMs: 0 };
    const retried = `retried-${host}`;
    expect((await first.tryAcquire(retried, rule, 'job-x')).ok).toBe(true);
    // The worker holding it is gone; the same job, on another worker, claims again.
    const again = await second.tryAcquire(retried, rule, 'job-x');
    expect(again.ok).toBe(true);
    expect((await first.tryAcquire(retried, rule, 'job-y')).ok).toBe(false);
    if (again.ok) await again.release();
  });

  it('grants claims made at the same moment no more slots than the host has, and each its own', async () => {
    const rule = { maxConcurrency: 3, minDelayMs: 0 };
    const together = `together-${host}`;
    const holders = ['job-1', 'job-2', 'job-3', 'job-4', 'job-5'];
    const attempts = await Promise.all(holders.map((h, i) => (i % 2 ? second : first).tryAcquire(together, rule, h)));
    expect(attempts.filter((a) => a.ok)).toHaveLength(3);
    // Releasing the three gives room for three more, so no two of them shared a slot.
    await Promise.all(attempts.flatMap((a) => (a.ok ? [a.release()] : [])));
    const next = await Promise.all(['job-6', 'job-7', 'job-8', 'job-9'].map((h) => first.tryAcquire(together, rule, h)));
    expect(next.map((a) => a.ok)).toEqual([true, true, true, false]);
    await Promise.all(next.flatMap((a) => (a.ok ? [a.release()] : [])));
  });

  it('gives a retried job its own slot back among claims made at the same moment', async () => {
    const rule = { maxConcurrency: 2, minDelayMs: 0 };
    const mixed = `mixed-${host}`;
    expect((await first.tryAcquire(mixed, rule, 'job-x')).ok).toBe(true);
    const attempts = await Promise.all(['job-y', 'job-x', 'job-z'].map((h) => second.tryAcquire(mixed, rule, h)));
    expect(attempts.map((a) => a.ok)).toEqual([true, true, false]);
    await Promise.all(attempts.flatMap((a) => (a.ok ? [a.release()] : [])));
  });

  it('lets one of several claims made at the same moment start a spaced host', async () => {
    const rule = { maxConcurrency: 5, minDelayMs: 800 };
    const together = `spaced-together-${host}`;
    const attempts = await Promise.all(['job-1', 'job-2', 'job-3'].map((h) => first.tryAcquire(together, rule, h)));
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    for (const a of attempts) if (!a.ok) expect(a.retryInMs).toBeGreaterThan(0);
    await Promise.all(attempts.flatMap((a) => (a.ok ? [a.release()] : [])));
  });

  it('gives a released slot to the next holder', async () => {
    const rule = { maxConcurrency: 1, minDelayMs: 0 };
    const other = `release-${host}`;
    const a = await first.tryAcquire(other, rule, 'job-a');
    expect(a.ok).toBe(true);
    const b = await second.tryAcquire(other, rule, 'job-b');
    expect(b.ok).toBe(false);
    if (a.ok) await a.release();
    expect((await second.tryAcquire(other, rule, 'job-b')).ok).toBe(true);
  });
});

describe('host gate on the store: statements per batch of jobs', () => {
  /** A gate whose statements are counted, and a second one on the same store: another process. */
  async function countingGates() {
    const t = await openTestStore('pglite');
    let statements = 0;
    const counting = t.store.db.withPlugin({
      transformQuery: ({ node }) => (statements++, node),
      transformResult: async ({ result }) => result,
    });
    return { t, gate: new StoreHostGate(counting), other: new StoreHostGate(t.store.db), statements: () => statements };
  }

  it('sends the claims made at the same moment as one statement, and their releases as one more', async () => {
    const { t, gate, statements } = await countingGates();
    try {
      const rule = { maxConcurrency: 4, minDelayMs: 0 };
      const attempts = await Promise.all(['job-a', 'job-b', 'job-c', 'job-d'].map((h) => gate.tryAcquire('batched.example.org', rule, h)));
      expect(attempts.map((a) => a.ok)).toEqual([true, true, true, true]);
      expect(statements()).toBe(1);
      await Promise.all(attempts.flatMap((a) => (a.ok ? [a.release()] : [])));
      expect(statements()).toBe(2);
    } finally {
      await t.dispose();
    }
  }, 60_000);

  it('hands a slot given back straight to the same process’s next claim; the store learns the new holder in one statement', async () => {
    const { t, gate, other, statements } = await countingGates();
    try {
      const rule = { maxConcurrency: 1, minDelayMs: 0 };
      const host = 'handover.example.org';
      const a = await gate.tryAcquire(host, rule, 'job-a');
      expect(a.ok && statements()).toBe(1);
      const releasedA = a.ok ? a.release() : undefined;
      const b = await gate.tryAcquire(host, rule, 'job-b');
      expect(b.ok).toBe(true);
      expect(statements()).toBe(1);
      await releasedA;
      expect(statements()).toBe(2);
      // Another process still finds the host busy: the slot is job-b's now.
      expect((await other.tryAcquire(host, rule, 'job-c')).ok).toBe(false);
      if (b.ok) await b.release();
      expect((await other.tryAcquire(host, rule, 'job-c')).ok).toBe(true);
    } finally {
      await t.dispose();
    }
  }, 60_000);

  it('hands nothing over for a host with spacing between starts: every start is claimed from the store', async () => {
    const { t, gate, statements } = await countingGates();
    try {
      const rule = { maxConcurrency: 2, minDelayMs: 300 };
      const host = 'spaced-handover.example.org';
      const a = await gate.tryAcquire(host, rule, 'job-a');
      expect(a.ok).toBe(true);
      const releasedA = a.ok ? a.release() : undefined;
      const b = await gate.tryAcquire(host, rule, 'job-b');
      expect(b.ok).toBe(false);
      expect(statements()).toBe(2);
      await releasedA;
    } finally {
      await t.dispose();
    }
  }, 60_000);
});
