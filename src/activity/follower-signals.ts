/**
 * Bought followers (买粉) and follower collapses, judged against the account's own history.
 * A heuristic only: it says "this day is far outside how this account usually moves", never
 * why. Pages often round counts ("1.2万"), so every change carries the rounding it may hide.
 */

import { percentile } from './cadence.ts';
import { DAY_MS } from '../domain/durations.ts';

/**
 * Followers a look must move since the one before for the account's history to be read at all:
 * a smaller move is never worth reading it for (the anomaly rule's own floor, `minAbsoluteChange`).
 */
export const FOLLOWER_CHANGE_WORTH_A_LOOK = 50;

/** One reading of an account's follower count. */
export interface FollowerSample {
  at: Date;
  followers: number;
  /** The page rounded the count ("1.2万", "10.1M"). */
  approximate: boolean;
}

/** The count kept for one calendar day (UTC): the last reading of that day. */
export interface DailyFollowerCount {
  /** YYYY-MM-DD, UTC. */
  day: string;
  followers: number;
  approximate: boolean;
}

/** The change per day between two consecutive kept days. */
export interface DailyFollowerChange {
  /** The later day, YYYY-MM-DD (UTC): the change is reported on the day it was seen. */
  day: string;
  /** The earlier kept day. */
  sinceDay: string;
  /** Calendar days between the two; a change over a gap is spread evenly across it. */
  days: number;
  from: number;
  to: number;
  /** (to − from) / days. */
  change: number;
  /** How much of `change` rounding of either count can explain, per day (≥ 0). */
  uncertainty: number;
}

export interface DailyFollowerHistory {
  counts: DailyFollowerCount[];
  changes: DailyFollowerChange[];
}

export interface FollowerAnomalyOptions {
  /**
   * Earlier daily changes needed before the newest one can be judged.
   * @defaultValue 7
   */
  minHistoryDays?: number;
  /**
   * Robust z-score from which a change is an anomaly.
   * @defaultValue 6
   */
  threshold?: number;
  /**
   * Changes smaller than this many followers per day are never anomalies, however steady the account.
   * @defaultValue 50
   */
  minAbsoluteChange?: number;
}

/** The newest daily change lies far outside the account's own. */
export interface FollowerAnomaly {
  kind: 'jump' | 'collapse';
  /** YYYY-MM-DD (UTC) the change was seen. */
  day: string;
  /** Followers per day. */
  change: number;
  /** The median of the earlier daily changes. */
  typicalChange: number;
  /** The median absolute deviation of the earlier changes, scaled by 1.4826 (a standard deviation for normal data). */
  spread: number;
  /** Robust z-score after rounding is allowed for: positive for a jump, negative for a collapse. */
  score: number;
  from: number;
  to: number;
}

/** Makes the median absolute deviation estimate a standard deviation when changes are normal. */
const MAD_TO_SD = 1.4826;
/**
 * The spread is never taken below a tenth of the typical size of a change, nor below one follower:
 * an account that grew by exactly 10 a day has a MAD of 0, yet a day of 17 is no purchase.
 */
const MIN_SPREAD_SHARE = 0.1;
const MIN_SPREAD = 1;

/**
 * The rounding step of a displayed count: the largest power of ten dividing it, at most a tenth
 * of it, at least 1. "1.2万" = 12000 → 1000; "10.1M" = 10100000 → 100000; "1万" = 10000 → 1000
 * (a page showing "1万" may hide which of 1.0万 and 1万 it meant).
 */
export function roundingStep(followers: number): number {
  const value = Math.abs(Math.round(followers));
  let step = 1;
  while (value > 0 && value % (step * 10) === 0 && step * 10 <= value / 10) step *= 10;
  return step;
}

/** How far the true count may be from a displayed one: half its rounding step if rounded, 0 if exact. */
export function countUncertainty(followers: number, approximate: boolean): number {
  return approximate ? roundingStep(followers) / 2 : 0;
}

/**
 * One count per UTC calendar day (the last reading of the day, since later readings are the
 * freshest) and the change per day between consecutive kept days. Samples may come in any order;
 * readings with an invalid time or a count that is not a finite number are skipped.
 */
export function dailyFollowerChanges(samples: readonly FollowerSample[]): DailyFollowerHistory {
  const valid = samples.filter((s) => Number.isFinite(s.at.getTime()) && Number.isFinite(s.followers));
  const byTime = [...valid].sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastOfDay = new Map<string, FollowerSample>();
  for (const sample of byTime) lastOfDay.set(utcDay(sample.at), sample);

  const counts = [...lastOfDay].map(([day, s]) => ({ day, followers: s.followers, approximate: s.approximate }));
  const changes = counts.slice(1).map((to, i): DailyFollowerChange => {
    const from = counts[i] as DailyFollowerCount;
    const days = Math.round((Date.parse(to.day) - Date.parse(from.day)) / DAY_MS);
    const rounding = countUncertainty(from.followers, from.approximate) + countUncertainty(to.followers, to.approximate);
    return {
      day: to.day,
      sinceDay: from.day,
      days,
      from: from.followers,
      to: to.followers,
      change: (to.followers - from.followers) / days,
      uncertainty: rounding / days,
    };
  });
  return { counts, changes };
}

/**
 * Judges the newest daily change against the account's earlier ones, or returns null when it is
 * ordinary or there is too little history to tell.
 *
 * score = (|change − median| − uncertainty) / max(spread, floor), signed by the direction, where
 * median and spread (scaled MAD) come from the earlier changes and floor = max(1, a tenth of
 * their median absolute size). Subtracting the rounding uncertainty first means "1.2万" →
 * "1.3万" (1000 ± 1000) is never an anomaly on its own. A change is an anomaly when |score|
 * reaches `threshold` and |change| reaches `minAbsoluteChange`: above the median a jump
 * (bought followers?), below it a collapse (a purge, or the account losing its audience).
 */
export function followerAnomaly(samples: readonly FollowerSample[], options: FollowerAnomalyOptions = {}): FollowerAnomaly | null {
  const { minHistoryDays = 7, threshold = 6, minAbsoluteChange = 50 } = options;
  const { changes } = dailyFollowerChanges(samples);
  const newest = changes.at(-1);
  const earlier = changes.slice(0, -1).map((c) => c.change);
  if (!newest || earlier.length < minHistoryDays || earlier.length === 0) return null;
  if (Math.abs(newest.change) < minAbsoluteChange) return null;

  const typicalChange = median(earlier);
  const spread = MAD_TO_SD * median(earlier.map((c) => Math.abs(c - typicalChange)));
  const floor = Math.max(MIN_SPREAD, MIN_SPREAD_SHARE * median(earlier.map(Math.abs)));
  const deviation = newest.change - typicalChange;
  const beyondRounding = Math.max(0, Math.abs(deviation) - newest.uncertainty);
  const score = (Math.sign(deviation) * beyondRounding) / Math.max(spread, floor);
  if (Math.abs(score) < threshold) return null;

  return {
    kind: score > 0 ? 'jump' : 'collapse',
    day: newest.day,
    change: newest.change,
    typicalChange,
    spread,
    score,
    from: newest.from,
    to: newest.to,
  };
}

function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
