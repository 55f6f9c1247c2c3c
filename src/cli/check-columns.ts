import type { OutputColumn } from './format-rows.ts';

/** The columns of `check`'s table (and of `accounts`, which shows the same rows). */
export const CHECK_COLUMNS: readonly OutputColumn[] = [
  { key: 'name', header: 'name' },
  { key: 'platform', header: 'platform' },
  { key: 'status', header: 'status' },
  { key: 'daysSilent', header: 'days silent' },
  { key: 'lastPostAt', header: 'last post' },
  { key: 'followers', header: 'followers' },
  { key: 'reason', header: 'reason' },
];

/** CSV has every field of a `CheckRow`, named as in JSON. */
export const CHECK_CSV_COLUMNS: readonly OutputColumn[] = [
  'name',
  'platform',
  'url',
  'status',
  'daysSilent',
  'lastPostAt',
  'followers',
  'outcome',
  'reason',
].map((key) => ({ key, header: key }));
