import type { Kysely } from 'kysely';
import type { Account } from '../../src/accounts/account.ts';
import type { Status } from '../../src/domain/account-status.ts';
import type { Reason } from '../../src/domain/reason.ts';
import { importAccounts, listAccounts } from '../../src/store/accounts-repository.ts';
import type { Schema } from '../../src/store/schema.ts';

const DAY = 86_400_000;
const LINES = { drifting: 'warn', sleeping: 'red-line', zombie: 'zombie' } as const;

/** An account to register for an alert test: named, in a unit and a group, looked at monthly (so no watchdog alert interferes). */
export function alertTestAccount(name: string, unit: string | null, group: string | null): Account {
  return {
    platform: 'telegram',
    url: `https://t.me/s/${name}`,
    name,
    unit,
    region: null,
    group,
    policy: null,
    intervalMs: 30 * DAY,
    timeZone: 'Asia/Shanghai',
    options: {},
  };
}

/** Registers the accounts and returns their ids by name. */
export async function registerAlertTestAccounts(
  db: Kysely<Schema>,
  accounts: readonly Account[],
  now: Date,
): Promise<Record<string, number>> {
  await importAccounts(db, accounts, now);
  return Object.fromEntries((await listAccounts(db)).map((a) => [a.name, a.id]));
}

/**
 * Sets an account's standing as a judged look would: `drifting`, `sleeping`, `zombie` (silent
 * past the warning line, the red line, the zombie line) or `active`. Checked at `now`, so the
 * watchdog stays quiet.
 */
export async function setStanding(db: Kysely<Schema>, accountId: number, status: 'drifting' | 'sleeping' | 'zombie' | 'active', now: Date) {
  const days = { active: 1, drifting: 11, sleeping: 15, zombie: 100 }[status];
  const lastPostAt = new Date(now.getTime() - days * DAY).toISOString();
  const reason: Reason =
    status === 'active'
      ? { code: 'active', daysSilent: days, lastPostAt }
      : { code: 'silent', line: LINES[status], daysSilent: days, lastPostAt, redLineDays: 14, zombieDays: 90 };
  await db
    .updateTable('account_state')
    .set({
      status: status satisfies Status,
      status_since: now,
      reason: reason.code,
      reason_data: JSON.stringify(reason),
      days_silent: days,
      last_post_at: lastPostAt,
      last_checked_at: now,
      last_success_at: now,
      last_outcome: 'ok',
    })
    .where('account_id', '=', accountId)
    .execute();
}
