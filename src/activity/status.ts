import type { Observation, ObservedPost, Precision } from '../observation.ts';
import { latestInstant } from '../parsing/precision.ts';
import type { Policy } from './policies.ts';

/** 活跃, 临近睡眠, 睡眠(两周未更新), 僵尸, 空壳, 已关停, 未知. */
export type Status = 'active' | 'drifting' | 'sleeping' | 'zombie' | 'empty' | 'closed' | 'unknown';

export const STATUSES: readonly Status[] = ['active', 'drifting', 'sleeping', 'zombie', 'empty', 'closed', 'unknown'];

export interface Judgement {
  status: Status;
  /** Whole days from the newest post to the evaluation time; null when unknown or empty. */
  daysSilent: number | null;
  /** The latest instant the newest post can stand for, from which silence is counted. */
  silentSince: string | null;
  /** One sentence a person can act on. */
  reason: string;
}

const DAY_MS = 86_400_000;

/**
 * Judges one observation as of a time. Only a successful read can show silence: any other
 * outcome is `unknown`, whatever the page looked like. Silence runs from the newest post
 * (by time, wherever it sat on the page) at the latest instant its precision allows, so a
 * date-only "2025-07-10" counts until the end of that day.
 */
export function judge(obs: Observation, asOf: Date, policy: Policy): Judgement {
  if (obs.outcome !== 'ok') {
    return unknown(`${OUTCOME_WORDS[obs.outcome]}${obs.error ? `: ${obs.error}` : ''}`);
  }
  const newest = newestBefore(obs, asOf);
  if (!newest) {
    if (obs.postsCount === 0) return { status: 'empty', daysSilent: null, silentSince: null, reason: 'the account has never posted' };
    const future = obs.lastPostAt !== null;
    return unknown(future ? `no post known before ${asOf.toISOString()}` : 'the page was read but showed no post time');
  }
  const silenceMs = Math.max(0, asOf.getTime() - newest.latest.getTime());
  const days = silenceMs / DAY_MS;
  const daysSilent = Math.floor(days);
  const since = newest.latest.toISOString();
  const last = `last post ${newest.at.slice(0, newest.precision === 'day' ? 10 : 16).replace('T', ' ')}`;
  if (days >= policy.zombieDays) {
    return { status: 'zombie', daysSilent, silentSince: since, reason: `silent ${daysSilent} days (${last}); over the ${policy.zombieDays}-day zombie line` };
  }
  if (days >= policy.redLineDays) {
    return { status: 'sleeping', daysSilent, silentSince: since, reason: `silent ${daysSilent} days (${last}); past the ${policy.redLineDays}-day red line` };
  }
  if (days >= policy.warnDays) {
    const left = Math.ceil(policy.redLineDays - days);
    return { status: 'drifting', daysSilent, silentSince: since, reason: `silent ${daysSilent} days (${last}); ${left} day${left === 1 ? '' : 's'} to the ${policy.redLineDays}-day red line` };
  }
  return { status: 'active', daysSilent, silentSince: since, reason: `${last}` };
}

const OUTCOME_WORDS: Record<Exclude<Observation['outcome'], 'ok'>, string> = {
  not_found: 'account page not found',
  blocked: 'blocked by the platform',
  error: 'could not read the page',
};

function unknown(reason: string): Judgement {
  return { status: 'unknown', daysSilent: null, silentSince: null, reason };
}

interface Candidate {
  at: string;
  precision: Precision;
  latest: Date;
}

/**
 * The newest post that had already happened at `asOf` (replays as of a past check date
 * must not see later posts). A post whose span contains `asOf` counts as just posted.
 */
function newestBefore(obs: Observation, asOf: Date): Candidate | undefined {
  const candidates: Array<Pick<ObservedPost, 'at' | 'precision'>> = [...obs.posts];
  if (obs.lastPostAt && obs.lastPostPrecision) candidates.push({ at: obs.lastPostAt, precision: obs.lastPostPrecision });
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (Date.parse(c.at) > asOf.getTime()) continue;
    const latest = latestInstant(c.at, c.precision);
    if (!best || latest > best.latest) best = { at: c.at, precision: c.precision, latest };
  }
  return best;
}
