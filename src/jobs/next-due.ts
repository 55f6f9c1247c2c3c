/** Spread of the next due time around the interval, so accounts imported together do not stay in lockstep. */
export const JITTER = 0.1;

/** When an account is next due after a look at `from`: its interval, ±10 %. */
export function nextDueAt(from: Date, intervalSeconds: number, random: () => number = Math.random): Date {
  const factor = 1 + (random() * 2 - 1) * JITTER;
  return new Date(from.getTime() + Math.round(intervalSeconds * 1000 * factor));
}
