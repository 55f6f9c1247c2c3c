import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../accounts/account.ts';
import { policyNamed } from '../activity/policies.ts';
import { judge, type Judgement } from '../activity/status.ts';
import type { Observation, ObservedPost } from '../domain/observation.ts';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { listAlerts } from '../store/alerts-repository.ts';
import { recordObservation } from '../store/observations-repository.ts';
import type { AlertEvent } from '../domain/alert.ts';
import { evaluateAlerts } from './evaluate-alerts.ts';
import { blankObservation } from '../../tests/support/observation.ts';

const DAY = 86_400_000;
const t0 = new Date('2026-05-20T04:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * DAY);

const account = (name: string, platform = 'telegram'): Account => ({
  platform,
  url: `https://${platform === 'telegram' ? 't.me/s' : 'example.org'}/${name}`,
  name,
  unit: '市委宣传部',
  region: null,
  group: null,
  policy: null,
  // Monthly, so that only the watchdog test goes past twice the interval.
  intervalMs: 30 * DAY,
  timeZone: 'Asia/Shanghai',
  options: {},
});

const post = (when: Date): ObservedPost => ({
  id: String(when.getTime()),
  at: when.toISOString(),
  precision: 'second',
  pinned: false,
  repost: false,
  url: `https://t.me/x/${when.getTime()}`,
});

function observation(fetchedAt: Date, overrides: Partial<Observation>): Observation {
  return blankObservation({ platform: 'telegram', url: 'https://t.me/s/x', fetchedAt: fetchedAt.toISOString(), ...overrides });
}

describe.each(BACKENDS)('alert lifecycle from the store, on %s', (backend) => {
  let t: TestStore;
  let ids: Record<string, number>;
  let round = 0;
  const evaluate = (now: Date, reminderMs = 0) => evaluateAlerts(t.store.db, { now, unreachableAfter: 3, reminderMs });
  const events = (list: AlertEvent[]) => list.map((e) => [e.type, e.alert.kind, e.alert.account?.name ?? e.alert.platform, e.alert.status]);

  /** One look at an account at `now`, judged and recorded as a crawl job would. */
  async function look(name: string, now: Date, overrides: Partial<Observation>, failures = 0): Promise<Judgement> {
    const newest = overrides.posts?.[0];
    const obs = observation(now, {
      ...overrides,
      ...(newest ? { lastPostAt: newest.at, lastPostPrecision: newest.precision, lastPostUrl: newest.url ?? null } : {}),
    });
    const judgement = judge(obs, now, policyNamed('gov-cn'), {
      earlierPosts: [],
      lastPostAt: null,
      lastPostPrecision: null,
      consecutiveFailures: failures,
      consecutiveNotFound: 0,
    });
    await recordObservation(t.store.db, {
      accountId: ids[name]!,
      roundKey: `r${round++}`,
      observation: obs,
      judgement,
      nextDueAt: at(100),
    });
    return judgement;
  }

  beforeAll(async () => {
    t = await openTestStore(backend);
    await importAccounts(
      t.store.db,
      [account('quiet'), account('busy'), account('flaky'), ...['a', 'b', 'c', 'd', 'e', 'f'].map((n) => account(n, 'html'))],
      t0,
    );
    ids = Object.fromEntries((await listAccounts(t.store.db)).map((a) => [a.name, a.id]));
  }, 60_000);
  afterAll(() => t?.dispose());

  it('opens one alert when an account starts drifting, and none for an active one', async () => {
    await look('quiet', at(0), { posts: [post(at(-11))] });
    await look('busy', at(0), { posts: [post(at(-1))] });
    expect(events(await evaluate(at(0)))).toEqual([['opened', 'silence', 'quiet', 'drifting']]);
    // Nothing changed: evaluating again records nothing.
    expect(await evaluate(at(0))).toEqual([]);
  });

  it('escalates the same alert when the silence passes the red line', async () => {
    await look('quiet', at(4), { posts: [post(at(-11))] });
    expect(events(await evaluate(at(4)))).toEqual([['escalated', 'silence', 'quiet', 'sleeping']]);
    const open = await listAlerts(t.store.db, { state: 'open' });
    expect(open.filter((a) => a.kind === 'silence')).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'critical', evidence: { lastPostUrl: expect.stringContaining('https://t.me/x/') } });
  });

  it('keeps the alert as it is while fetches fail: failures never escalate nor resolve', async () => {
    await look('quiet', at(5), { outcome: 'blocked', error: 'captcha page' });
    expect(await evaluate(at(5))).toEqual([]);
    expect((await listAlerts(t.store.db, { state: 'open' })).find((a) => a.kind === 'silence')).toMatchObject({ status: 'sleeping' });
  });

  it('resolves the alert with a woke-up event when the account posts again', async () => {
    await look('quiet', at(6), { posts: [post(at(5.5))] });
    const woke = await evaluate(at(6));
    expect(events(woke)).toEqual([['woke-up', 'silence', 'quiet', 'sleeping']]);
    expect(woke[0]!.alert).toMatchObject({ state: 'resolved', reason: { code: 'woke-up' } });
    expect(await listAlerts(t.store.db, { state: 'open' })).toEqual([]);
  });

  it('raises unreachable only after repeated failures, and resolves it on the next good read', async () => {
    await look('flaky', at(7), { outcome: 'error', error: 'HTTP 503' }, 0);
    await look('flaky', at(7.1), { outcome: 'error', error: 'HTTP 503' }, 1);
    expect(await evaluate(at(7.1))).toEqual([]);
    await look('flaky', at(7.2), { outcome: 'error', error: 'HTTP 503' }, 2);
    expect(events(await evaluate(at(7.2)))).toEqual([['opened', 'unreachable', 'flaky', 'unknown']]);
    await look('flaky', at(7.3), { posts: [post(at(7))] });
    expect(events(await evaluate(at(7.3)))).toEqual([['resolved', 'unreachable', 'flaky', 'unknown']]);
  });

  it('replaces per-account alerts with one parser-broken alert when most of a platform stops parsing', async () => {
    const broken = { outcome: 'error' as const, error: 'page did not match the html parser: no post time found', parseFailed: true };
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) for (let i = 0; i < 3; i++) await look(name, at(8 + i * 0.01), broken, i);
    const raised = await evaluate(at(8.1));
    expect(events(raised)).toEqual([['opened', 'parser-broken', 'html', null]]);
    expect(raised[0]!.alert.reason).toMatchObject({ code: 'parser-broken', platform: 'html', failed: 18, total: 18 });
  });

  it('reminds about open alerts at the configured interval', async () => {
    expect(events(await evaluate(at(9), DAY / 2))).toEqual([['reminder', 'parser-broken', 'html', null]]);
    expect(await evaluate(at(9.1), DAY / 2)).toEqual([]);
  });

  it('alerts once per platform when accounts go unchecked for twice their interval', async () => {
    const late = events(await evaluate(at(70)));
    expect(late).toEqual(
      expect.arrayContaining([
        ['opened', 'unchecked', 'telegram', null],
        ['opened', 'unchecked', 'html', null],
      ]),
    );
    expect((await listAlerts(t.store.db, { state: 'open' })).find((a) => a.key === 'unchecked:html')?.reason).toMatchObject({
      code: 'unchecked',
      accounts: 6,
      intervalHours: 720,
    });
    expect(late.filter((e) => e[1] === 'unchecked')).toHaveLength(2);
  });
});
