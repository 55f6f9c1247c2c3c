import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { listAlerts } from '../store/alerts-repository.ts';
import { checkFollowers } from './follower-alerts.ts';

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
          account_id: accountId, round_key: `d${fromDay + i}`, fetched_at: new Date(t0.getTime() + (fromDay + i) * DAY), outcome: 'ok',
          http_status: 200, display_name: null, followers, followers_approximate: approximate, posts_count: null, last_post_at: null,
          last_post_precision: null, last_post_url: null, last_post_excerpt: null, status: 'active', days_silent: 0, reason: 'test', error: null,
        })),
      )
      .execute();
  }

  beforeAll(async () => {
    t = await openTestStore(backend);
    await importAccounts(t.store.db, [{ platform: 'telegram', url: 'https://t.me/s/growing', name: 'growing', unit: null, region: null, group: null, policy: null, intervalMs: DAY, timeZone: 'Asia/Shanghai', options: {} }], t0);
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
    expect(alert).toMatchObject({ kind: 'follower-anomaly', key: `follower-anomaly:${accountId}`, state: 'open', reason: { code: 'follower-anomaly', direction: 'jump', from: 10_282, to: 16_000 } });
    // The same look checked again does not raise it twice.
    await checkFollowers(t.store.db, { id: accountId, platform: 'telegram' }, new Date(t0.getTime() + 15 * DAY));
    expect(await t.store.db.selectFrom('alert_events').select('type').execute()).toEqual([{ type: 'opened' }]);
  });
});
