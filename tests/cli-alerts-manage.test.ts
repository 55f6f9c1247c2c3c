import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reason } from '../src/domain/reason.ts';
import { openAlertsFor, resolveAlert } from '../src/store/alerts-repository.ts';
import { openStore } from '../src/store/database.ts';
import { addMute } from '../src/store/mutes-repository.ts';
import { alertTestAccount, registerAlertTestAccounts } from './support/alert-accounts.ts';
import { runCli } from './support/run-cli.ts';

const REASON: Reason = {
  code: 'silent',
  line: 'red-line',
  daysSilent: 15,
  lastPostAt: '2026-01-01T00:00:00.000Z',
  redLineDays: 14,
  zombieDays: 90,
};
const DAY = 86_400_000;

interface MuteRow {
  id: number;
  accountId: number | null;
  accountName: string | null;
  group: string | null;
  until: string;
  note: string | null;
  createdBy: string | null;
}

describe('managing alerts on the command line (alerts ack, mute, unmute, mutes)', () => {
  let dir: string;
  let env: Record<string, string>;
  let ids: Record<string, number>;
  let openId: number;
  let resolvedId: number;

  const cli = (...args: string[]) => runCli(['alerts', ...args], { env });
  const refused = async (args: string[], field: string, message: string) => {
    const run = await cli(...args);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`field "${field}": ${message}`);
  };
  const mutes = async (...flags: string[]) => {
    const run = await cli('mutes', '--format', 'json', ...flags);
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as MuteRow[];
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-cli-alerts-manage-'));
    env = { SLEEPWATCH_DATA: path.join(dir, 'data'), SLEEPWATCH_LOCALE: 'en' };
    // The embedded store has one owner at a time: set up, then close before any CLI runs.
    const store = await openStore({ dataDir: env.SLEEPWATCH_DATA! });
    try {
      const now = new Date();
      ids = await registerAlertTestAccounts(
        store.db,
        [alertTestAccount('harbour', '东区', '港口'), alertTestAccount('museum', '西区', '文旅')],
        now,
      );
      const draft = (key: string, accountId: number) =>
        ({
          key,
          kind: 'silence',
          severity: 'critical',
          status: 'sleeping',
          platform: 'telegram',
          accountId,
          reason: REASON,
          evidence: null,
        }) as const;
      const [open, done] = await openAlertsFor(store.db, [draft('a', ids.harbour!), draft('b', ids.museum!)], now);
      openId = open!.alert.id;
      resolvedId = done!.alert.id;
      await resolveAlert(store.db, resolvedId, 'woke-up', REASON, now);
      await addMute(store.db, { accountId: ids.museum!, group: null, until: new Date(now.getTime() - DAY), note: 'ended', createdBy: 'x' });
    } finally {
      await store.close();
    }
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('acknowledges an open alert as the user running it, or as --by, with a note', async () => {
    const run = await cli('ack', String(openId), '--note', 'called the editor');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const list = async () => JSON.parse((await cli('--format', 'json', '--state', 'open')).stdout) as Array<Record<string, unknown>>;
    expect((await list())[0]).toMatchObject({ id: openId, acknowledgedBy: userInfo().username, ackNote: 'called the editor' });

    expect((await cli('ack', String(openId), '--by', '值班员')).code).toBe(0);
    expect((await list())[0]).toMatchObject({ acknowledgedBy: '值班员', ackNote: null, acknowledgedAt: expect.any(String) });
  }, 180_000);

  it('refuses unknown, resolved and malformed alert ids and overlong notes, naming the argument', async () => {
    await refused(['ack', '424242'], '<id>', 'no alert has id 424242');
    await refused(['ack', String(resolvedId)], '<id>', `alert ${resolvedId} is resolved`);
    await refused(['ack', 'first'], '<id>', 'expected a number, got "first"');
    await refused(['ack', String(openId), '--note', 'x'.repeat(1001)], '--note', 'longer than 1000 characters');
  }, 180_000);

  it('mutes an account by URL for a span, and a group until a time, and lists what is in force', async () => {
    const account = await cli('mute', '--account', 'https://T.ME/s/harbour/', '--until', '7d', '--note', 'site move');
    expect(account.stderr).toBe('');
    expect(account.stdout).toMatch(/^mute \d+ added: no alerts for account \d+ \(harbour\) until \d{4}-/);
    const until = new Date(Date.now() + 3 * DAY).toISOString();
    const group = await cli('mute', '--group', '文旅', '--until', until, '--format', 'json');
    expect(group.code, group.stderr).toBe(0);
    expect(JSON.parse(group.stdout)).toMatchObject({ group: '文旅', accountId: null, until });

    const inForce = await mutes();
    expect(inForce.map((m) => [m.accountName ?? m.group, m.note, m.createdBy])).toEqual([
      ['文旅', null, userInfo().username],
      ['harbour', 'site move', userInfo().username],
    ]);
    const week = Date.parse(inForce[1]!.until) - Date.now();
    expect(week).toBeGreaterThan(6.9 * DAY);
    expect(week).toBeLessThanOrEqual(7 * DAY);
    // --all shows the mute that ended yesterday too.
    expect((await mutes('--all')).map((m) => m.note)).toContain('ended');
  }, 180_000);

  it('refuses a mute of both or neither, a past or unreadable --until, and unknown accounts or groups', async () => {
    await refused(['mute', '--account', String(ids.harbour), '--group', '港口', '--until', '1d'], '--group', 'give --account or --group');
    await refused(['mute', '--until', '1d'], '--account', 'give --account or --group');
    await refused(['mute', '--group', '港口', '--until', '2020-01-01'], '--until', 'must be in the future');
    await refused(['mute', '--group', '港口', '--until', '2y'], '--until', 'expected a span such as 12h, 7d or 2w');
    await refused(['mute', '--group', '港口', '--until', '400d'], '--until', 'must be at most 366 days from now');
    await refused(['mute', '--group', '码头', '--until', '1d'], '--group', 'no registered account is in group "码头"');
    await refused(['mute', '--account', 'https://t.me/s/nobody', '--until', '1d'], '--account', 'no registered account has id or URL');
    // Nothing was stored by any of them.
    expect(await mutes()).toHaveLength(2);
  }, 240_000);

  it('unmutes by id, and says so when there is no such mute', async () => {
    const [first] = await mutes();
    const run = await cli('unmute', String(first!.id));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`mute ${first!.id} ended\n`);
    expect((await mutes()).map((m) => m.id)).not.toContain(first!.id);
    await refused(['unmute', String(first!.id)], '<id>', `no mute has id ${first!.id}`);
  }, 180_000);
});
