import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { stringify as stringifyYaml } from 'yaml';
import type { Account } from './account.ts';
import { accountFields, type AccountField } from './account-schema.ts';
import type { AccountsFormat } from './accounts-format.ts';

/** One account as a register entry: its fields under the register's names, those without a value left out. */
export type RegisterEntry = Partial<Record<AccountField, string | Record<string, unknown>>>;

/** The media type of each register format, as the import route takes it and the export serves it. */
export const REGISTER_CONTENT_TYPES: Record<AccountsFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * An account as the register writes it, so that importing the entry gives back the same
 * account: the interval as a duration (`1d`, `6h30m`), options as the object they are (the
 * adapter's defaults included: validating them again changes nothing). Whether the account is
 * paused is not a register field, so it is not here: an import never pauses or resumes.
 */
export function registerEntry(account: Account): RegisterEntry {
  const options = account.options as Record<string, unknown> | null | undefined;
  const entry: RegisterEntry = {
    platform: account.platform,
    url: account.url,
    name: account.name ?? undefined,
    unit: account.unit ?? undefined,
    region: account.region ?? undefined,
    group: account.group ?? undefined,
    policy: account.policy ?? undefined,
    interval: formatInterval(account.intervalMs),
    timezone: account.timeZone,
    options: options && Object.keys(options).length > 0 ? options : undefined,
    access: account.access ?? undefined,
  };
  return Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));
}

/** A duration as `parseInterval` reads it: `1d`, `2d12h`, `90m` is `1h30m`, odd seconds kept (`45s`). */
export function formatInterval(ms: number): string {
  let seconds = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds >= size) {
      parts.push(`${Math.floor(seconds / size)}${unit}`);
      seconds %= size;
    }
  }
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds}s`);
  return parts.join('');
}

/**
 * The accounts as a register file in `format`, which `import` reads back as the same accounts:
 * CSV with every column in the header's order (options as JSON text), YAML and JSON as a
 * mapping with an `accounts:` list.
 */
export function exportAccounts(accounts: readonly Account[], format: AccountsFormat): string {
  const entries = accounts.map(registerEntry);
  if (format === 'json') return `${JSON.stringify({ accounts: entries }, null, 2)}\n`;
  if (format === 'yaml') return stringifyYaml({ accounts: entries }, { lineWidth: 0 });
  const rows = entries.map((entry) =>
    accountFields.map((field) => {
      const value = entry[field];
      return typeof value === 'object' ? JSON.stringify(value) : (value ?? '');
    }),
  );
  return stringifyCsv([[...accountFields], ...rows]);
}
