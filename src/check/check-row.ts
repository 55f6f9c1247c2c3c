import type { Status } from '../domain/account-status.ts';
import { shownAccountName, type Account } from '../accounts/account.ts';
import type { Judgement } from '../activity/status.ts';
import type { Observation } from '../domain/observation.ts';

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
    reason: judgement.reasonText,
  };
}
