import { STATUSES, type Status } from '../../domain/account-status.ts';
import { InvalidInputError, type InputIssue } from '../../domain/errors.ts';
import { ALERT_SEVERITIES, type AlertEvent, type AlertSeverity } from '../../domain/alert.ts';
import type { FeedFilter } from '../../domain/feed-filter.ts';

/** Whether an alert event belongs in a feed with this filter. */
export function matchesFilter(event: AlertEvent, filter: FeedFilter): boolean {
  const { alert } = event;
  return (
    allows(filter.statuses, alert.status) &&
    allows(filter.platforms, alert.platform) &&
    allows(filter.units, alert.account?.unit ?? null) &&
    allows(filter.groups, alert.account?.group ?? null) &&
    allows(filter.severities, alert.severity)
  );
}

function allows<T>(wanted: readonly T[] | undefined, actual: T | null): boolean {
  if (!wanted || wanted.length === 0) return true;
  // A missing value (no status, no account, no unit) cannot be what anyone asked for.
  return actual !== null && wanted.includes(actual);
}

/**
 * Reads a filter from a feed URL's query, e.g. `?status=sleeping,zombie&unit=市委宣传部&unit=市卫健委`.
 * Each parameter may be repeated, comma-separated, or both. Other parameters (such as `token`)
 * are ignored.
 *
 * @throws InvalidInputError naming every unknown status or severity, so a subscriber with a typo
 *   gets an error rather than a feed that silently stays empty.
 */
export function parseFeedFilterQuery(query: URLSearchParams): FeedFilter {
  const issues: InputIssue[] = [];
  const filter: FeedFilter = {};

  const statuses = listParameter(query, 'status').map((v) => v.toLowerCase());
  const unknownStatuses = statuses.filter((s) => !(STATUSES as readonly string[]).includes(s));
  for (const bad of unknownStatuses)
    issues.push({ field: 'status', message: `unknown status "${bad}"; expected one of ${STATUSES.join(', ')}` });
  if (statuses.length) filter.statuses = statuses as Status[];

  const severities = listParameter(query, 'severity').map((v) => v.toLowerCase());
  const unknownSeverities = severities.filter((s) => !(ALERT_SEVERITIES as readonly string[]).includes(s));
  for (const bad of unknownSeverities)
    issues.push({ field: 'severity', message: `unknown severity "${bad}"; expected one of ${ALERT_SEVERITIES.join(', ')}` });
  if (severities.length) filter.severities = severities as AlertSeverity[];

  if (issues.length) throw new InvalidInputError('invalid feed filter', issues);

  const platforms = listParameter(query, 'platform');
  if (platforms.length) filter.platforms = platforms;
  const units = listParameter(query, 'unit');
  if (units.length) filter.units = units;
  const groups = listParameter(query, 'group');
  if (groups.length) filter.groups = groups;
  return filter;
}

/** All values of a parameter, split at commas, trimmed, without blanks or repeats, in order of first appearance. */
function listParameter(query: URLSearchParams, name: string): string[] {
  const values = query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...new Set(values)];
}

/**
 * A canonical text for a filter: equal for filters that select the same events however the
 * query was written (order, repeats, commas), so it can key caches and ETags.
 */
export function feedFilterKey(filter: FeedFilter): string {
  const parts: string[] = [];
  const add = (name: string, values: readonly string[] | undefined) => {
    if (values && values.length) parts.push(`${name}=${[...new Set(values)].sort().map(encodeURIComponent).join(',')}`);
  };
  add('status', filter.statuses);
  add('platform', filter.platforms);
  add('unit', filter.units);
  add('group', filter.groups);
  add('severity', filter.severities);
  return parts.join('&');
}
