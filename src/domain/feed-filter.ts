import type { AlertSeverity } from './alert.ts';
import type { Status } from './account-status.ts';

/**
 * Which alert events a feed subscriber wants. Every dimension that is given must match; a
 * dimension left out (or given as an empty list) does not restrict the feed.
 */
export interface FeedFilter {
  /** The account status that raised or last updated the alert (`alert.status`). */
  statuses?: Status[];
  /** `alert.platform`, which platform-level alerts carry too. */
  platforms?: string[];
  /** The account's unit; platform-level alerts have none and never match. */
  units?: string[];
  /** The account's group; platform-level alerts have none and never match. */
  groups?: string[];
  severities?: AlertSeverity[];
}
