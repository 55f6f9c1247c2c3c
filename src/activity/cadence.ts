import { DAY_MS } from '../domain/durations.ts';

/**
 * An account's own posting rhythm, and the early warning it allows: a daily poster that has
 * been quiet for a week is late long before the fixed warning line, while a weekly poster is not.
 */

/** How often an account usually posts, read from its recent post times. */
export interface Cadence {
  /** Distinct post times the rhythm was read from. */
  posts: number;
  /** The median gap between consecutive posts, in days. */
  medianGapDays: number;
  /** Nine in ten of the gaps are at most this long, in days. */
  p90GapDays: number;
  /** From the oldest to the newest post used, in days. */
  spanDays: number;
}

export interface CadenceOptions {
  /**
   * Only the newest this many posts count, so the rhythm follows the account as it is now.
   * @defaultValue 30
   */
  maxPosts?: number;
}

/** Silence is already unusual for this account and the red line is near. */
export interface EarlyWarning {
  /** The median gap rounded to one decimal: "usually posts every N days". */
  usualGapDays: number;
  /** Whole days left before the red line, rounded up. */
  daysToRedLine: number;
}

export interface EarlyWarningInput {
  /** Days since the newest post (fractional). */
  silenceDays: number;
  /** The account's rhythm; null when there was too little to read one. */
  cadence: Cadence | null;
  /** The policy's fixed warning line: from here on the fixed rule already warns. */
  warnDays: number;
  /** The policy's red line ("2周内无更新"). */
  redLineDays: number;
  /** Warn early only when the red line falls within this many days. */
  lookAheadDays: number;
}

/** Three gaps are the least that show a rhythm rather than a coincidence. */
const MIN_POSTS = 4;
/** A gap under a day is no rhythm to be late against: posting twice a day does not make 13 hours "late". */
const MIN_LATE_DAYS = 1;

/**
 * Reads an account's rhythm from its post times (any order; repeated times count once).
 * Null when fewer than 4 distinct valid times remain: too little evidence for a rhythm.
 *
 * @throws RangeError when `maxPosts` is not an integer of at least 4.
 */
export function readCadence(postTimes: readonly Date[], options: CadenceOptions = {}): Cadence | null {
  const maxPosts = options.maxPosts ?? 30;
  if (!Number.isInteger(maxPosts) || maxPosts < MIN_POSTS) {
    throw new RangeError(`maxPosts must be an integer of at least ${MIN_POSTS}, got ${maxPosts}`);
  }
  const distinct = [...new Set(postTimes.map((time) => time.getTime()).filter(Number.isFinite))];
  const recent = distinct.sort((a, b) => a - b).slice(-maxPosts);
  if (recent.length < MIN_POSTS) return null;

  const gaps = recent.slice(1).map((time, i) => (time - (recent[i] as number)) / DAY_MS);
  gaps.sort((a, b) => a - b);
  return {
    posts: recent.length,
    medianGapDays: percentile(gaps, 0.5),
    p90GapDays: percentile(gaps, 0.9),
    spanDays: ((recent.at(-1) as number) - (recent[0] as number)) / DAY_MS,
  };
}

/**
 * Warns before the fixed warning line when the account's own rhythm says it is late.
 *
 * Late means the silence exceeds all of: its 90th-percentile gap (longer than nine in ten of
 * its own gaps), twice its median gap (a very regular account's p90 equals its median, and
 * one missed post is not yet a pattern), and one day. A weekly poster is therefore never late
 * on day 6, an irregular one whose long gaps reach 9 days not on day 6 either.
 *
 * Returns null when there is no rhythm, when the fixed rule already applies (silence at or past
 * `warnDays` or `redLineDays`), when the account is not late, or when the red line is further
 * away than `lookAheadDays`.
 */
export function earlyWarning(input: EarlyWarningInput): EarlyWarning | null {
  const { silenceDays, cadence, warnDays, redLineDays, lookAheadDays } = input;
  if (!cadence) return null;
  if (silenceDays >= warnDays || silenceDays >= redLineDays) return null;
  const lateAfter = Math.max(cadence.p90GapDays, 2 * cadence.medianGapDays, MIN_LATE_DAYS);
  if (silenceDays <= lateAfter) return null;
  if (redLineDays - silenceDays > lookAheadDays) return null;
  return {
    usualGapDays: Math.round(cadence.medianGapDays * 10) / 10,
    daysToRedLine: Math.ceil(redLineDays - silenceDays),
  };
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of sorted values by linear interpolation between closest ranks
 * (the "inclusive" definition of spreadsheets' PERCENTILE.INC and NumPy's default): the value
 * at rank (n − 1)·p, interpolated between its two neighbours.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no values');
  const rank = (sorted.length - 1) * p;
  const below = Math.floor(rank);
  const low = sorted[below] as number;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return low + (rank - below) * (high - low);
}
