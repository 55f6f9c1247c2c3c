import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { alertTestAccount, registerAlertTestAccounts, setStanding } from '../../tests/support/alert-accounts.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import { evaluateAlerts } from '../alerts/evaluate-alerts.ts';
import type { AlertEvent } from '../domain/alert.ts';
import { addMaintenanceWindow } from '../store/maintenance-windows-repository.ts';

const HOUR = 3_600_000;

interface MuteBody {
  id: number;
  accountId: number | null;
  group: string | null;
  until: string;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
}

describe.each(BACKENDS)('mutes and maintenance windows on %s', (backend) => {
  let api: ApiUnderTest;
  let ids: Record<string, number>;
  const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
  const later = (hours: number) => new Date(t0.getTime() + hours * HOUR);

  const post = (url: string, token: string, payload: object) => api.call(token, { method: 'POST', url, payload });
  const evaluate = (at: Date) => evaluateAlerts(api.context.store.db, { now: at, unreachableAfter: 3, reminderMs: HOUR });
  /** What an evaluation at `at` announced about the named accounts: [type, account name]. */
  const told = async (at: Date, names: string[]) =>
    (await evaluate(at))
      .filter((e: AlertEvent) => names.includes(e.alert.account?.name ?? ''))
      .map((e) => [e.type, e.alert.account!.name])
      .sort();
  const issueFields = (body: string) => (JSON.parse(body) as { issues: Array<{ field: string }> }).issues.map((i) => i.field).sort();

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
    ids = await registerAlertTestAccounts(
      api.context.store.db,
      [
        alertTestAccount('muted-one', '东区', '新闻'),
        alertTestAccount('group-a', '东区', '体育'),
        alertTestAccount('group-b', '西区', '体育'),
        alertTestAccount('window-a', '西区', '文旅'),
        alertTestAccount('window-b', '东区', null),
      ],
      t0,
    );
  }, 120_000);
  afterAll(() => api?.close());

  it('mutes an account: no alert opens while muted, and one opens at the first evaluation after the mute ends', async () => {
    const res = await post('/api/mutes', api.tokens.operator, {
      accountId: ids['muted-one'],
      until: later(2).toISOString(),
      note: 'moving',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<MuteBody>()).toMatchObject({
      accountId: ids['muted-one'],
      group: null,
      until: later(2).toISOString(),
      note: 'moving',
      createdBy: expect.stringMatching(/^token \d+$/),
    });
    await setStanding(api.context.store.db, ids['muted-one']!, 'sleeping', t0);
    expect(await told(t0, ['muted-one'])).toEqual([]);
    expect(await told(later(1.5), ['muted-one'])).toEqual([]);
    expect(await told(later(2.5), ['muted-one'])).toEqual([['opened', 'muted-one']]);
  });

  it('keeps an alert open when a later mute starts, without reminders or escalations while it lasts', async () => {
    const db = api.context.store.db;
    const mute = await post('/api/mutes', api.tokens.operator, { accountId: ids['muted-one'], until: later(10).toISOString() });
    expect(mute.statusCode).toBe(201);
    // Past the reminder interval, and worse (a zombie now): nothing is said while muted.
    await setStanding(db, ids['muted-one']!, 'zombie', later(4));
    expect(await told(later(5), ['muted-one'])).toEqual([]);
    const open = async () =>
      (await api.call(api.tokens.viewer, { method: 'GET', url: `/api/alerts?accountId=${ids['muted-one']}&state=open` })).json<{
        items: Array<{ status: string }>;
      }>().items;
    expect((await open()).map((a) => a.status)).toEqual(['sleeping']);
    // Unmuted early: the escalation is news now, and reminders follow it.
    const removed = await api.call(api.tokens.operator, { method: 'DELETE', url: `/api/mutes/${mute.json<MuteBody>().id}` });
    expect(removed.statusCode).toBe(204);
    expect(await told(later(5.5), ['muted-one'])).toEqual([['escalated', 'muted-one']]);
    expect((await open()).map((a) => a.status)).toEqual(['zombie']);
    expect(await told(later(6.5), ['muted-one'])).toEqual([['reminder', 'muted-one']]);
  });

  it('mutes a group: none of its accounts, in any unit, raises an alert until the mute ends', async () => {
    const db = api.context.store.db;
    const res = await post('/api/mutes', api.tokens.operator, { group: '体育', until: later(20).toISOString() });
    expect(res.statusCode, res.body).toBe(201);
    await setStanding(db, ids['group-a']!, 'sleeping', later(12));
    await setStanding(db, ids['group-b']!, 'drifting', later(12));
    expect(await told(later(12), ['group-a', 'group-b'])).toEqual([]);
    expect(await told(later(21), ['group-a', 'group-b'])).toEqual([
      ['opened', 'group-a'],
      ['opened', 'group-b'],
    ]);
  });

  it('lists mutes in force, or every one with all=true; a unit sees the mutes that concern its accounts', async () => {
    const list = async (url: string, token = api.tokens.viewer) =>
      (await api.call(token, { method: 'GET', url })).json<{ items: MuteBody[] }>().items;
    // Listed at the real time: every mute so far ends within a day from now.
    expect((await list('/api/mutes')).map((m) => m.group ?? m.accountId).sort()).toEqual([ids['muted-one'], '体育'].sort());
    expect(await list('/api/mutes?all=true')).toHaveLength(2);
    const west = await api.token('viewer', { unit: '西区' });
    // West has no muted account, but the group mute covers one of its accounts.
    expect((await list('/api/mutes', west)).map((m) => m.group)).toEqual(['体育']);
    const north = await api.token('viewer', { unit: '北区' });
    expect(await list('/api/mutes', north)).toEqual([]);
  });

  it('refuses viewers, other units, group mutes of unit tokens, and bad bodies, naming the fields', async () => {
    const until = later(1).toISOString();
    expect((await post('/api/mutes', api.tokens.viewer, { accountId: ids['window-a'], until })).statusCode).toBe(403);
    const east = await api.token('operator', { unit: '东区' });
    expect((await post('/api/mutes', east, { accountId: ids['window-a'], until })).statusCode).toBe(404);
    expect((await post('/api/mutes', east, { accountId: 999_999, until })).statusCode).toBe(404);
    expect((await post('/api/mutes', east, { group: '文旅', until })).statusCode).toBe(403);
    expect((await post('/api/mutes', east, { accountId: ids['window-b'], until })).statusCode).toBe(201);

    const bad: Array<[object, string[]]> = [
      [{ accountId: ids['window-a'], group: '文旅', until }, ['body.accountId']],
      [{ until }, ['body.accountId']],
      [{ accountId: ids['window-a'], until: '2020-01-01T00:00:00Z' }, ['body.until']],
      [{ accountId: ids['window-a'], until: new Date(Date.now() + 400 * 24 * HOUR).toISOString() }, ['body.until']],
      [{ accountId: ids['window-a'], until: 'next week' }, ['body.until']],
      [{ accountId: 'seven', until, note: 'x'.repeat(1001) }, ['body.accountId', 'body.note']],
      // A group nobody is in: almost surely a typo, which would leave the intended group loud.
      [{ group: '无此组', until }, ['body.group']],
    ];
    for (const [body, fields] of bad) {
      const res = await post('/api/mutes', api.tokens.operator, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(issueFields(res.body), JSON.stringify(body)).toEqual(fields);
    }
    expect((await api.call(api.tokens.operator, { method: 'DELETE', url: '/api/mutes/999999' })).statusCode).toBe(404);
    // A unit's operator ends neither a group's mute nor another unit's account mute.
    const westMute = await post('/api/mutes', api.tokens.operator, { accountId: ids['window-a'], until });
    const groupMute = (await api.call(api.tokens.viewer, { method: 'GET', url: '/api/mutes' }))
      .json<{ items: MuteBody[] }>()
      .items.find((m) => m.group === '体育')!;
    expect((await api.call(east, { method: 'DELETE', url: `/api/mutes/${groupMute.id}` })).statusCode).toBe(403);
    expect((await api.call(east, { method: 'DELETE', url: `/api/mutes/${westMute.json<MuteBody>().id}` })).statusCode).toBe(404);
    expect((await api.call(api.tokens.operator, { method: 'DELETE', url: `/api/mutes/${westMute.json<MuteBody>().id}` })).statusCode).toBe(
      204,
    );
  });

  it('silences a group during its maintenance window, and every account during a window without a group', async () => {
    const db = api.context.store.db;
    const window = { group: '文旅', startsAt: later(30).toISOString(), endsAt: later(32).toISOString(), note: 'site migration' };
    expect((await post('/api/maintenance-windows', api.tokens.operator, window)).statusCode).toBe(403);
    const res = await post('/api/maintenance-windows', api.tokens.admin, window);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ...window, createdBy: 'test admin' });

    await setStanding(db, ids['window-a']!, 'sleeping', later(30));
    expect(await told(later(31), ['window-a'])).toEqual([]);
    expect(await told(later(32), ['window-a'])).toEqual([['opened', 'window-a']]);

    const everyone = { startsAt: later(40).toISOString(), endsAt: later(41).toISOString() };
    expect((await post('/api/maintenance-windows', api.tokens.admin, everyone)).statusCode).toBe(201);
    await setStanding(db, ids['window-b']!, 'sleeping', later(40));
    // window-b's own mute (from the test before) ended long ago; the window still silences it, reminders included.
    expect(await told(later(40.5), ['window-a', 'window-b'])).toEqual([]);
    expect(await told(later(41), ['window-a', 'window-b'])).toEqual([
      ['opened', 'window-b'],
      ['reminder', 'window-a'],
    ]);
  });

  it('lists running and upcoming windows (all=true: past ones too), removes them for admins, and checks their times', async () => {
    const db = api.context.store.db;
    await addMaintenanceWindow(db, { group: null, startsAt: later(-30), endsAt: later(-29), note: 'long over', createdBy: null });
    const list = async (url: string) =>
      (await api.call(api.tokens.viewer, { method: 'GET', url })).json<{ items: Array<{ id: number }> }>();
    const current = (await list('/api/maintenance-windows')).items;
    expect(current).toHaveLength(2);
    expect((await list('/api/maintenance-windows?all=true')).items).toHaveLength(3);
    const remove = (id: number, token: string) => api.call(token, { method: 'DELETE', url: `/api/maintenance-windows/${id}` });
    expect((await remove(current[0]!.id, api.tokens.operator)).statusCode).toBe(403);
    expect((await remove(current[0]!.id, api.tokens.admin)).statusCode).toBe(204);
    expect((await remove(current[0]!.id, api.tokens.admin)).statusCode).toBe(404);

    const bad: Array<[object, string[]]> = [
      [{ startsAt: later(2).toISOString(), endsAt: later(1).toISOString() }, ['body.endsAt']],
      [{ startsAt: later(-3).toISOString(), endsAt: later(-2).toISOString() }, ['body.endsAt']],
      [{ startsAt: later(1).toISOString(), endsAt: later(24 * 40).toISOString() }, ['body.endsAt']],
      [{ group: '', startsAt: 'soon', endsAt: later(1).toISOString() }, ['body.group', 'body.startsAt']],
      [{ group: '无此组', startsAt: later(1).toISOString(), endsAt: later(2).toISOString() }, ['body.group']],
    ];
    for (const [body, fields] of bad) {
      const res = await post('/api/maintenance-windows', api.tokens.admin, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(issueFields(res.body), JSON.stringify(body)).toEqual(fields);
    }
  });

  it('describes every route in the OpenAPI document', async () => {
    const doc = (await api.call(null, { method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/api/alerts']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/alerts/{id}/ack']!)).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/mutes']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/mutes/{id}']!)).toEqual(['delete']);
    expect(Object.keys(doc.paths['/api/maintenance-windows']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/maintenance-windows/{id}']!)).toEqual(['delete']);
  });
});
