import type { Status } from '../domain/account-status.ts';
import { shownAccountName, type Account } from '../accounts/account.ts';
import type { Judgement } from '../activity/status.ts';
import type { Observation } from '../domain/observation.ts';
import type { OutputColumn } from '../cli/format-rows.ts';

/** One line of `check` output: the account, its status, and the evidence behind it. */
export interface CheckRow {
  name: string;
  platform: string;
  url: string;
  status: Status;
  daysSilent: number | null;
  lastPostAt: string | null;
  followers: number | null;
  outcome: Observation['outcome'];
  reason: string;
}

export function checkRow(account: Account, obs: Observation, judgement: Judgement): CheckRow {
  return {
    name: shownAccountName(account.name, obs.displayName, account.url),
    platform: account.platform,
    url: account.url,
    status: judgement.status,
    daysSilent: judgement.daysSilent,
    lastPostAt: obs.lastPostAt,
    followers: obs.followers,
    outcome: obs.outcome,
    reason: judgement.reason,
  };
}

export const CHECK_COLUMNS: readonly OutputColumn[] = [
  { key: 'name', header: 'name' },
  { key: 'platform', header: 'platform' },
  { key: 'status', header: 'status' },
  { key: 'daysSilent', header: 'days silent' },
  { key: 'lastPostAt', header: 'last post' },
  { key: 'followers', header: 'followers' },
  { key: 'reason', header: 'reason' },
];

export const CHECK_CSV_COLUMNS: readonly OutputColumn[] = [
  'name', 'platform', 'url', 'status', 'daysSilent', 'lastPostAt', 'followers', 'outcome', 'reason',
].map((key) => ({ key, header: key }));
