import { Option, type Command } from 'commander';
import type { FeedFilter } from '../domain/feed-filter.ts';
import { LOCALES, type Locale } from '../domain/locale.ts';
import { STATUSES } from '../domain/account-status.ts';
import { ALERT_SEVERITIES } from '../domain/alert.ts';
import { parseFeedFilterQuery } from '../alerts/feeds/feed-filter.ts';
import type { Config } from '../config.ts';
import { InvalidInputError } from '../domain/errors.ts';

/** Flags shared by `feeds add` and `webhooks add`: which alerts a subscription wants, and in which language. */
export interface SubscriptionFlags {
  /** Each absent when the flag was not given. */
  status?: string[];
  platform?: string[];
  unit?: string[];
  group?: string[];
  severity?: string[];
  locale: Locale;
}

/** The filter dimensions, named as feed URLs name them (`?status=…`) and as the flags are. */
const FILTER_FLAGS = ['status', 'platform', 'unit', 'group', 'severity'] as const;

/** Each filter flag may be repeated, and each value may list several separated by commas. */
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addSubscriptionFlags(command: Command, config: Config): Command {
  const also = 'repeat the flag or separate values with commas';
  return command
    .option('--status <statuses>', `only alerts about accounts with these statuses: ${STATUSES.join(', ')} (${also})`, collect)
    .option('--platform <platforms>', `only alerts about these platforms (${also})`, collect)
    .option('--unit <units>', `only alerts about accounts of these units (${also})`, collect)
    .option('--group <groups>', `only alerts about accounts in these groups (${also})`, collect)
    .option('--severity <severities>', `only alerts of these severities: ${ALERT_SEVERITIES.join(', ')} (${also})`, collect)
    .addOption(
      new Option('--locale <locale>', 'language of the alert text')
        .choices([...LOCALES])
        .default(config.locale, `${config.locale}, from SLEEPWATCH_LOCALE`),
    );
}

/**
 * The filter the flags describe, read exactly as a feed URL's query is, so a subscription
 * made on the command line and one narrowed in a URL mean the same thing.
 *
 * @throws InvalidInputError naming the flag (`--status`, `--severity`) of every unknown value.
 */
export function filterFromFlags(flags: SubscriptionFlags): FeedFilter {
  const query = new URLSearchParams();
  for (const name of FILTER_FLAGS) for (const value of flags[name] ?? []) query.append(name, value);
  try {
    return parseFeedFilterQuery(query);
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    throw new InvalidInputError(
      'invalid filter',
      err.issues.map((issue) => ({ ...issue, field: `--${issue.field}` })),
    );
  }
}

/** A filter as one line for tables, e.g. "status=sleeping,zombie unit=市委宣传部"; "all alerts" when it selects everything. */
export function describeFilter(filter: FeedFilter): string {
  const parts = [
    ['status', filter.statuses],
    ['platform', filter.platforms],
    ['unit', filter.units],
    ['group', filter.groups],
    ['severity', filter.severities],
  ] as const;
  const text = parts
    .filter(([, values]) => values && values.length > 0)
    .map(([name, values]) => `${name}=${values!.join(',')}`)
    .join(' ');
  return text || 'all alerts';
}
