import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { policyNamed } from '../activity/policies.ts';
import { judge } from '../activity/status.ts';
import type { Observation } from '../domain/observation.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { listAlerts } from '../store/alerts-repository.ts';
import { recordObservation } from '../store/observations-repository.ts';
import { evaluateAlerts } from './evaluate-alerts.ts';
import { checkFollowers } from './follower-alerts.ts';
import { blankObservation } from '../../tests/support/observation.ts';

const DAY = 86_400_000;
const t0 = new Date('2026-05-01T06:00:00Z');

describe.each(BACKENDS)('follower anomaly alerts, on %s', (backend) => {
  let t: TestStore;
  let accountId: number;

  /** One successful look per day with these follower counts. */
  async function history(counts: Array<[number, boolean]>, fromDay = 0): Promise<void> {
    await t.store.db
      .insertInto('observations')
      .values(
        counts.map(([followers, approximate], i) => ({
          account_id: accountId,
          round_key: `d${fromDay + i}`,
          fetched_at: new Date(t0.getTime() + (fromDay + i) * DAY),
          outcome: 'ok',
          http_status: 200,
          display_name: null,
          followers,
          followers_approximate: approximate,
          posts_count: null,
          last_post_at: null,
          last_post_precision: null,
          last_post_url: null,
          last_post_excerpt: null,
          status: 'active',
          days_silent: 0,
          reason: 'test',
          error: null,
        })),
      )
      .execute();
  }

  beforeAll(async () => {
    t = await openTestStore(backend);
    await importAccounts(
      t.store.db,
      [
        {
          platform: 'telegram',
          url: 'https://t.me/s/growing',
          name: 'growing',
          unit: null,
          region: null,
          group: null,
          policy: null,
          intervalMs: DAY,
          timeZone: 'Asia/Shanghai',
          options: {},
        },
      ],
      t0,
    );
    accountId = (await listAccounts(t.store.db))[0]!.id;
  }, 60_000);
  afterAll(() => t?.dispose());

  it('stays quiet while followers grow as they usually do', async () => {
    await history(Array.from({ length: 15 }, (_, i) => [10_000 + i * 20 + (i % 3), false]));
    await checkFollowers(t.store.db, { id: accountId, platform: 'telegram' }, new Date(t0.getTime() + 14 * DAY));
    expect(await listAlerts(t.store.db)).toEqual([]);
  });

  it('raises a follower-anomaly alert for a jump far outside the account’s own days', async () => {
    await history([[16_000, false]], 15);
    await checkFollowers(t.store.db, { id: accountId, platform: 'telegram' }, new Date(t0.getTime() + 15 * DAY));
    const [alert, ...rest] = await listAlerts(t.store.db);
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      kind: 'follower-anomaly',
      key: `follower-anomaly:${accountId}`,
      state: 'open',
      reason: { code: 'follower-anomaly', direction: 'jump', from: 10_282, to: 16_000 },
    });
    // The same look checked again does not raise it twice.
    await checkFollowers(t.store.db, { id: accountId, platform: 'telegram' }, new Date(t0.getTime() + 15 * DAY));
    expect(await t.store.db.selectFrom('alert_events').select('type').execute()).toEqual([{ type: 'opened' }]);
  });
});

describe.each(BACKENDS)('follower anomalies in the alert evaluation, from looks recorded by workers, on %s', (backend) => {
  let t: TestStore;
  let accountId: number;
  const day = (n: number) => new Date(t0.getTime() + n * DAY);
  const evaluate = async (now: Date) =>
    (await evaluateAlerts(t.store.db, { now, unreachableAfter: 3, reminderMs: 0 })).filter((e) => e.alert.kind === 'follower-anomaly');
  const movedAt = async () => {
    const state = t.store.db.selectFrom('account_state').select('followers_moved_at').where('account_id', '=', accountId);
    return (await state.executeTakeFirstOrThrow()).followers_moved_at;
  };

  /** One look recorded as a crawl worker records it: the store is all the evaluation hears of it. */
  async function look(n: number, followers: number | null, outcome: Observation['outcome'] = 'ok'): Promise<void> {
    const observation = blankObservation({
      platform: 'telegram',
      url: 'https://t.me/s/watched',
      fetchedAt: day(n).toISOString(),
      outcome,
      httpStatus: outcome === 'ok' ? 200 : 503,
      followers,
      followersApproximate: followers === null ? null : false,
      error: outcome === 'ok' ? null : 'HTTP 503',
    });
    const earlier = { earlierPosts: [], lastPostAt: null, lastPostPrecision: null, consecutiveFailures: 0, consecutiveNotFound: 0 };
    const judgement = judge(observation, day(n), policyNamed('gov-cn'), earlier);
    await recordObservation(t.store.db, { accountId, roundKey: `day-${n}`, observation, judgement, nextDueAt: day(n + 1) });
  }

  beforeAll(async () => {
    t = await openTestStore(backend);
    const watched = { platform: 'telegram', url: 'https://t.me/s/watched', name: 'watched', unit: null, region: null, group: null };
    await importAccounts(t.store.db, [{ ...watched, policy: null, intervalMs: DAY, timeZone: 'Asia/Shanghai', options: {} }], t0);
    accountId = (await listAccounts(t.store.db))[0]!.id;
  }, 60_000);
  afterAll(() => t?.dispose());

  it('leaves ordinary growth unnoted and unjudged', async () => {
    for (let n = 0; n < 15; n++) await look(n, 10_000 + n * 20 + (n % 3));
    expect(await movedAt()).toBeNull();
    expect(await evaluate(day(14))).toEqual([]);
  });

  it('raises the alert at the evaluation after a look that jumped, and judges that look once', async () => {
    await look(15, 16_000);
    expect(await movedAt()).not.toBeNull();
    expect(await listAlerts(t.store.db)).toEqual([]);
    const [opened, ...rest] = await evaluate(day(15));
    expect(rest).toEqual([]);
    expect(opened).toMatchObject({
      type: 'opened',
      alert: {
        kind: 'follower-anomaly',
        key: `follower-anomaly:${accountId}`,
        state: 'open',
        reason: { code: 'follower-anomaly', direction: 'jump', from: 10_282, to: 16_000 },
      },
    });
    expect(await movedAt()).toBeNull();
    expect(await evaluate(day(15))).toEqual([]);
    const eventsOfAlert = await t.store.db.selectFrom('alert_events').select('type').where('alert_id', '=', opened!.alert.id).execute();
    expect(eventsOfAlert).toEqual([{ type: 'opened' }]);
  });

  it('notes neither a failed look nor a small move, so the open alert is not renewed by them', async () => {
    await look(16, null, 'error');
    await look(17, 16_010);
    expect(await movedAt()).toBeNull();
    expect(await evaluate(day(17))).toEqual([]);
  });

  it('renews the open alert when a later day jumps again', async () => {
    await look(18, 30_000);
    const [escalated, ...rest] = await evaluate(day(18));
    expect(rest).toEqual([]);
    expect(escalated).toMatchObject({
      type: 'escalated',
      alert: { kind: 'follower-anomaly', reason: { direction: 'jump', day: '2026-05-19', from: 16_010, to: 30_000 } },
    });
  });
});
