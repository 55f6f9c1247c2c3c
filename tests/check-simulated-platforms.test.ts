import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckRow } from '../src/check/check-row.ts';
import { FAULT_MODES, faultHidesStatus, type FaultMode } from '../src/fake-platforms/faults.ts';
import { statusForSilence, type FakeAccount, type FakePlatform, type FakeVariant } from '../src/fake-platforms/population.ts';
import { fakeAccount } from './support/fake-account.ts';
import type { AccountsFileEntry } from '../src/fake-platforms/accounts-file.ts';
import { checkSimulated, unexpectedStatuses, type SimulatedCheck } from './support/check-simulated.ts';

/** Every page shape we simulate: each platform, each feed format, static and rendered profiles. */
const SHAPES: Array<{ platform: FakePlatform; variant?: FakeVariant }> = [
  { platform: 'telegram' },
  { platform: 'mastodon' },
  { platform: 'feed', variant: 'rss' },
  { platform: 'feed', variant: 'atom' },
  { platform: 'feed', variant: 'json' },
  { platform: 'html', variant: 'static' },
  { platform: 'html', variant: 'browser' },
];

/** Silences well clear of the 10/14/90-day lines, and an account that never posted. */
const SILENCES: Array<number | null> = [2.5, 12, 30, 200, null];

function population(): FakeAccount[] {
  const accounts: FakeAccount[] = [];
  for (const shape of SHAPES) {
    const tag = `${shape.platform}-${shape.variant ?? 'main'}`;
    for (const silenceDays of SILENCES) {
      accounts.push(
        fakeAccount({
          key: `${tag}-s${silenceDays ?? 'never'}`.replace('.', '_'),
          ...shape,
          silenceDays,
          pinnedOld: silenceDays !== null && shape.platform !== 'telegram',
          postCount: silenceDays === null ? 0 : 40,
          expectedStatus: statusForSilence(silenceDays),
        }),
      );
    }
    for (const fault of FAULT_MODES) {
      accounts.push(
        fakeAccount({
          key: `${tag}-${fault}`,
          ...shape,
          silenceDays: 30,
          fault,
          expectedStatus: faultHidesStatus(fault) ? 'unknown' : statusForSilence(30),
        }),
      );
    }
  }
  return accounts;
}

describe('check against the simulated platforms (every page shape × every activity level × every fault)', () => {
  const now = new Date('2026-05-20T09:00:00+08:00');
  let check: SimulatedCheck;
  let rows: CheckRow[];
  let entries: AccountsFileEntry[];

  beforeAll(async () => {
    check = await checkSimulated(population(), now);
    ({ rows, entries } = check);
  }, 120_000);

  afterAll(async () => check?.close());

  it('gives every account the status its simulated activity implies', () => {
    expect(unexpectedStatuses(check)).toEqual([]);
  });

  it.each(FAULT_MODES.filter((f) => faultHidesStatus(f)))('never reports silence for a page with fault "%s"', (fault: FaultMode) => {
    const faulted = rows.filter((_, i) => entries[i]!.fault === fault);
    expect(faulted).toHaveLength(SHAPES.length);
    for (const row of faulted) {
      expect(row.status).toBe('unknown');
      expect(row.outcome).not.toBe('ok');
      expect(row.reason).not.toBe('');
    }
  });

  it('reads through slowness and a single 5xx (retry) to the real status', () => {
    const recovered = rows.filter((_, i) => entries[i]!.fault === 'slow' || entries[i]!.fault === 'flaky');
    expect(recovered.length).toBe(SHAPES.length * 2);
    expect(recovered.every((r) => r.status === 'sleeping' && r.outcome === 'ok')).toBe(true);
  });

  it('reports blocks as blocked and missing accounts as not found', () => {
    const outcomeOf = (fault: FaultMode) => rows.filter((_, i) => entries[i]!.fault === fault).map((r) => r.outcome);
    expect(new Set(outcomeOf('captcha'))).toEqual(new Set(['blocked']));
    expect(new Set(outcomeOf('login-wall'))).toEqual(new Set(['blocked']));
    expect(new Set(outcomeOf('rate-limited'))).toEqual(new Set(['blocked']));
    expect(new Set(outcomeOf('not-found'))).toEqual(new Set(['not_found']));
  });

  it('counts silence from the newest post even when an old pinned post sits on top', () => {
    const pinned = rows.filter((_, i) => entries[i]!.url.includes('-s2_5') && entries[i]!.platform !== 'telegram');
    expect(pinned.length).toBeGreaterThan(0);
    for (const row of pinned) expect(row.daysSilent).toBeLessThanOrEqual(3);
  });
});
