import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../src/domain/alert.ts';
import { dispatchEvents, NOTIFY_JOB_OPTIONS } from '../src/jobs/dispatch-events.ts';
import { matchesFilter } from '../src/alerts/feeds/feed-filter.ts';
import { alertEventEntryId, FEED_FORMATS, renderAlertFeed, type FeedFormat } from '../src/alerts/feeds/render-feed.ts';
import { EVENT_HEADER } from '../src/alerts/notifiers/deliver-webhook.ts';
import type { GenericWebhookBody } from '../src/alerts/notifiers/generic.ts';
import { SIGNATURE_HEADER, verifySignature } from '../src/alerts/notifiers/signature.ts';
import { loadConfig } from '../src/config.ts';
import type { FakeAccount } from '../src/fake-platforms/population.ts';
import { fakeAccount } from './support/fake-account.ts';
import { enqueueRecrawl, recrawlObservation } from '../src/jobs/enqueue-recrawl.ts';
import { Monitor } from '../src/jobs/monitor.ts';
import { notifyJobId } from '../src/jobs/job-types.ts';
import { importAccounts, listAccounts, type AccountWithState } from '../src/store/accounts-repository.ts';
import { listAlerts, recentEvents } from '../src/store/alerts-repository.ts';
import { addFeed, addWebhook, type WebhookSubscription } from '../src/store/subscriptions-repository.ts';
import { waitFor } from './support/cli-process.ts';
import { serveSimulated, testCrawlSettings } from './support/simulated.ts';

/**
 * The alert lifecycle end to end, on the embedded store: simulated accounts crawled through
 * the real queue and workers, alerts evaluated from the store, events handed to the notify
 * queue and delivered by its worker to a webhook receiver on this machine, and read back
 * as feeds. The accounts change between crawls the way real ones do (they post again, their
 * pages start failing), through the simulated server's `setAccount`.
 */

const CLOSURE_NOTICE = '本账号停止更新，相关信息迁移至“南京发布”微信公众号';
const UNREACHABLE_AFTER = 3;

type Name = 'daily_poster' | 'drifting_daily' | 'sleeping_20d' | 'zombie_120d' | 'never_posted' | 'closure_notice' | 'captcha_wall';

/** Telegram channels (one page per look); the name an account is registered under is its key. */
const SCRIPTS: Array<Partial<FakeAccount> & { key: Name }> = [
  // Posts about daily, last some hours ago: nothing to say about it.
  { key: 'daily_poster', silenceDays: 0.3, cadenceDays: 1, postCount: 60 },
  // A daily rhythm broken 11½ days ago: past the 10-day warning line, short of the 14-day red line.
  { key: 'drifting_daily', silenceDays: 11.5, cadenceDays: 1, postCount: 60 },
  { key: 'sleeping_20d', silenceDays: 20, cadenceDays: 2, postCount: 40 },
  { key: 'zombie_120d', silenceDays: 120, cadenceDays: 3, postCount: 40 },
  { key: 'never_posted', silenceDays: null, postCount: 0 },
  // Posted three days ago, and that post closes the account.
  { key: 'closure_notice', silenceDays: 3, cadenceDays: 2, postCount: 30, newestPostText: CLOSURE_NOTICE },
  // Behind a captcha: whatever its real silence (20 days here), nobody can tell.
  { key: 'captcha_wall', silenceDays: 20, cadenceDays: 2, postCount: 40, fault: 'captcha' },
];
const ACCOUNTS = SCRIPTS.map(({ key, ...rest }) => fakeAccount({ key, platform: 'telegram', displayName: key, ...rest }));

/** One POST the receiver got, with what it answered. */
interface Delivery {
  eventId: string | undefined;
  signature: string | undefined;
  rawBody: string;
  body: GenericWebhookBody;
  receivedAtSeconds: number;
  answered: number;
}

/**
 * A webhook receiver on 127.0.0.1 that keeps every request. `answer` picks the status per
 * request (200 unless it says otherwise).
 */
async function startReceiver(answer: (body: GenericWebhookBody, earlier: readonly Delivery[]) => number) {
  const deliveries: Delivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(rawBody) as GenericWebhookBody;
      const status = answer(body, deliveries);
      deliveries.push({
        eventId: header(req, EVENT_HEADER),
        signature: header(req, SIGNATURE_HEADER),
        rawBody,
        body,
        receivedAtSeconds: Date.now() / 1000,
        answered: status,
      });
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : '{"error":"try again later"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sleepwatch`,
    deliveries,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(',') : value;
}

describe('alerts end to end: crawl → judge → alert → notify queue → webhook and feed (embedded store)', () => {
  let dir: string;
  let served: Awaited<ReturnType<typeof serveSimulated>>;
  let monitor: Monitor;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let hook: WebhookSubscription;
  const secret = randomBytes(16).toString('hex');
  const ids = new Map<Name, number>();
  /** The event the receiver refused once (answered 500), by id. */
  let refusedEventId: number | undefined;

  const accountId = (name: Name) => ids.get(name)!;
  const account = async (name: Name): Promise<AccountWithState> => (await listAccounts(monitor.store.db)).find((a) => a.name === name)!;
  const reasonOf = async (name: Name) =>
    (
      await monitor.store.db
        .selectFrom('account_state')
        .select('reason_data')
        .where('account_id', '=', accountId(name))
        .executeTakeFirstOrThrow()
    ).reason_data as unknown as Record<string, unknown>;
  const alertsOf = async (name: Name): Promise<Alert[]> =>
    (await listAlerts(monitor.store.db)).filter((a) => a.account?.id === accountId(name));
  const allEvents = () => recentEvents(monitor.store.db, { limit: 1000 });
  const successes = (eventId: string | number) => receiver.deliveries.filter((d) => d.eventId === String(eventId) && d.answered === 200);

  /** Crawls one account now, as `recrawl` does, and waits until its observation is recorded. */
  async function recrawl(name: Name): Promise<void> {
    const queued = await enqueueRecrawl(monitor.queues.crawl, accountId(name));
    await recrawlObservation(monitor.store.db, monitor.queues.crawl, queued, { timeoutMs: 30_000 });
  }

  /** Waits until the delivery queue is idle: nothing waiting, running or scheduled for a retry. */
  async function notifyQueueIdle(): Promise<void> {
    await waitFor(
      async () => {
        const counts = await monitor.queues.notify.getJobCounts('wait', 'active', 'delayed', 'prioritized');
        return Object.values(counts).every((n) => n === 0);
      },
      30_000,
      'the notify queue to drain',
    );
  }

  /** Waits until every recorded event has reached the receiver with a 200 at least once. */
  async function everyEventDelivered(): Promise<AlertEvent[]> {
    const events = await allEvents();
    await waitFor(() => events.every((e) => successes(e.id).length > 0), 30_000, 'every event to reach the webhook');
    await notifyQueueIdle();
    return events;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-alerts-e2e-'));
    const config = loadConfig({
      SLEEPWATCH_DATA: path.join(dir, 'data'),
      SLEEPWATCH_QUEUE_PREFIX: `alerts${process.pid}`,
      // The webhook receiver is on loopback.
      SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true',
      // No reminders: every event in this test comes from a change of standing.
      SLEEPWATCH_REMINDER_HOURS: '0',
      SLEEPWATCH_UNREACHABLE_AFTER: String(UNREACHABLE_AFTER),
    });
    served = await serveSimulated(ACCOUNTS);
    receiver = await startReceiver((body, earlier) => {
      // The first woke-up is refused once, the way a receiver that is restarting does.
      if (body.type === 'woke-up' && !earlier.some((d) => d.body.type === 'woke-up')) {
        refusedEventId = Number(body.event);
        return 500;
      }
      return 200;
    });
    monitor = await Monitor.start(config, {
      scheduler: false,
      worker: true,
      tickMs: 60_000,
      batchSize: 100,
      workerConcurrency: 8,
      lockDurationMs: 30_000,
      crawl: testCrawlSettings(),
    });
    await importAccounts(monitor.store.db, served.accounts, new Date());
    for (const a of await listAccounts(monitor.store.db)) ids.set(a.name as Name, Number(a.id));
    hook = await addWebhook(monitor.store.db, { url: receiver.url, secret, format: 'generic', locale: 'zh-CN', filter: {} });
  }, 60_000);

  afterAll(async () => {
    await monitor?.stop();
    await served?.server.close();
    await receiver?.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('one sweep gives every account its status, and one evaluation the alerts those statuses call for', async () => {
    expect(await monitor.tickNow()).toBe(ACCOUNTS.length);
    await waitFor(async () => (await listAccounts(monitor.store.db)).every((a) => a.last_checked_at !== null), 30_000, 'the first sweep');

    const statuses = Object.fromEntries((await listAccounts(monitor.store.db)).map((a) => [a.name, a.status]));
    expect(statuses).toEqual({
      daily_poster: 'active',
      drifting_daily: 'drifting',
      sleeping_20d: 'sleeping',
      zombie_120d: 'zombie',
      never_posted: 'empty',
      closure_notice: 'closed',
      captcha_wall: 'unknown',
    });
    expect(await reasonOf('drifting_daily')).toMatchObject({ code: 'silent', line: 'warn', daysSilent: 11 });
    expect(await reasonOf('closure_notice')).toMatchObject({ code: 'closure-notice', phrase: '停止更新', target: '南京发布' });
    expect(await reasonOf('captcha_wall')).toMatchObject({ code: 'fetch-failed', outcome: 'blocked', consecutiveFailures: 1 });

    const events = await monitor.evaluateAlertsNow();
    const summary = (a: Alert) => ({
      account: a.account?.name,
      kind: a.kind,
      state: a.state,
      severity: a.severity,
      status: a.status,
      reason: a.reason.code,
    });
    const expected = [
      { account: 'drifting_daily', kind: 'silence', state: 'open', severity: 'warning', status: 'drifting', reason: 'silent' },
      { account: 'sleeping_20d', kind: 'silence', state: 'open', severity: 'critical', status: 'sleeping', reason: 'silent' },
      { account: 'zombie_120d', kind: 'silence', state: 'open', severity: 'critical', status: 'zombie', reason: 'silent' },
      { account: 'never_posted', kind: 'empty', state: 'open', severity: 'warning', status: 'empty', reason: 'never-posted' },
      // A notice that says where service moved is news, not a breach of the rules.
      { account: 'closure_notice', kind: 'closed', state: 'open', severity: 'info', status: 'closed', reason: 'closure-notice' },
    ];
    const byAccount = (a: { account?: string }, b: { account?: string }) => (a.account ?? '').localeCompare(b.account ?? '');
    expect((await listAlerts(monitor.store.db)).map(summary).sort(byAccount)).toEqual([...expected].sort(byAccount));
    expect(events.map((e) => ({ type: e.type, ...summary(e.alert) })).sort(byAccount)).toEqual(
      expected.map((x) => ({ type: 'opened', ...x })).sort(byAccount),
    );

    const silence = (await alertsOf('sleeping_20d'))[0]!;
    expect(silence.reason).toMatchObject({ code: 'silent', line: 'red-line', daysSilent: 20 });
    expect(silence.evidence?.lastPostAt).toBe((await account('sleeping_20d')).last_post_at?.toISOString());
    expect((await alertsOf('zombie_120d'))[0]!.reason).toMatchObject({ code: 'silent', line: 'zombie', daysSilent: 120 });
    expect((await alertsOf('closure_notice'))[0]!.reason).toMatchObject({ code: 'closure-notice', target: '南京发布' });
    // Nothing for the active account, and a blocked page is not silence: one failure is below the threshold.
    expect(await alertsOf('daily_poster')).toEqual([]);
    expect(await alertsOf('captcha_wall')).toEqual([]);
  }, 60_000);

  it('delivers every event to the webhook once, signed, with the event in a generic body', async () => {
    const events = await everyEventDelivered();
    expect(events).toHaveLength(5);
    expectEachEventOnce(events);
    expectSigned(receiver.deliveries);
    for (const e of events) {
      const [d] = successes(e.id);
      expect(d!.body).toMatchObject({ id: String(e.id), event: String(e.id), type: 'opened', kind: e.alert.kind, locale: 'zh-CN' });
      expect(d!.body.alert).toMatchObject({
        id: e.alert.id,
        key: e.alert.key,
        severity: e.alert.severity,
        status: e.alert.status,
        state: 'open',
      });
      expect(d!.body.account).toEqual(e.alert.account);
      expect(await delivery(e.id)).toMatchObject({ state: 'delivered', attempts: 1, last_status: 200 });
    }
  }, 60_000);

  it('sends nothing twice: evaluating again, re-dispatching, even after the queue forgot its jobs', async () => {
    const before = receiver.deliveries.length;
    const events = await allEvents();
    // Nothing changed, so a second evaluation records nothing.
    expect(await monitor.evaluateAlertsNow()).toEqual([]);
    // The outbox handed out again: the same job ids, so the queue takes nothing new.
    await monitor.store.db.updateTable('alert_events').set({ dispatched: false }).execute();
    expect(await dispatchEvents(monitor.store.db, monitor.queues.notify)).toBe(events.length);
    await notifyQueueIdle();
    // And with the finished jobs cleaned away, the deliveries table still says they are done.
    await monitor.queues.notify.clean(0, 1000, 'completed');
    await monitor.store.db.updateTable('alert_events').set({ dispatched: false }).execute();
    expect(await monitor.evaluateAlertsNow()).toEqual([]);
    const job = (e: AlertEvent) => monitor.queues.notify.getJob(notifyJobId({ webhookId: hook.id, eventId: e.id }));
    await waitFor(
      async () => (await Promise.all(events.map(job))).every((j) => j?.finishedOn !== undefined),
      30_000,
      'the re-dispatched jobs to finish',
    );
    for (const e of events) expect((await job(e))?.returnvalue).toEqual({ delivered: false, skipped: 'already-delivered' });
    await notifyQueueIdle();
    expect(receiver.deliveries.length).toBe(before);
    expectEachEventOnce(events);
  }, 60_000);

  it('resolves the silence alert with woke-up when the sleeping account posts again; a 500 from the receiver means a retry', async () => {
    const [silence] = await alertsOf('sleeping_20d');
    served.server.setAccount('sleeping_20d', { silenceDays: 0.1, postCount: 41 });
    await recrawl('sleeping_20d');
    expect((await account('sleeping_20d')).status).toBe('active');

    const events = await monitor.evaluateAlertsNow();
    expect(events.map((e) => [e.type, e.alert.key])).toEqual([['woke-up', silence!.key]]);
    const lastPostAt = (await account('sleeping_20d')).last_post_at!.toISOString();
    const alerts = await alertsOf('sleeping_20d');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ id: silence!.id, state: 'resolved', reason: { code: 'woke-up', lastPostAt } });
    expect(alerts[0]!.resolvedAt).not.toBeNull();

    // The receiver answers this one 500: BullMQ keeps the job for a retry after its backoff.
    const wokeUp = events[0]!;
    const jobId = notifyJobId({ webhookId: hook.id, eventId: wokeUp.id });
    await waitFor(
      async () => (await monitor.queues.notify.getJobState(jobId)) === 'delayed',
      30_000,
      'the refused delivery to wait for its retry',
    );
    expect(refusedEventId).toBe(wokeUp.id);
    const waiting = (await monitor.queues.notify.getJob(jobId))!;
    expect(waiting.attemptsMade).toBe(1);
    expect(waiting.opts.backoff).toEqual(NOTIFY_JOB_OPTIONS.backoff);
    expect(await delivery(wokeUp.id)).toMatchObject({ state: 'retrying', attempts: 1, last_status: 500 });
    expect(successes(wokeUp.id)).toEqual([]);
  }, 60_000);

  it('escalates the drifting account past the red line with no second alert, delivering it while the woke-up awaits a retry', async () => {
    const [drifting] = await alertsOf('drifting_daily');
    expect(drifting).toMatchObject({ severity: 'warning', status: 'drifting' });
    // Four days on, as its page shows them: the same posts, each four days older.
    served.server.setAccount('drifting_daily', { silenceDays: 15.5 });
    await recrawl('drifting_daily');
    expect((await account('drifting_daily')).status).toBe('sleeping');

    const events = await monitor.evaluateAlertsNow();
    const evaluatedAt = Date.now();
    expect(events.map((e) => [e.type, e.alert.id, e.alert.severity, e.alert.status])).toEqual([
      ['escalated', drifting!.id, 'critical', 'sleeping'],
    ]);
    const alerts = await alertsOf('drifting_daily');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      id: drifting!.id,
      key: drifting!.key,
      state: 'open',
      openedAt: drifting!.openedAt,
      reason: { code: 'silent', line: 'red-line', daysSilent: 15 },
    });

    const escalated = events[0]!;
    // A receiver that failed once must not hold up the next alert: the woke-up's retry is
    // still about 20 s away here, and an idle worker looks for new jobs every 5 s at the latest.
    expect(await monitor.queues.notify.getJobState(notifyJobId({ webhookId: hook.id, eventId: refusedEventId! }))).toBe('delayed');
    await waitFor(() => successes(escalated.id).length > 0, 60_000, 'the escalation to reach the webhook');
    const latencyMs = receiver.deliveries.find((d) => d.eventId === String(escalated.id))!.receivedAtSeconds * 1000 - evaluatedAt;
    expect(latencyMs, 'the escalation waited for the unrelated woke-up retry').toBeLessThan(12_000);
    expect(successes(escalated.id).map((d) => [d.body.type, d.body.alert.id, d.body.alert.severity, d.body.alert.status])).toEqual([
      ['escalated', drifting!.id, 'critical', 'sleeping'],
    ]);
  }, 90_000);

  it('retries the refused delivery after its backoff: it arrives once as a success, and every event has arrived once', async () => {
    const refusedId = refusedEventId!;
    await waitFor(() => successes(refusedId).length > 0, 60_000, 'the retried delivery');
    const events = await everyEventDelivered();
    expect(await delivery(refusedId)).toMatchObject({ state: 'delivered', attempts: 2, last_status: 200 });
    const attempts = receiver.deliveries.filter((d) => d.eventId === String(refusedId));
    expect(attempts.map((d) => d.answered)).toEqual([500, 200]);
    // BullMQ's first backoff step is 30 s: the retry came no sooner.
    expect(attempts[1]!.receivedAtSeconds - attempts[0]!.receivedAtSeconds).toBeGreaterThanOrEqual(29);
    expect(attempts[1]!.body).toMatchObject({
      event: String(refusedId),
      type: 'woke-up',
      kind: 'silence',
      alert: { state: 'resolved' },
      account: { name: 'sleeping_20d' },
    });
    expect(attempts[1]!.rawBody).toBe(attempts[0]!.rawBody);
    expect(events.map((e) => e.type).sort()).toEqual(['escalated', 'opened', 'opened', 'opened', 'opened', 'opened', 'woke-up']);
    expectEachEventOnce(events);
    expectSigned(receiver.deliveries);
  }, 90_000);

  it('never escalates on failures: a sleeping account whose page fails keeps its alert as it was, with no event', async () => {
    const [before] = await alertsOf('drifting_daily');
    expect(before).toMatchObject({ state: 'open', status: 'sleeping' });
    const eventsBefore = (await allEvents()).length;
    const deliveriesBefore = receiver.deliveries.length;

    served.server.setAccount('drifting_daily', { fault: 'server-error' });
    await recrawl('drifting_daily');
    const state = await account('drifting_daily');
    expect(state.status).toBe('unknown');
    expect(state.consecutive_failures).toBe(1);
    expect(await reasonOf('drifting_daily')).toMatchObject({ code: 'fetch-failed', consecutiveFailures: 1 });

    expect(await monitor.evaluateAlertsNow()).toEqual([]);
    expect(await alertsOf('drifting_daily')).toEqual([before]);
    expect((await allEvents()).length).toBe(eventsBefore);
    await notifyQueueIdle();
    expect(receiver.deliveries.length).toBe(deliveriesBefore);
  }, 60_000);

  it('calls the captcha account unreachable at the threshold, never silent', async () => {
    // First look in the sweep; the second one still stays below the threshold.
    await recrawl('captcha_wall');
    expect((await account('captcha_wall')).consecutive_failures).toBe(UNREACHABLE_AFTER - 1);
    expect(await monitor.evaluateAlertsNow()).toEqual([]);
    expect(await alertsOf('captcha_wall')).toEqual([]);

    await recrawl('captcha_wall');
    expect(await account('captcha_wall')).toMatchObject({ status: 'unknown', consecutive_failures: UNREACHABLE_AFTER });
    const events = await monitor.evaluateAlertsNow();
    expect(events.map((e) => [e.type, e.alert.kind, e.alert.severity, e.alert.status, e.alert.account?.name])).toEqual([
      ['opened', 'unreachable', 'warning', 'unknown', 'captcha_wall'],
    ]);
    expect(events[0]!.alert.reason).toMatchObject({ code: 'unreachable', consecutiveFailures: UNREACHABLE_AFTER, lastSuccessAt: null });
    expect((await alertsOf('captcha_wall')).map((a) => a.kind)).toEqual(['unreachable']);

    await everyEventDelivered();
    expectEachEventOnce(await allEvents());
  }, 60_000);

  it('renders every event once in RSS, Atom and JSON Feed that feedsmith reads back', async () => {
    const feed = await addFeed(monitor.store.db, { filter: {}, locale: 'zh-CN' });
    const events = (await allEvents()).filter((e) => matchesFilter(e, feed.filter));
    // opened ×5, woke-up, escalated, opened (unreachable).
    expect(events.map((e) => e.type).sort()).toEqual(['escalated', 'opened', 'opened', 'opened', 'opened', 'opened', 'opened', 'woke-up']);
    const wanted = events.map(alertEventEntryId);
    for (const format of FEED_FORMATS) {
      const { body } = renderAlertFeed(format, events, {
        locale: feed.locale,
        selfUrl: `http://127.0.0.1:8080/feeds/alerts.${format}?token=${feed.token}`,
        siteUrl: 'http://127.0.0.1:8080',
        updated: new Date(events[0]!.at),
      });
      const entryIds = readEntryIds(format, body);
      expect(entryIds).toEqual(wanted);
      expect(new Set(entryIds).size).toBe(entryIds.length);
    }
  }, 30_000);

  async function delivery(eventId: number) {
    return monitor.store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', hook.id)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }

  /** Every request carried a signature that verifies with the webhook's secret, and only with it. */
  function expectSigned(deliveries: readonly Delivery[]): void {
    expect(deliveries.length).toBeGreaterThan(0);
    for (const d of deliveries) {
      expect(d.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(secret, d.rawBody, d.signature!, { nowSeconds: d.receivedAtSeconds })).toBe(true);
      // The check would catch a wrong key: a signature anyone could make proves nothing.
      expect(verifySignature(`${secret}x`, d.rawBody, d.signature!, { nowSeconds: d.receivedAtSeconds })).toBe(false);
    }
  }

  /** Each event reached the receiver with a 200 exactly once, and nothing arrived that is not an event. */
  function expectEachEventOnce(events: AlertEvent[]): void {
    const known = new Set(events.map((e) => String(e.id)));
    for (const d of receiver.deliveries) expect(known.has(d.eventId ?? '')).toBe(true);
    expect(Object.fromEntries(events.map((e) => [e.id, successes(e.id).length]))).toEqual(Object.fromEntries(events.map((e) => [e.id, 1])));
  }
});

function readEntryIds(format: FeedFormat, body: string): string[] {
  if (format === 'rss') return (parseRssFeed(body).items ?? []).map((i) => i.guid?.value ?? '');
  if (format === 'atom') return (parseAtomFeed(body).entries ?? []).map((e) => e.id ?? '');
  return (parseJsonFeed(body).items ?? []).map((i) => i.id ?? '');
}
