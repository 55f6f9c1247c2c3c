import type { z } from 'zod';
import type { PageFacts } from '../domain/observation.ts';
import type { PolitenessRule } from '../domain/politeness.ts';

/** Which crawler fetches an account's pages. */
export type Fetcher = 'http' | 'browser';

/** One page an adapter wants fetched. */
export interface PageRequest {
  url: string;
  /** Accept header the platform expects for this page. */
  accept?: string;
  /** Browser pages: a CSS selector that shows the page has rendered its data. */
  waitFor?: string;
  /**
   * Fetched instead when `url` answers 404 or 410: the account URL as the user gave it, for
   * servers that serve the page there rather than at the platform's usual path.
   */
  fallbackUrl?: string;
  /**
   * Headers the platform's public endpoints require of every client (a Referer, an
   * X-Requested-With): part of the platform's protocol, never secrets. Cookies and tokens
   * belong in the platform's access settings instead.
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * Values an adapter hands from one page of a look to the parse of the next (signing keys
   * read from one answer and needed for the request after it); given back as `ctx.carry`.
   */
  carry?: Readonly<Record<string, string>>;
}

/** A fetched page as adapters see it: already decoded to text, status already known not to be an error. */
export interface FetchedPage {
  /** Final URL after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  body: string;
}

export interface ParseContext<Options> {
  now: Date;
  /** IANA zone for times the page gives without an offset. */
  timeZone: string;
  options: Options;
  /** Facts read from the previous page of the same observation (multi-page platforms). */
  previous?: PageFacts;
  /** What the request for this page carried (`PageRequest.carry`). */
  carry?: Readonly<Record<string, string>>;
}

/** What one page showed, and optionally a further page that would make it more exact. */
export interface PageReading {
  facts: PageFacts;
  next?: PageRequest;
  /**
   * Set when these facts alone would mislead about the account's newest activity (a WeChat
   * article shows one article's date, not the newest post): the reason why. A look whose
   * `next` page is then not read fails with this reason instead of keeping these facts.
   */
  incompleteWithoutNext?: string;
}

/** The facts an adapter can read from an account's pages. */
export interface FactsRead {
  name: boolean;
  followers: boolean;
  /** The account's total number of posts, as the platform states it (not a count of the posts shown). */
  postsCount: boolean;
  lastPost: boolean;
}

/**
 * What an adapter declares about itself, for `sleepwatch platforms`, the README and the
 * contract test: static facts, so listing them fetches and parses nothing.
 */
export interface AdapterAbout {
  reads: Readonly<FactsRead>;
  /** The account URL forms it accepts, as short patterns such as `https://t.me/<channel>`. */
  urlForms: readonly string[];
  /** Every crawler `fetcher` may choose, whatever the account's options. */
  fetchers: readonly Fetcher[];
  /**
   * Platform access settings (SLEEPWATCH_PLATFORM_SETTINGS) without which it cannot read at all:
   * a field (`cookies`, `headers`, `userAgent`, `proxy`) or one cookie or header by name
   * (`cookies.SUB`, `headers.x-token`). Missing ones stop `check`, are warned about when a
   * worker starts, and make each look of the platform `unknown` with the reason.
   */
  requiredSettings: readonly string[];
  /**
   * How gently the platform's own hosts are crawled unless the user says otherwise
   * (SLEEPWATCH_HOST_POLITENESS): keyed by host as in a URL. Empty for platforms that live on
   * many hosts (Mastodon servers, feeds, any site), which get the general default.
   */
  politeness: Readonly<Record<string, PolitenessRule>>;
}

/**
 * A platform: how to fetch an account's public pages and how to read them.
 * `parse` is pure (no I/O, no clock beyond `ctx.now`) so saved pages replay exactly.
 * It throws `PageMismatchError` when the page lacks the structure it reads; `parsePage`
 * then decides between `blocked` (captcha, login wall) and `error`.
 */
export interface PlatformAdapter<Options = Record<string, never>> {
  readonly id: string;
  /** Human name for help texts. */
  readonly title: string;
  readonly about: AdapterAbout;
  /** Validates the per-account `options` object. */
  readonly optionsSchema: z.ZodType<Options>;
  fetcher(options: Options): Fetcher;
  /**
   * First page for an account URL. Adapters may rewrite the path, never the origin, with one
   * exception: a platform whose web host serves no data of its own (bsky.app, weibo.com, Bilibili's
   * space.bilibili.com and m.bilibili.com, whose pages are built by script) may send its URLs to the
   * API host the platform reads its public data from (Bluesky's public AppView, the m.weibo.cn API
   * behind Weibo's mobile site, api.bilibili.com). The crawler's host gate and
   * politeness follow the host of this request, and every connection passes the SSRF guard.
   */
  firstRequest(accountUrl: string, options: Options): PageRequest;
  parse(page: FetchedPage, ctx: ParseContext<Options>): PageReading;
}

/** Adapters are stored type-erased in the registry; options are validated before use. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlatformAdapter = PlatformAdapter<any>;

/** Adds the account URL as the fallback of a rewritten first request (see `PageRequest.fallbackUrl`). */
export function withFallback(request: PageRequest, accountUrl: string): PageRequest {
  return request.url === accountUrl ? request : { ...request, fallbackUrl: accountUrl };
}
