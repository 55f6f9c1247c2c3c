import { z } from 'zod';
import {
  AccountGoneError,
  BlockedPageError,
  ChangedAnswerError,
  InvalidInputError,
  PageMismatchError,
  UnreadablePageError,
} from '../domain/errors.ts';
import type { Observation, ObservedPost, Outcome, PageFacts } from '../domain/observation.ts';
import { latestInstant } from '../parsing/precision.ts';
import type { AnyPlatformAdapter, FetchedPage, PageReading, ParseContext } from './adapter.ts';
import { detectBlockPage } from './block-page.ts';
import { findPlatform, platformIds } from './registry.ts';

/** Why a page gave no reading; `parseFailed` marks a page its parser did not recognise. */
export interface PageFailure {
  outcome: Exclude<Outcome, 'ok'>;
  error: string;
  parseFailed?: true;
}

export type PageRead = { ok: true; reading: PageReading } | ({ ok: false } & PageFailure);

/**
 * Runs an adapter's parser and turns its failures into outcomes: a page that lacks the
 * expected structure is `blocked` when it looks like a captcha or login wall, else `error`;
 * a page where the platform says the account does not exist is `not_found`;
 * a page beyond the readers' bounds is `error` with the bound it broke. Either way it never
 * becomes evidence of silence.
 */
export function readPage(adapter: AnyPlatformAdapter, page: FetchedPage, ctx: ParseContext<unknown>): PageRead {
  try {
    return { ok: true, reading: adapter.parse(page, ctx) };
  } catch (err) {
    if (err instanceof BlockedPageError) return { ok: false, outcome: 'blocked', error: err.message };
    if (err instanceof AccountGoneError) return { ok: false, outcome: 'not_found', error: err.message };
    if (err instanceof UnreadablePageError) return { ok: false, outcome: 'error', error: err.message };
    // Out of stack or string space on some shape of page no bound foresaw: that page is unreadable,
    // and the run that met it goes on with the other accounts.
    if (err instanceof RangeError)
      return { ok: false, outcome: 'error', error: 'page too complex to read (the reader ran out of stack or string space)' };
    if (err instanceof PageMismatchError) {
      const block = err instanceof ChangedAnswerError ? null : detectBlockPage(page.body);
      return block
        ? { ok: false, outcome: 'blocked', error: `${block} instead of the account page` }
        : { ok: false, outcome: 'error', error: `page did not match the ${adapter.id} parser: ${err.message}`, parseFailed: true };
    }
    throw err;
  }
}

interface Envelope {
  platform: string;
  url: string;
  fetchedAt: Date;
  httpStatus: number | null;
}

/** An observation that carries no activity evidence: a failed fetch, or a page that could not be read. */
export function failedObservation(env: Envelope, { outcome, error, parseFailed }: PageFailure): Observation {
  return {
    ...envelope(env),
    outcome,
    displayName: null,
    followers: null,
    followersApproximate: null,
    postsCount: null,
    lastPostAt: null,
    lastPostPrecision: null,
    lastPostUrl: null,
    lastPostExcerpt: null,
    posts: [],
    // Reasons are shown in tables and chat messages: one line, whatever the source said.
    error: error.replace(/\s+/g, ' ').trim(),
    parseFailed: parseFailed === true,
  };
}

/**
 * A successful observation. The newest post is chosen by time over every post the page
 * showed (a pinned post at the top counts by its own date), and compared with any
 * account-level "last posted" the adapter read.
 */
export function okObservation(env: Envelope, facts: PageFacts, note: string | null = null): Observation {
  const posts = facts.posts ?? [];
  const newest = newestPost(posts);
  let lastPostAt = facts.lastPostAt ?? null;
  let lastPostPrecision = facts.lastPostPrecision ?? null;
  let lastPostUrl = facts.lastPostUrl ?? null;
  let lastPostExcerpt = facts.lastPostExcerpt ?? null;
  if (newest && (!lastPostAt || !lastPostPrecision || isLater(newest, lastPostAt, lastPostPrecision))) {
    lastPostAt = newest.at;
    lastPostPrecision = newest.precision;
    lastPostUrl = newest.url ?? null;
    lastPostExcerpt = newest.excerpt ?? null;
  }
  return {
    ...envelope(env),
    outcome: 'ok',
    displayName: facts.displayName ?? null,
    followers: facts.followers ?? null,
    followersApproximate: facts.followers == null ? null : (facts.followersApproximate ?? false),
    postsCount: facts.postsCount ?? null,
    lastPostAt,
    lastPostPrecision,
    lastPostUrl,
    lastPostExcerpt,
    posts,
    error: note,
    parseFailed: false,
  };
}

function envelope(env: Envelope) {
  return { platform: env.platform, url: env.url, fetchedAt: env.fetchedAt.toISOString(), httpStatus: env.httpStatus };
}

export function newestPost(posts: readonly ObservedPost[]): ObservedPost | undefined {
  let best: ObservedPost | undefined;
  for (const post of posts) if (!best || isLater(post, best.at, best.precision)) best = post;
  return best;
}

function isLater(post: ObservedPost, at: string, precision: ObservedPost['precision']): boolean {
  return latestInstant(post.at, post.precision).getTime() > latestInstant(at, precision).getTime();
}

/** Validates per-account options against the adapter's schema, naming each bad field. */
export function validateOptions(adapter: AnyPlatformAdapter, options: unknown): unknown {
  const result = adapter.optionsSchema.safeParse(options ?? {});
  if (result.success) return result.data;
  throw new InvalidInputError(
    `invalid options for platform ${adapter.id}`,
    result.error.issues.map((i: z.core.$ZodIssue) => ({
      field: ['options', ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  );
}

export function requirePlatform(id: string): AnyPlatformAdapter {
  const adapter = findPlatform(id);
  if (!adapter) {
    throw new InvalidInputError(`unknown platform "${id}"`, [{ field: 'platform', message: `must be one of ${platformIds.join(', ')}` }]);
  }
  return adapter;
}

export interface ParsePageOptions {
  /** URL the body was fetched from (used for links and identity; never fetched). */
  url: string;
  now?: Date;
  timeZone?: string;
  options?: unknown;
  httpStatus?: number;
  contentType?: string | null;
}

/** Parses one saved page or API response into an Observation. Pure: no network. */
export function parsePage(platform: string, body: string, opts: ParsePageOptions): Observation {
  const adapter = requirePlatform(platform);
  const now = opts.now ?? new Date();
  const ctx: ParseContext<unknown> = {
    now,
    timeZone: opts.timeZone ?? 'Asia/Shanghai',
    options: validateOptions(adapter, opts.options),
  };
  const env: Envelope = { platform, url: opts.url, fetchedAt: now, httpStatus: opts.httpStatus ?? null };
  const read = readPage(adapter, { url: opts.url, status: opts.httpStatus ?? 200, contentType: opts.contentType ?? null, body }, ctx);
  if (!read.ok) return failedObservation(env, read);
  // A single saved page cannot follow its reading's next page: say when that leaves it less than the account's newest.
  return okObservation(env, read.reading.facts, read.reading.incompleteWithoutNext ?? null);
}
