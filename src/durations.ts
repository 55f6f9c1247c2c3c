/** Milliseconds in a day: silence, cadence and follower changes all count in days of elapsed time. */
export const DAY_MS = 86_400_000;
