import { DAY_MS } from '../domain/durations.ts';
import type { InputIssue } from '../domain/errors.ts';

/**
 * A mute lasts at most a year: one forgotten for longer hides an account that went silent for
 * good. Whoever wants it longer mutes it again, and so looks at it once a year.
 */
export const MAX_MUTE_MS = 366 * DAY_MS;

/** A maintenance window lasts at most a month: longer, it is not maintenance but alerts switched off. */
export const MAX_WINDOW_MS = 31 * DAY_MS;

/** What is wrong with a mute's end, named as `field`, or undefined when it is in the future and within a year. */
export function muteUntilIssue(until: Date, now: Date, field: string): InputIssue | undefined {
  if (until.getTime() <= now.getTime()) return { field, message: `must be in the future (it is ${now.toISOString()} now)` };
  if (until.getTime() - now.getTime() > MAX_MUTE_MS) {
    return { field, message: `must be at most ${MAX_MUTE_MS / DAY_MS} days from now; mute again when it ends` };
  }
  return undefined;
}

/** What is wrong with a window's times, or nothing: it starts before it ends, ends in the future and lasts at most a month. */
export function windowIssues(startsAt: Date, endsAt: Date, now: Date): InputIssue[] {
  if (startsAt.getTime() >= endsAt.getTime()) return [{ field: 'body.endsAt', message: 'must be later than startsAt' }];
  if (endsAt.getTime() <= now.getTime())
    return [{ field: 'body.endsAt', message: `must be in the future (it is ${now.toISOString()} now)` }];
  if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_MS) {
    return [{ field: 'body.endsAt', message: `a window lasts at most ${MAX_WINDOW_MS / DAY_MS} days; mute the group for longer quiet` }];
  }
  return [];
}
