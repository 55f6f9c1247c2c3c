import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { alertTestAccount, registerAlertTestAccounts, setStanding } from '../../tests/support/alert-accounts.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import { evaluateAlerts } from '../alerts/evaluate-alerts.ts';
import type { AlertRow } from '../alerts/alert-row.ts';
import type { AlertKind, AlertSeverity } from '../domain/alert.ts';
import type { Reason } from '../domain/reason.ts';
import { openAlertsFor, resolveAlert, type AlertDraft } from '../store/alerts-repository.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const REASON: Reason = {
  code: 'silent',
  line: 'red-line',
  daysSilent: 15,
  lastPostAt: '2026-01-01T00:00:00.000Z',
  redLineDays: 14,
  zombieDays: 90,
};

interface Page {
  items: AlertRow[];
  nextCursor: string | null;
}

describe.each(BACKENDS)('the alerts API on %s', (backend) => {
  let api: ApiUnderTest;
  let ids: Record<string, number>;
  /** Every alert made for the list tests. */
  const made: Array<{ id: number; kind: AlertKind; unit: string | null; group: string | null; state: string }> = [];
  const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);

  const get = async (url: string, token = api.tokens.viewer) => api.call(token, { method: 'GET', url });
  const page = async (url: string, token = api.tokens.viewer) => {
    const res = await get(url, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };
  const ack = (id: number, token: string, body?: unknown) =>
    api.call(token, { method: 'POST', url: `/api/alerts/${id}/ack`, ...(body === undefined ? {} : { payload: body as object }) });
  const issueFields = (body: string) => (JSON.parse(body) as { issues: Array<{ field: string }> }).issues.map((i) => i.field);

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
    const db = api.context.store.db;
    ids = await registerAlertTestAccounts(
      db,
      [
        alertTestAccount('east-news', '东区', '新闻'),
        alertTestAccount('east-health', '东区', '卫健'),
        alertTestAccount('west-news', '西区', '新闻'),
        alertTestAccount('drifter', '西区', null),
      ],
      t0,
    );
    // 23 alerts, three of them opened in the same instant (the cursor must tell them apart by id).
    const accounts = [
      { name: 'east-news', unit: '东区', group: '新闻' },
      { name: 'east-health', unit: '东区', group: '卫健' },
      { name: 'west-news', unit: '西区', group: '新闻' },
      { name: null, unit: null, group: null },
    ];
    const kinds: AlertKind[] = ['silence', 'empty', 'closed'];
    for (let i = 0; i < 23; i++) {
      const account = accounts[i % 4]!;
      const kind: AlertKind = account.name === null ? 'parser-broken' : kinds[i % 3]!;
      const severity: AlertSeverity = i % 2 ? 'critical' : 'warning';
      const draft: AlertDraft = {
        key: `list-test:${i}`,
        kind,
        severity,
        status: account.name === null ? null : 'sleeping',
        platform: 'telegram',
        accountId: account.name === null ? null : ids[account.name]!,
        reason: REASON,
        evidence: null,
      };
      const openedAt = new Date(t0.getTime() - 10 * HOUR - Math.min(i, 20) * MINUTE);
      const [event] = await openAlertsFor(db, [draft], openedAt);
      let state = 'open';
      if (i % 5 === 4) {
        await resolveAlert(db, event!.alert.id, 'resolved', REASON, openedAt);
        state = 'resolved';
      }
      made.push({ id: event!.alert.id, kind, unit: account.unit, group: account.group, state });
    }
  }, 120_000);
  afterAll(() => api?.close());

  it('walks every alert exactly once, newest first, by following nextCursor', async () => {
    const seen: number[] = [];
    let url: string | null = '/api/alerts?limit=5';
    while (url) {
      const p: Page = await page(url);
      expect(p.items.length).toBeLessThanOrEqual(5);
      seen.push(...p.items.map((r) => r.id));
      url = p.nextCursor ? `/api/alerts?limit=5&cursor=${encodeURIComponent(p.nextCursor)}` : null;
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const all = (await page('/api/alerts?limit=100')).items;
    expect(seen).toEqual(all.map((r) => r.id));
    const order = all.map((r) => [Date.parse(r.openedAt), r.id] as const);
    for (let i = 1; i < order.length; i++) {
      const [[t1, id1], [t2, id2]] = [order[i - 1]!, order[i]!];
      expect(t1 > t2 || (t1 === t2 && id1 > id2)).toBe(true);
    }
    // An offset pages too, for tables that jump to a page.
    expect((await page('/api/alerts?limit=5&offset=20')).items.map((r) => r.id)).toEqual(seen.slice(20));
  });

  it('filters in the query: state, kind, severity, status, platform, unit, group, account and acknowledgement', async () => {
    const idsOf = async (query: string) => (await page(`/api/alerts?limit=500&${query}`)).items.map((r) => r.id).sort();
    const expected = (keep: (m: (typeof made)[number]) => boolean) =>
      made
        .filter(keep)
        .map((m) => m.id)
        .sort();
    expect(await idsOf('state=resolved')).toEqual(expected((m) => m.state === 'resolved'));
    expect(await idsOf('kind=parser-broken')).toEqual(expected((m) => m.kind === 'parser-broken'));
    expect(await idsOf('kind=empty,closed&state=open')).toEqual(
      expected((m) => ['empty', 'closed'].includes(m.kind) && m.state === 'open'),
    );
    expect(await idsOf('unit=东区')).toEqual(expected((m) => m.unit === '东区'));
    expect(await idsOf('group=新闻&unit=西区')).toEqual(expected((m) => m.group === '新闻' && m.unit === '西区'));
    expect(await idsOf(`accountId=${ids['east-health']}`)).toEqual(expected((m) => m.unit === '东区' && m.group === '卫健'));
    expect(await idsOf('status=sleeping')).toEqual(expected((m) => m.kind !== 'parser-broken'));
    expect(await idsOf('platform=weibo')).toEqual([]);
    const critical = (await page('/api/alerts?limit=500&severity=critical')).items;
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((r) => r.severity === 'critical')).toBe(true);
    expect(await idsOf('acknowledged=true')).toEqual([]);
    expect(await idsOf('acknowledged=false')).toEqual(expected(() => true));
    const en = (await page('/api/alerts?limit=1&kind=parser-broken&locale=en')).items[0]!;
    expect(en.title).toBe('telegram: parser broken');
  });

  it('answers bad filters and cursors with 400 naming the parameter', async () => {
    const cases: Array<[string, string[]]> = [
      ['kind=silence,snooze', ['querystring.kind']],
      ['acknowledged=maybe&limit=0', ['querystring.limit', 'querystring.acknowledged']],
      ['cursor=not-ours', ['querystring.cursor']],
      ['cursor=WzFd&offset=3', ['querystring.cursor']],
      ['accountId=x', ['querystring.accountId']],
    ];
    for (const [query, fields] of cases) {
      const res = await get(`/api/alerts?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(issueFields(res.body).sort(), query).toEqual(fields.sort());
    }
  });

  it("shows a unit's token its unit's accounts' alerts only, and no platform-level alert", async () => {
    const east = await api.token('viewer', { unit: '东区' });
    const rows = (await page('/api/alerts?limit=500', east)).items;
    expect(rows.map((r) => r.id).sort()).toEqual(
      made
        .filter((m) => m.unit === '东区')
        .map((m) => m.id)
        .sort(),
    );
    // Asking for another unit does not widen what it sees.
    expect((await page('/api/alerts?unit=西区', east)).items).toEqual([]);
  });

  it('acknowledges an open alert for operators, recording who, when and why; viewers get 403', async () => {
    const target = made.find((m) => m.state === 'open' && m.unit === '西区')!;
    expect((await ack(target.id, api.tokens.viewer, {})).statusCode).toBe(403);
    const operator = await api.token('operator', { name: 'duty officer' });
    const res = await ack(target.id, operator, { note: 'called the unit; they are on it' });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json<AlertRow>();
    expect(row).toMatchObject({ id: target.id, acknowledgedBy: 'duty officer', ackNote: 'called the unit; they are on it' });
    expect(Date.parse(row.acknowledgedAt!)).toBeGreaterThanOrEqual(t0.getTime());
    expect((await page('/api/alerts?acknowledged=true')).items.map((r) => r.id)).toEqual([target.id]);
    // Without a body, and by an unnamed token: the token's number names who acted.
    const plain = await ack(target.id, api.tokens.operator);
    expect(plain.statusCode, plain.body).toBe(200);
    expect(plain.json<AlertRow>()).toMatchObject({ acknowledgedBy: expect.stringMatching(/^token \d+$/), ackNote: null });
  });

  it('answers 404 for unknown and other units’ alerts, 409 for resolved ones, 400 for a bad note', async () => {
    const east = await api.token('operator', { unit: '东区' });
    const west = made.find((m) => m.state === 'open' && m.unit === '西区')!;
    const platform = made.find((m) => m.kind === 'parser-broken' && m.state === 'open')!;
    expect((await ack(west.id, east, {})).statusCode).toBe(404);
    expect((await ack(platform.id, east, {})).statusCode).toBe(404);
    expect((await ack(999_999, api.tokens.operator, {})).statusCode).toBe(404);
    const resolved = made.find((m) => m.state === 'resolved')!;
    expect((await ack(resolved.id, api.tokens.operator, {})).statusCode).toBe(409);
    const long = await ack(west.id, api.tokens.operator, { note: 'x'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(issueFields(long.body)).toEqual(['body.note']);
    const extra = await ack(west.id, api.tokens.operator, { note: 'ok', by: 'someone else' });
    expect(extra.statusCode).toBe(400);
  });

  it('stops reminders of an acknowledged alert, and clears the acknowledgement when the alert escalates', async () => {
    const db = api.context.store.db;
    const evaluate = (at: Date) => evaluateAlerts(db, { now: at, unreachableAfter: 3, reminderMs: HOUR });
    const drifter = ids.drifter!;
    await setStanding(db, drifter, 'drifting', t0);
    const [opened] = (await evaluate(t0)).filter((e) => e.alert.account?.id === drifter);
    expect(opened).toMatchObject({ type: 'opened', alert: { kind: 'silence', status: 'drifting' } });
    const mine = (events: Awaited<ReturnType<typeof evaluate>>) => events.filter((e) => e.alert.id === opened!.alert.id).map((e) => e.type);
    // Unacknowledged, it is reminded of once the reminder interval has passed.
    expect(mine(await evaluate(new Date(t0.getTime() + 2 * HOUR)))).toEqual(['reminder']);

    expect((await ack(opened!.alert.id, api.tokens.admin, { note: 'known: the editor is on leave' })).statusCode).toBe(200);
    expect(mine(await evaluate(new Date(t0.getTime() + 4 * HOUR)))).toEqual([]);
    expect(mine(await evaluate(new Date(t0.getTime() + 6 * HOUR)))).toEqual([]);

    // Past the red line: worse news than what was acknowledged, so people are told again.
    await setStanding(db, drifter, 'sleeping', new Date(t0.getTime() + 7 * HOUR));
    expect(mine(await evaluate(new Date(t0.getTime() + 7 * HOUR)))).toEqual(['escalated']);
    const [row] = (await page(`/api/alerts?accountId=${drifter}&state=open`)).items;
    expect(row).toMatchObject({ status: 'sleeping', acknowledgedAt: null, acknowledgedBy: null, ackNote: null });
    expect(mine(await evaluate(new Date(t0.getTime() + 9 * HOUR)))).toEqual(['reminder']);
  });
});
