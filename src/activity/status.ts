import type { Status } from '../domain/account-status.ts';
import type { Observation, ObservedPost, Precision } from '../domain/observation.ts';
import { isoInZone } from '../parsing/iso-in-zone.ts';
import { latestInstant } from '../parsing/precision.ts';
import { earlyWarning, readCadence } from './cadence.ts';
import { readClosureNotice } from './closure-notice.ts';
import type { Policy } from './policies.ts';
import type { Reason } from '../domain/reason.ts';
import { renderReason } from './render-reason.ts';
import { DAY_MS } from '../domain/durations.ts';

export interface Judgement {
  status: Status;
  /** Whole days from the newest post to the evaluation time; null when unknown or empty. */
  daysSilent: number | null;
  /** The latest instant the newest post can stand for, from which silence is counted. */
  silentSince: string | null;
  /** Why, as data: rendered in the reader's language with `renderReason`. */
  reason: Reason;
  /** The reason rendered in English, for logs and the command line. */
  reasonText: string;
}

/** What the store remembers of an account, for judgements a single page cannot make. */
export interface AccountMemory {
  /** Posts seen on earlier looks (any order): the account's rhythm. */
  earlierPosts: ReadonlyArray<Pick<ObservedPost, 'at' | 'precision' | 'repost'>>;
  /** Newest post known from earlier looks, for what to report while fetches fail. */
  lastPostAt: string | null;
  lastPostPrecision: Precision | null;
  /** Failed looks in a row before this one, and how many of them answered "not found". */
  consecutiveFailures: number;
  consecutiveNotFound: number;
}

const NO_MEMORY: AccountMemory = {
  earlierPosts: [],
  lastPostAt: null,
  lastPostPrecision: null,
  consecutiveFailures: 0,
  consecutiveNotFound: 0,
};

/** "Not found" this many times in a row means the account is gone, not a passing glitch. */
export const GONE_AFTER_NOT_FOUND = 2;

/**
 * Judges one observation as of a time, with what is remembered of the account.
 * - Only a successful read can show silence: a failed one is `unknown` and reports the last
 *   known silence; a page confirmed gone on consecutive looks is `closed`.
 * - Silence runs from the newest post (by time, wherever it sat on the page) at the latest
 *   instant its precision allows, so a date-only "2025-07-10" counts until the end of that day.
 * - A newest post that announces the account's end makes it `closed`.
 * - An account already late for its own rhythm, with the red line near, is `drifting` early.
 * - Dates in the reason are the account's own (`timeZone`): a post at 02:54 Beijing time on
 *   6 October was made on the 6th, though it was still the 5th in UTC.
 */
export function judge(obs: Observation, asOf: Date, policy: Policy, memory: AccountMemory = NO_MEMORY, timeZone = 'UTC'): Judgement {
  const local = (iso: string) => isoInZone(iso, timeZone);
  if (obs.outcome !== 'ok') {
    const notFound = obs.outcome === 'not_found' ? memory.consecutiveNotFound + 1 : 0;
    if (notFound >= GONE_AFTER_NOT_FOUND) return verdict('closed', null, null, { code: 'gone', consecutiveFailures: notFound });
    const known = memory.lastPostAt && memory.lastPostPrecision ? latestInstant(memory.lastPostAt, memory.lastPostPrecision) : null;
    return verdict('unknown', null, null, {
      code: 'fetch-failed',
      outcome: obs.outcome,
      error: obs.error,
      consecutiveFailures: memory.consecutiveFailures + 1,
      lastKnownDaysSilent: known ? Math.floor(Math.max(0, asOf.getTime() - known.getTime()) / DAY_MS) : null,
    });
  }
  const counted = (p: { repost: boolean }) => policy.repostsCount || !p.repost;
  const newest = newestBefore(obs, asOf, counted);
  if (!newest) {
    if (obs.postsCount === 0) return verdict('empty', null, null, { code: 'never-posted' });
    return verdict('unknown', null, null, { code: 'no-post-time' });
  }
  const notice = newest.excerpt ? readClosureNotice(newest.excerpt) : null;
  if (notice) {
    return verdict('closed', null, newest.latest.toISOString(), {
      code: 'closure-notice',
      noticeAt: local(newest.at),
      phrase: notice.phrase,
      target: notice.target,
    });
  }
  const days = Math.max(0, asOf.getTime() - newest.latest.getTime()) / DAY_MS;
  const daysSilent = Math.floor(days);
  const since = newest.latest.toISOString();
  const silent = (line: 'warn' | 'red-line' | 'zombie'): Reason => ({
    code: 'silent',
    line,
    daysSilent,
    lastPostAt: local(newest.at),
    redLineDays: policy.redLineDays,
    zombieDays: policy.zombieDays,
  });
  if (days >= policy.zombieDays) return verdict('zombie', daysSilent, since, silent('zombie'));
  if (days >= policy.redLineDays) return verdict('sleeping', daysSilent, since, silent('red-line'));
  if (days >= policy.warnDays) return verdict('drifting', daysSilent, since, silent('warn'));
  const rhythm = readCadence(postTimes([...obs.posts, ...memory.earlierPosts].filter(counted), asOf));
  const warning = earlyWarning({
    silenceDays: days,
    cadence: rhythm,
    warnDays: policy.warnDays,
    redLineDays: policy.redLineDays,
    lookAheadDays: policy.lookAheadDays,
  });
  if (warning) {
    return verdict('drifting', daysSilent, since, {
      code: 'late-for-cadence',
      daysSilent,
      lastPostAt: local(newest.at),
      usualGapDays: warning.usualGapDays,
      daysToRedLine: warning.daysToRedLine,
      redLineDays: policy.redLineDays,
    });
  }
  return verdict('active', daysSilent, since, { code: 'active', daysSilent, lastPostAt: local(newest.at) });
}

function verdict(status: Status, daysSilent: number | null, silentSince: string | null, reason: Reason): Judgement {
  return { status, daysSilent, silentSince, reason, reasonText: renderReason(reason, 'en') };
}

interface Candidate {
  at: string;
  precision: Precision;
  latest: Date;
  excerpt: string | null;
}

/**
 * The newest post that had already happened at `asOf` (replays as of a past check date
 * must not see later posts). A post whose span contains `asOf` counts as just posted.
 */
function newestBefore(obs: Observation, asOf: Date, counted: (p: { repost: boolean }) => boolean): Candidate | undefined {
  const candidates: Array<Pick<ObservedPost, 'at' | 'precision' | 'excerpt'>> = obs.posts.filter(counted);
  // The account-level "last posted" cannot tell reposts apart: once reposts were set aside
  // it would bring one back, so it then counts only when nothing else is left.
  const setAside = candidates.length < obs.posts.length;
  if (obs.lastPostAt && obs.lastPostPrecision && (!setAside || candidates.length === 0)) {
    candidates.push({ at: obs.lastPostAt, precision: obs.lastPostPrecision, excerpt: obs.lastPostExcerpt });
  }
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (Date.parse(c.at) > asOf.getTime()) continue;
    const latest = latestInstant(c.at, c.precision);
    if (!best || latest > best.latest) best = { at: c.at, precision: c.precision, latest, excerpt: c.excerpt ?? null };
  }
  return best;
}

function postTimes(posts: ReadonlyArray<Pick<ObservedPost, 'at' | 'precision'>>, asOf: Date): Date[] {
  return posts.filter((p) => Date.parse(p.at) <= asOf.getTime()).map((p) => latestInstant(p.at, p.precision));
}
