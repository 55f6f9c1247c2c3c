/** Exit codes scripts can rely on (documented in the README). */
export const EXIT = {
  /** The command did what it was asked. */
  ok: 0,
  /** Something unexpected failed (a bug, or the machine: disk, browser). */
  failure: 1,
  /** Bad input: flags, files, options or environment. Nothing was done. */
  invalidInput: 2,
  /** `check --fail-on …`: at least one account has one of the named statuses. */
  statusFound: 3,
} as const;
