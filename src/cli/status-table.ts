import { WORST_FIRST, type Status } from '../domain/account-status.ts';
import type { Locale } from '../domain/locale.ts';
import { STATUS_NAMES } from '../domain/status-names.ts';

interface StatusRow {
  status: Status;
  daysSilent: number | null;
}

/** Rows worst status first and, within a status, longest silent first; the register's order otherwise. */
export function worstFirst<Row extends StatusRow>(rows: readonly Row[]): Row[] {
  const rank = (row: Row) => WORST_FIRST.indexOf(row.status);
  return [...rows].sort((a, b) => rank(a) - rank(b) || (b.daysSilent ?? -1) - (a.daysSilent ?? -1));
}

/** "5 accounts: sleeping 2, drifting 1, active 2" ("共 5 个账号：睡眠 2，临近睡眠 1，活跃 2"), worst first. */
export function statusSummary(rows: readonly StatusRow[], locale: Locale): string {
  const names = STATUS_NAMES[locale];
  const counts = WORST_FIRST.map((status) => [names[status], rows.filter((r) => r.status === status).length] as const).filter(
    ([, count]) => count > 0,
  );
  if (locale === 'zh-CN') return `共 ${rows.length} 个账号：${counts.map(([name, count]) => `${name} ${count}`).join('，')}\n`;
  const accounts = rows.length === 1 ? '1 account' : `${rows.length} accounts`;
  return `${accounts}: ${counts.map(([name, count]) => `${name} ${count}`).join(', ')}\n`;
}

/** The rows as a table shows them: status in the reader's language. */
export function withStatusNames<Row extends StatusRow>(
  rows: readonly Row[],
  locale: Locale,
): Array<Omit<Row, 'status'> & { status: string }> {
  return rows.map((row) => ({ ...row, status: STATUS_NAMES[locale][row.status] }));
}
