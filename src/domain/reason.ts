import type { Dependency } from './dependency.ts';
import type { Outcome } from './observation.ts';

/**
 * Why an account has its status, or why an alert was raised, as data: stored once and
 * rendered in the reader's language (`renderReason`) wherever it is shown.
 */
export type Reason =
  /** Posting within the warning line. */
  | { code: 'active'; daysSilent: number; lastPostAt: string }
  /** Silent past a fixed line of the policy. */
  | {
      code: 'silent';
      line: 'warn' | 'red-line' | 'zombie';
      daysSilent: number;
      lastPostAt: string;
      redLineDays: number;
      zombieDays: number;
    }
  /** Silent beyond the account's own usual gaps, and the red line is near. */
  | { code: 'late-for-cadence'; daysSilent: number; lastPostAt: string; usualGapDays: number; daysToRedLine: number; redLineDays: number }
  /** The platform positively shows no post at all. */
  | { code: 'never-posted' }
  /** The newest post announces the end of the account; `target` is where it says service moved. */
  | { code: 'closure-notice'; noticeAt: string; phrase: string; target: string | null }
  /** The account page answered "not found" on this many fetches in a row. */
  | { code: 'gone'; consecutiveFailures: number }
  /** The latest fetch did not succeed; what was known before still stands. */
  | {
      code: 'fetch-failed';
      outcome: Exclude<Outcome, 'ok'>;
      error: string | null;
      consecutiveFailures: number;
      lastKnownDaysSilent: number | null;
    }
  /** The page was read but showed no post time to judge by. */
  | { code: 'no-post-time' }
  /** Every fetch failed for too long: nobody can vouch for the account. */
  | { code: 'unreachable'; consecutiveFailures: number; lastSuccessAt: string | null }
  /** A daily follower change far outside the account's own history. */
  | {
      code: 'follower-anomaly';
      direction: 'jump' | 'collapse';
      day: string;
      change: number;
      typicalChange: number;
      from: number;
      to: number;
    }
  /** Most recent fetches of one platform failed to parse: its page layout probably changed. */
  | { code: 'parser-broken'; platform: string; failed: number; total: number }
  /** Not checked for longer than twice its interval: the scheduler or the workers stopped. */
  | { code: 'unchecked'; accounts: number; lastCheckedAt: string | null; intervalHours: number }
  /**
   * sleepwatch's own Redis or PostgreSQL could not be reached (`until` null while it lasts):
   * accounts wait meanwhile, and none is judged by it.
   */
  | { code: 'infrastructure'; dependency: Dependency; target: string; cause: string; since: string; until: string | null }
  /** The account posted again after an alert about its silence. */
  | { code: 'woke-up'; lastPostAt: string };

export type ReasonCode = Reason['code'];
