import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { addWebhook, removeWebhook } from './subscriptions-repository.ts';
import { lastDeliveries, recordTestDelivery } from './webhook-deliveries-repository.ts';

const at = (iso: string) => new Date(iso);

describe.each(BACKENDS)("a webhook's last delivery, on %s", (backend) => {
  let t: TestStore;
  let hookId: number;

  beforeAll(async () => {
    t = await openTestStore(backend);
    hookId = (
      await addWebhook(t.store.db, {
        url: 'https://hooks.example.org/x',
        secret: 's'.repeat(32),
        format: 'generic',
        locale: 'en',
        filter: {},
      })
    ).id;
  }, 60_000);
  afterAll(() => t?.dispose());

  it('is absent until a first delivery', async () => {
    expect((await lastDeliveries(t.store.db)).has(hookId)).toBe(false);
  });

  it('keeps only the newest attempt, a test delivery included, and never lets an older one overwrite it', async () => {
    await recordTestDelivery(t.store.db, hookId, { ok: true, status: 200, answer: 'ok' }, at('2026-05-20T04:00:00Z'));
    await recordTestDelivery(
      t.store.db,
      hookId,
      { ok: false, retry: true, status: 503, reason: 'webhook https://hooks.example.org/x: HTTP 503' },
      at('2026-05-20T05:00:00Z'),
    );
    // Finished late, started earlier: it does not hide the newer outcome.
    await recordTestDelivery(t.store.db, hookId, { ok: true, status: 200 }, at('2026-05-20T04:30:00Z'));

    // A test is retried by nobody, so a retryable failure is final there.
    expect((await lastDeliveries(t.store.db)).get(hookId)).toEqual({
      at: at('2026-05-20T05:00:00Z'),
      outcome: 'failed',
      status: 503,
      reason: 'webhook https://hooks.example.org/x: HTTP 503',
      test: true,
    });
    const rows = await t.store.db.selectFrom('webhook_last_deliveries').selectAll().where('webhook_id', '=', hookId).execute();
    expect(rows).toHaveLength(1);
  });

  it('goes with its webhook, and recording for a removed webhook stores nothing', async () => {
    expect(await removeWebhook(t.store.db, hookId)).toBe(true);
    expect((await lastDeliveries(t.store.db)).size).toBe(0);
    await recordTestDelivery(t.store.db, hookId, { ok: true, status: 200 }, at('2026-05-20T06:00:00Z'));
    expect((await lastDeliveries(t.store.db)).size).toBe(0);
  });
});
