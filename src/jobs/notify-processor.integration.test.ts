import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { UnrecoverableError, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../domain/locale.ts';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import type { AlertSettings } from '../alerts/alert-settings.ts';
import type { NotifyQueue } from './job-queues.ts';
import type { NotifyJobData, NotifyJobResult } from './job-types.ts';
import { importAccounts, listAccounts } from '../store/accounts-repository.ts';
import { openAlert } from '../store/alerts-repository.ts';
import { addWebhook } from '../store/subscriptions-repository.ts';
import { lastDeliveries } from '../store/webhook-deliveries-repository.ts';
import type { AlertEvent } from '../domain/alert.ts';
import { NOTIFY_JOB_OPTIONS, dispatchEvents } from './dispatch-events.ts';
import { SleepwatchMetrics } from './metrics.ts';
import type { EmailNotifier } from '../alerts/notifiers/send-email.ts';
import { notifyProcessor } from './notify-processor.ts';

const now = new Date('2026-05-20T04:00:00Z');
const SETTINGS: AlertSettings = { reminderMs: 0, unreachableAfter: 3, publicUrl: 'http://127.0.0.1:8080', allowPrivateHosts: false };

/** An SMTP stand-in that records what it was asked to send. */
function recordingMailer(): EmailNotifier & { sent: Array<{ to: string[]; eventId: number; locale: Locale }> } {
  const sent: Array<{ to: string[]; eventId: number; locale: Locale }> = [];
  return { sent, send: async (to, event: AlertEvent, locale) => (sent.push({ to, eventId: event.id, locale }), { ok: true, status: 250 }) };
}

/** A job on its `attempt`th attempt (1 = the first) of the delivery's twelve. */
const job = (data: NotifyJobData, attempt = 1) =>
  ({ data, attemptsMade: attempt - 1, opts: { attempts: NOTIFY_JOB_OPTIONS.attempts } }) as Job<NotifyJobData, NotifyJobResult>;

describe.each(BACKENDS)('alert delivery from the outbox, on %s', (backend) => {
  let t: TestStore;
  let eventId: number;

  beforeAll(async () => {
    t = await openTestStore(backend);
    await importAccounts(
      t.store.db,
      [
        {
          platform: 'telegram',
          url: 'https://t.me/s/nanjing',
          name: '南京发布',
          unit: '市委宣传部',
          region: null,
          group: null,
          policy: null,
          intervalMs: 86_400_000,
          timeZone: 'Asia/Shanghai',
          options: {},
        },
      ],
      now,
    );
    const [account] = await listAccounts(t.store.db);
    const event = await openAlert(
      t.store.db,
      {
        key: `silence:${account!.id}`,
        kind: 'silence',
        severity: 'critical',
        status: 'sleeping',
        platform: 'telegram',
        accountId: account!.id,
        reason: { code: 'never-posted' },
        evidence: null,
      },
      now,
    );
    eventId = event!.id;
  }, 60_000);
  afterAll(() => t?.dispose());

  it('queues each event once per matching subscription, and never again once dispatched', async () => {
    const mail = await addWebhook(t.store.db, {
      url: 'mailto:ops@example.org,lead@example.org',
      secret: '',
      format: 'generic',
      locale: 'zh-CN',
      filter: {},
    });
    await addWebhook(t.store.db, {
      url: 'https://hooks.example.org/x',
      secret: 's'.repeat(32),
      format: 'generic',
      locale: 'en',
      filter: { platforms: ['mastodon'] },
    });
    const queued: Array<{ data: NotifyJobData; opts: { jobId?: string } }> = [];
    const queue = { addBulk: async (jobs: typeof queued) => void queued.push(...jobs) } as unknown as NotifyQueue;
    expect(await dispatchEvents(t.store.db, queue)).toBe(1);
    expect(queued.map((j) => [j.data, j.opts.jobId])).toEqual([[{ webhookId: mail.id, eventId }, `notify-${mail.id}-${eventId}`]]);
    expect(await dispatchEvents(t.store.db, queue)).toBe(0);
  });

  it('sends a mailto: subscription by e-mail once, and skips a delivery already made', async () => {
    const mailer = recordingMailer();
    const process = notifyProcessor({ store: t.store, settings: SETTINGS, userAgent: 'test', email: mailer });
    const [mail] = await t.store.db.selectFrom('webhooks').select('id').where('url', 'like', 'mailto:%').execute();
    const data = { webhookId: Number(mail!.id), eventId };
    expect(await process(job(data))).toEqual({ delivered: true });
    expect(mailer.sent).toEqual([{ to: ['ops@example.org', 'lead@example.org'], eventId, locale: 'zh-CN' }]);
    // The same job run again (its worker died after sending): nothing is sent twice.
    expect(await process(job(data))).toEqual({ delivered: false, skipped: 'already-delivered' });
    expect(mailer.sent).toHaveLength(1);
  });

  it('refuses at once, without retries, to e-mail when no SMTP server is configured', async () => {
    const other = await addWebhook(t.store.db, {
      url: 'mailto:nobody@example.org',
      secret: '',
      format: 'generic',
      locale: 'en',
      filter: {},
    });
    const process = notifyProcessor({ store: t.store, settings: SETTINGS, userAgent: 'test' });
    await expect(process(job({ webhookId: other.id, eventId }))).rejects.toBeInstanceOf(UnrecoverableError);
    const row = await t.store.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', other.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', attempts: 1, last_error: expect.stringContaining('SLEEPWATCH_SMTP_URL') });
  });

  it("records each attempt as the webhook's last delivery: one row per webhook, however many attempts", async () => {
    const [mail] = await t.store.db
      .selectFrom('webhooks')
      .select('id')
      .where('url', '=', 'mailto:ops@example.org,lead@example.org')
      .execute();
    const refused = await t.store.db.selectFrom('webhooks').select('id').where('url', '=', 'mailto:nobody@example.org').execute();
    const last = await lastDeliveries(t.store.db);
    expect(last.get(Number(mail!.id))).toMatchObject({ outcome: 'delivered', status: 250, reason: null, test: false });
    expect(last.get(Number(refused[0]!.id))).toMatchObject({
      outcome: 'failed',
      status: null,
      reason: expect.stringContaining('SLEEPWATCH_SMTP_URL'),
      test: false,
    });
    const rows = await t.store.db.selectFrom('webhook_last_deliveries').select('webhook_id').execute();
    expect(rows.map((r) => Number(r.webhook_id)).sort()).toEqual([Number(mail!.id), Number(refused[0]!.id)].sort());
  });

  it('delivers to a private receiver when the webhook was added with private receivers allowed, whatever the setting now', async () => {
    const server = http.createServer((_req, res) => res.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const allowed = await addWebhook(t.store.db, {
        url,
        secret: 's'.repeat(32),
        format: 'generic',
        locale: 'en',
        filter: {},
        allowPrivateHosts: true,
      });
      const notAllowed = await addWebhook(t.store.db, { url, secret: 's'.repeat(32), format: 'generic', locale: 'en', filter: {} });
      const process = notifyProcessor({ store: t.store, settings: SETTINGS, userAgent: 'test' });
      expect(await process(job({ webhookId: allowed.id, eventId }))).toEqual({ delivered: true });
      await expect(process(job({ webhookId: notAllowed.id, eventId }))).rejects.toThrow(/loopback address/);
      const last = await lastDeliveries(t.store.db);
      expect(last.get(allowed.id)).toMatchObject({ outcome: 'delivered', status: 204 });
      expect(last.get(notAllowed.id)).toMatchObject({ outcome: 'failed', status: null });
    } finally {
      server.close();
    }
  });

  it('counts deliveries: delivered, retrying while attempts are left, failed on the last one or when refused', async () => {
    let answer = 503;
    const server = http.createServer((_req, res) => res.writeHead(answer).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/counted`;
      const hook = await addWebhook(t.store.db, {
        url,
        secret: 's'.repeat(32),
        format: 'generic',
        locale: 'en',
        filter: {},
        allowPrivateHosts: true,
      });
      const refusing = await addWebhook(t.store.db, { url, secret: 's'.repeat(32), format: 'generic', locale: 'en', filter: {} });
      const metrics = new SleepwatchMetrics();
      const process = notifyProcessor({ store: t.store, settings: SETTINGS, userAgent: 'test', metrics });
      const data = { webhookId: hook.id, eventId };
      await expect(process(job(data, 1))).rejects.toThrow();
      await expect(process(job(data, NOTIFY_JOB_OPTIONS.attempts))).rejects.toThrow();
      await expect(process(job({ webhookId: refusing.id, eventId }))).rejects.toBeInstanceOf(UnrecoverableError);
      answer = 204;
      expect(await process(job(data, 2))).toEqual({ delivered: true });
      const counted = await metrics.deliveries.get();
      expect(Object.fromEntries(counted.values.map((v) => [v.labels.outcome, v.value]))).toEqual({ retrying: 1, failed: 2, delivered: 1 });
    } finally {
      server.close();
    }
  });

  it('skips a subscription removed after its job was queued', async () => {
    const process = notifyProcessor({ store: t.store, settings: SETTINGS, userAgent: 'test', email: recordingMailer() });
    expect(await process(job({ webhookId: 999_999, eventId }))).toEqual({ delivered: false, skipped: 'removed' });
  });
});
