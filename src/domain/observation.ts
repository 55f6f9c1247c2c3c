/**
 * What one look at an account's public page showed. Everything downstream (statuses, history,
 * alerts) is derived from observations, so this shape is the contract between adapters and the rest.
 */

/** How the fetch and parse went. Only `ok` carries evidence about activity. */
export type Outcome = 'ok' | 'not_found' | 'blocked' | 'error';

/** How exact a parsed time is; a time stands for the whole span it names (see `precisionEnd`). */
export type Precision = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const PRECISIONS: readonly Precision[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];

export interface ObservedPost {
  /** Platform id of the post (message id, status id, entry guid, …). */
  id: string;
  /** ISO 8601 with offset: the start of the span named by `precision`. */
  at: string;
  precision: Precision;
  /** Shown pinned on the page; counts by its own date, never by its place. */
  pinned: boolean;
  /** A share of someone else's post rather than original content. */
  repost: boolean;
  url?: string | null;
  excerpt?: string | null;
}

export interface Observation {
  platform: string;
  /** The URL that was fetched (the first page of the account). */
  url: string;
  /** ISO 8601 instant of the fetch. */
  fetchedAt: string;
  outcome: Outcome;
  httpStatus: number | null;
  displayName: string | null;
  followers: number | null;
  /** The page rounded the follower count ("1.2万", "10.1M"). */
  followersApproximate: boolean | null;
  /** Total posts as the platform states it; 0 means the platform positively shows none. */
  postsCount: number | null;
  /** Newest post time (ISO 8601 with offset), start of its precision span. */
  lastPostAt: string | null;
  lastPostPrecision: Precision | null;
  lastPostUrl: string | null;
  lastPostExcerpt: string | null;
  posts: ObservedPost[];
  /** Why the outcome is not `ok`, or a note on a partial read. Never contains secrets. */
  error: string | null;
  /**
   * The page came back but its parser found nothing it expected (outcome `error`): the
   * layout probably changed. Many of these on one platform raise a `parser-broken` alert.
   */
  parseFailed: boolean;
}

/** The activity evidence an adapter reads off one page; the envelope is added by `parsePage`. */
export type PageFacts = Partial<
  Pick<
    Observation,
    | 'displayName'
    | 'followers'
    | 'followersApproximate'
    | 'postsCount'
    | 'lastPostAt'
    | 'lastPostPrecision'
    | 'lastPostUrl'
    | 'lastPostExcerpt'
    | 'posts'
  >
>;
