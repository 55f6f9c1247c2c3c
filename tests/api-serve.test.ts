import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.ts';
import { CliProcess, waitFor } from './support/cli-process.ts';
import { parsePrometheusText } from './support/prometheus-text.ts';
import { population, Scenario, TEST_REDIS_URL } from './support/process-scenario.ts';
import { runCli } from './support/run-cli.ts';

/**
 * The HTTP API as its users meet it: `serve` started through the package's bin, tokens made
 * with `sleepwatch tokens add`, and every request over HTTP, on the embedded default and on
 * PostgreSQL + Redis, against simulated platforms.
 */

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}
interface AccountJson {
  id: number;
  url: string;
  unit: string | null;
  status: string;
  lastCheckedAt: string | null;
}
interface AlertJson {
  id: number;
  url: string | null;
  state: string;
  acknowledgedBy: string | null;
}

const UNITS = ['甲单位', '乙单位'];

describe.each(['embedded', 'postgres'] as const)('the HTTP API against serve (%s)', (backend) => {
  const s = new Scenario();
  let serve: CliProcess;
  let base: string;
  let store: Store;
  const tokens: Record<'admin' | 'operator' | 'viewer' | 'unitViewer', string> = { admin: '', operator: '', viewer: '', unitViewer: '' };
  /** The account muted before its first look, and the one whose alert is acknowledged. */
  let muted: AccountJson;

  beforeAll(async () => {
    await s.start(population(12, 'api-serve', false), backend === 'embedded' ? 'embedded' : { redisUrl: TEST_REDIS_URL }, {
      // Ticks far enough apart that an account muted right after its import is muted before its first look.
      SLEEPWATCH_SCHEDULER_TICK_MS: '3000',
      // A reminder every 3.6 s while an alert stays open and unacknowledged.
      SLEEPWATCH_REMINDER_HOURS: '0.001',
    });
    serve = s.spawn(['serve', '--port', '0'], 'serve');
    const line = await serve.ready();
    base = /listening on (http:\/\/\S+)/.exec(line)![1]!;
    const add = async (...args: string[]) => (await runCli(['tokens', 'add', ...args], { env: s.env })).stdout.trim().split('\n').at(-1)!;
    tokens.admin = await add('--role', 'admin', '--name', 'ops desk');
    tokens.operator = await add('--role', 'operator', '--name', 'duty editor');
    tokens.viewer = await add('--role', 'viewer');
    tokens.unitViewer = await add('--role', 'viewer', '--unit', UNITS[0]!);
    // Beside serve, as a second process would: through serve's socket when embedded.
    store = s.store ?? (await openStore({ dataDir: s.env.SLEEPWATCH_DATA! }));
  }, 120_000);

  afterAll(async () => {
    if (!s.store) await store?.close();
    await s.dispose();
  }, 60_000);

  const call = async (token: string | null, method: string, path: string, body?: { type: string; text: string }) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body) headers['content-type'] = body.type;
    return fetch(`${base}${path}`, { method, headers, body: body?.text });
  };
  const json = async <T>(token: string | null, method: string, path: string, body?: { type: string; text: string }) => {
    const res = await call(token, method, path, body);
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const register = () =>
    JSON.stringify(s.entries.map(({ name, platform, url, options }, i) => ({ name, platform, url, options, unit: UNITS[i % 2] })));
  const accounts = async (query = '') => (await json<Page<AccountJson>>(tokens.viewer, 'GET', `/api/accounts?limit=500${query}`)).items;

  it('refuses requests without a token (401) and a viewer’s writes (403)', async () => {
    expect((await call(null, 'GET', '/api/accounts')).status).toBe(401);
    expect((await call(null, 'GET', '/metrics')).status).toBe(401);
    const write = await call(tokens.viewer, 'POST', '/api/accounts/import', { type: 'application/json', text: register() });
    expect(write.status).toBe(403);
    expect(await write.json()).toEqual({ error: expect.stringContaining('operator') as string });
    expect(await accounts()).toEqual([]);
  });

  it('rejects a bad import whole, naming its rows, and changes nothing', async () => {
    const csv = [
      'platform,url,name,unit',
      'telegram,https://t.me/s/good_one,Good,甲单位',
      'telegram,not a url,Bad,甲单位',
      'nowhere,https://x.example/,Worse,',
    ];
    const res = await call(tokens.operator, 'POST', '/api/accounts/import', { type: 'text/csv', text: csv.join('\n') });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: Array<{ line?: number; field?: string }> };
    expect(body.issues.map((i) => i.line)).toEqual([3, 4]);
    expect(await accounts()).toEqual([]);
  });

  it('imports a register, and a mute set at once keeps its account from raising an alert', async () => {
    expect(await json(tokens.operator, 'POST', '/api/accounts/import', { type: 'application/json', text: register() })).toEqual({
      added: 12,
      updated: 0,
      unchanged: 0,
      dryRun: false,
    });
    const sleepingUrl = s.entries.find((e) => e.expectedStatus === 'sleeping')!.url;
    muted = (await accounts()).find((a) => a.url === sleepingUrl)!;
    const until = new Date(Date.now() + 86_400_000).toISOString();
    await json(tokens.operator, 'POST', '/api/mutes', {
      type: 'application/json',
      text: JSON.stringify({ accountId: muted.id, until, note: 'known' }),
    });

    await waitFor(async () => (await accounts()).every((a) => a.lastCheckedAt !== null), 60_000, 'every account to be looked at');
    const statuses = new Map((await accounts()).map((a) => [a.url, a.status]));
    expect(s.entries.map((e) => statuses.get(e.url))).toEqual(s.entries.map((e) => e.expectedStatus));

    // Every other account that needs one gets its alert; the muted one does not.
    const troubled = s.entries.filter((e) => ['sleeping', 'zombie', 'drifting', 'empty'].includes(e.expectedStatus) && e.url !== muted.url);
    const openAlerts = async () => (await json<Page<AlertJson>>(tokens.viewer, 'GET', '/api/alerts?state=open&limit=500')).items;
    await waitFor(async () => (await openAlerts()).length >= troubled.length, 60_000, 'the alerts of the troubled accounts');
    const alerted = (await openAlerts()).map((a) => a.url);
    expect(alerted.sort()).toEqual(troubled.map((e) => e.url).sort());
    expect(alerted).not.toContain(muted.url);
  }, 150_000);

  it('stops reminding of an acknowledged alert, and keeps reminding of the others', async () => {
    const [acked, other] = (await json<Page<AlertJson>>(tokens.viewer, 'GET', '/api/alerts?state=open&kind=silence')).items;
    const ack = await json<AlertJson>(tokens.operator, 'POST', `/api/alerts/${acked!.id}/ack`, {
      type: 'application/json',
      text: JSON.stringify({ note: 'editor called' }),
    });
    expect(ack.acknowledgedBy).toBe('duty editor');
    const since = new Date();
    const reminders = async (alertId: number) =>
      (
        await store.db
          .selectFrom('alert_events')
          .select('id')
          .where('alert_id', '=', alertId)
          .where('type', '=', 'reminder')
          .where('at', '>', since)
          .execute()
      ).length;
    await waitFor(async () => (await reminders(other!.id)) >= 2, 60_000, 'two reminders of the alert nobody acknowledged');
    expect(await reminders(acked!.id)).toBe(0);
  }, 90_000);

  it('shows a unit’s token its unit alone', async () => {
    const all = await accounts();
    const unit = (await json<Page<AccountJson>>(tokens.unitViewer, 'GET', '/api/accounts?limit=500')).items;
    expect(unit.map((a) => a.id).sort()).toEqual(
      all
        .filter((a) => a.unit === UNITS[0])
        .map((a) => a.id)
        .sort(),
    );
    const stranger = all.find((a) => a.unit === UNITS[1])!;
    expect((await call(tokens.unitViewer, 'GET', `/api/accounts/${stranger.id}`)).status).toBe(404);
    const alerts = (await json<Page<AlertJson>>(tokens.unitViewer, 'GET', '/api/alerts?limit=500')).items;
    const unitUrls = new Set(unit.map((a) => a.url));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.url !== null && unitUrls.has(a.url))).toBe(true);
  });

  it('exports the register in the import format, and importing the export adds and changes nothing', async () => {
    for (const format of ['csv', 'yaml', 'json'] as const) {
      const res = await call(tokens.viewer, 'GET', `/api/accounts/export?format=${format}`);
      expect(res.status).toBe(200);
      const type = res.headers.get('content-type')!.split(';')[0]!;
      const again = await json(tokens.operator, 'POST', '/api/accounts/import', { type, text: await res.text() });
      expect(again, format).toEqual({ added: 0, updated: 0, unchanged: 12, dryRun: false });
    }
  });

  it('recrawls an account and, with wait=true, answers with the new observation', async () => {
    const account = (await accounts()).find((a) => a.status === 'active')!;
    const res = await json<{ jobId: string; observation: { outcome: string; status: string; fetchedAt: string } }>(
      tokens.operator,
      'POST',
      `/api/accounts/${account.id}/recrawl?wait=true`,
    );
    expect(res.observation).toMatchObject({ outcome: 'ok', status: 'active' });
    expect(Date.parse(res.observation.fetchedAt)).toBeGreaterThan(Date.parse(account.lastCheckedAt!));
  }, 60_000);

  it('serves Prometheus text with the accounts by status', async () => {
    const res = await call(tokens.viewer, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const samples = parsePrometheusText(await res.text());
    const byStatus = (status: string) => samples.get(`sleepwatch_accounts{status="${status}"}`);
    for (const status of ['active', 'sleeping', 'zombie', 'empty', 'drifting']) {
      expect(byStatus(status), status).toBe(s.entries.filter((e) => e.expectedStatus === status).length);
    }
  });

  it('describes every route it serves in /openapi.json', async () => {
    const doc = (await (await call(null, 'GET', '/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    for (const route of [
      'GET /api/accounts',
      'POST /api/accounts',
      'GET /api/accounts/{id}',
      'PATCH /api/accounts/{id}',
      'DELETE /api/accounts/{id}',
      'POST /api/accounts/{id}/pause',
      'POST /api/accounts/{id}/resume',
      'POST /api/accounts/import',
      'GET /api/accounts/export',
      'GET /api/accounts/{id}/observations',
      'POST /api/accounts/{id}/recrawl',
      'GET /api/alerts',
      'POST /api/alerts/{id}/ack',
      'POST /api/mutes',
      'GET /metrics',
    ]) {
      expect(routes).toContain(route);
    }
  });

  it('pauses and removes an account: it leaves the lists and the schedule', async () => {
    const [target] = await accounts();
    await json(tokens.operator, 'POST', `/api/accounts/${target!.id}/pause`);
    expect((await accounts('&paused=true')).map((a) => a.id)).toEqual([target!.id]);
    expect((await call(tokens.operator, 'DELETE', `/api/accounts/${target!.id}`)).status).toBe(403);
    expect((await call(tokens.admin, 'DELETE', `/api/accounts/${target!.id}?history=keep`)).status).toBe(204);
    expect((await accounts()).map((a) => a.id)).not.toContain(target!.id);
    // Its history stays.
    const kept = await store.db.selectFrom('observations').select('id').where('account_id', '=', target!.id).execute();
    expect(kept.length).toBeGreaterThan(0);
  });
});
