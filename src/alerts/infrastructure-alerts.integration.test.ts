import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import type { Dependency, DependencyOutage } from '../domain/dependency.ts';
import { listAlerts } from '../store/alerts-repository.ts';
import type { AlertEvent } from '../domain/alert.ts';
import { alertRow } from './alert-row.ts';
import { describeEvent } from './event-text.ts';
import { evaluateAlerts } from './evaluate-alerts.ts';

const t0 = new Date('2026-12-01T08:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

const redisOutage = (since: number, until: number | null): DependencyOutage => ({
  dependency: 'redis',
  target: 'redis://:***@127.0.0.1:6379',
  cause: 'ECONNREFUSED',
  since: at(since),
  until: until === null ? null : at(until),
});

describe.each(BACKENDS)('infrastructure alerts, on %s', (backend) => {
  let t: TestStore;
  const evaluate = (now: number, outages: DependencyOutage[], reachable: Dependency[] = ['postgresql']) =>
    evaluateAlerts(t.store.db, {
      now: at(now),
      unreachableAfter: 3,
      reminderMs: 0,
      infrastructure: () => ({ outages, reachable, alertAfterMs: 60_000 }),
    });
  const events = (list: AlertEvent[]) => list.map((e) => [e.type, e.alert.key, e.alert.state]);

  beforeAll(async () => {
    t = await openTestStore(backend);
  }, 60_000);
  afterAll(() => t?.dispose());
  beforeEach(async () => {
    await t.store.db.deleteFrom('alerts').execute();
  });

  it('opens one alert once an outage has lasted the threshold, and resolves it when the connection is back', async () => {
    expect(await evaluate(30, [redisOutage(0, null)])).toEqual([]);
    expect(events(await evaluate(60, [redisOutage(0, null)]))).toEqual([['opened', 'infrastructure:redis', 'open']]);
    expect(await evaluate(70, [redisOutage(0, null)])).toEqual([]);
    const resolved = await evaluate(90, [redisOutage(0, 75)], ['postgresql', 'redis']);
    expect(events(resolved)).toEqual([['resolved', 'infrastructure:redis', 'resolved']]);
    // About our own infrastructure: no account, no status, nothing judged.
    expect(resolved[0]!.alert).toMatchObject({
      kind: 'infrastructure',
      severity: 'critical',
      platform: 'redis',
      account: null,
      status: null,
    });
    expect(describeEvent(resolved[0]!, 'en').body).toBe(
      'the connection to Redis at redis://:***@127.0.0.1:6379 is back after 1 min 15 s (ECONNREFUSED)',
    );
    const [row] = (await listAlerts(t.store.db)).map((a) => alertRow(a, 'zh-CN'));
    expect(row).toMatchObject({ kind: 'infrastructure', state: 'resolved', title: 'redis：连接中断' });
  });

  it('tells the open alert’s reason in the reader’s language', async () => {
    const [opened] = await evaluate(60, [redisOutage(0, null)]);
    expect(describeEvent(opened!, 'en')).toEqual({
      title: '[Alert] redis: connection lost',
      body:
        'lost connection to Redis at redis://:***@127.0.0.1:6379 since 2026-12-01 08:00 (ECONNREFUSED): ' +
        'accounts wait to be checked meanwhile, and none is judged by it',
    });
    expect(describeEvent(opened!, 'zh-CN').body).toBe(
      '自 2026-12-01 08:00 起与 Redis（redis://:***@127.0.0.1:6379）的连接中断（ECONNREFUSED）：期间账号暂停检查，不会因此判定任何账号',
    );
  });

  it('leaves a short outage to the log', async () => {
    expect(await evaluate(40, [redisOutage(0, 30)], ['postgresql', 'redis'])).toEqual([]);
    expect(await listAlerts(t.store.db)).toEqual([]);
  });

  it('records an outage of the store itself once the store is back: opened and resolved at once', async () => {
    const outage: DependencyOutage = {
      dependency: 'postgresql',
      target: 'postgres://app:***@db:5432/sleepwatch',
      cause: 'ECONNREFUSED',
      since: at(0),
      until: at(300),
    };
    expect(events(await evaluate(301, [outage]))).toEqual([
      ['opened', 'infrastructure:postgresql', 'open'],
      ['resolved', 'infrastructure:postgresql', 'resolved'],
    ]);
  });

  it('resolves an open alert about a dependency this process reaches (one opened before a restart)', async () => {
    await evaluate(60, [redisOutage(0, null)]);
    // Restarted: no outage known here, Redis reachable.
    expect(events(await evaluate(600, [], ['postgresql', 'redis']))).toEqual([['resolved', 'infrastructure:redis', 'resolved']]);
  });
});
