import type { Status } from '../domain/account-status.ts';
import { shownAccountName, type Account } from '../accounts/account.ts';
import type { Judgement } from '../activity/status.ts';
import type { Observation } from '../domain/observation.ts';
import { isoInZone } from '../parsing/iso-in-zone.ts';

/** One line of `check` output: the account, its status, and the evidence behind it. */
export interface CheckRow {
  name: string;
  unit: string | null;
  region: string | null;
  group: string | null;
  platform: string;
  url: string;
  status: Status;
  daysSilent: number | null;
  /** In the account's time zone: the day it names is the day the account posted there. */
  lastPostAt: string | null;
  followers: number | null;
  outcome: Observation['outcome'];
  reason: string;
}

export function checkRow(account: Account, obs: Observation, judgement: Judgement): CheckRow {
  return {
    name: shownAccountName(account.name, obs.displayName, account.url),
    unit: account.unit,
    region: account.region,
    group: account.group,
    platform: account.platform,
    url: account.url,
    status: judgement.status,
    daysSilent: judgement.daysSilent,
    lastPostAt: obs.lastPostAt ? isoInZone(obs.lastPostAt, account.timeZone) : null,
    followers: obs.followers,
    outcome: obs.outcome,
    reason: judgement.reasonText,
  };
}
