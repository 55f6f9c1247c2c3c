import { setTimeout as sleep } from 'node:timers/promises';
import type { Fetcher, PageRequest } from '../platforms/adapter.ts';
import { classifyError, classifyResponse } from './classify-response.ts';
import { assertUrlAllowed, type TargetPolicy } from './fetch-guard.ts';
import type { AttemptResult, FetchResult } from './fetch-result.ts';
import type { HttpLimits } from './guarded-http-client.ts';
import { HostPoliteness, type PolitenessSettings } from './host-politeness.ts';
import { HttpPageCrawler } from './http-page-crawler.ts';
import type { RawPageRequest } from './raw-response.ts';
import { RecyclingCrawler } from './recycling-crawler.ts';
import { routeCrawleeLog } from './crawlee-log.ts';

export interface CrawlSettings {
  policy: TargetPolicy;
  limits: HttpLimits;
  politeness: PolitenessSettings;
  /** Pages fetched at once over HTTP by this process. @defaultValue 20 */
  httpConcurrency: number;
  /** Browser tabs open at once (each costs ~100 MB). @defaultValue 2 */
  browserConcurrency: number;
  /** Further attempts after a timeout, network error or 5xx. @defaultValue 2 */
  retries: number;
  /** First backoff pause; doubles per attempt, with jitter. @defaultValue 1000 */
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the fetch fails now. @defaultValue 30 000 */
  maxRetryAfterMs: number;
  chromiumPath: string;
}

/** Crawlers are replaced after this many pages (see RecyclingCrawler). */
const PAGES_PER_HTTP_CRAWLER = 20_000;
const PAGES_PER_BROWSER = 200;

// Crawlee's own logging would print full URLs and stack traces as text; outcomes are reported by us.
routeCrawleeLog();

/**
 * Fetches pages for adapters: HTTP pages through a CheerioCrawler, rendered pages through
 * a PlaywrightCrawler (started on first use), each request behind its host's politeness
 * slot. Retries happen here rather than inside Crawlee so that the backoff pause does not
 * hold the host's slot and a Retry-After can be honoured.
 */
export class PageFetcher {
  private readonly politeness: HostPoliteness;
  private readonly http: RecyclingCrawler;
  private readonly browser: RecyclingCrawler;

  constructor(private readonly settings: CrawlSettings) {
    this.politeness = new HostPoliteness(settings.politeness);
    const { policy, limits } = settings;
    this.http = new RecyclingCrawler(
      () => HttpPageCrawler.start({ concurrency: settings.httpConcurrency, policy, limits }),
      PAGES_PER_HTTP_CRAWLER,
    );
    this.browser = new RecyclingCrawler(
      // Loaded with the first browser page: Playwright is a large share of every command's start-up.
      async () => {
        const { BrowserPageCrawler } = await import('./browser-page-crawler.ts');
        return BrowserPageCrawler.start({
          concurrency: settings.browserConcurrency,
          policy,
          limits,
          executablePath: settings.chromiumPath,
        });
      },
      PAGES_PER_BROWSER,
    );
  }

  async fetch(request: PageRequest, via: Fetcher): Promise<FetchResult> {
    // A URL that cannot be fetched at all (unparsable, not http, a literal private address) fails
    // here, with the guard's own words, before it takes a politeness slot or reaches Crawlee.
    try {
      assertUrlAllowed(request.url, this.settings.policy);
    } catch (err) {
      // ForbiddenTargetError: its message names the reason, never the URL.
      return { kind: 'failure', outcome: 'error', httpStatus: null, error: (err as Error).message };
    }
    for (let attempt = 0; ; attempt++) {
      const result = await this.politeness.schedule(request.url, (started) => this.attempt({ ...request, onStart: started }, via));
      if (result.kind === 'page' || !result.retryable || attempt >= this.settings.retries) {
        return result.kind === 'page'
          ? result
          : { kind: 'failure', outcome: result.outcome, httpStatus: result.httpStatus, error: withAttempts(result.error, attempt) };
      }
      const pause = this.backoff(attempt, result.retryAfterMs);
      if (pause === undefined) return { kind: 'failure', outcome: result.outcome, httpStatus: result.httpStatus, error: result.error };
      await sleep(pause);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.browser.close()]);
  }

  private async attempt(request: RawPageRequest, via: Fetcher): Promise<AttemptResult> {
    try {
      const crawler = via === 'browser' ? this.browser : this.http;
      return classifyResponse(await crawler.fetch(request));
    } catch (err) {
      return classifyError(err, request.url);
    }
  }

  /** Exponential backoff with ±20 % jitter; undefined when the server asks for too long a pause. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number | undefined {
    if (retryAfterMs !== undefined) return retryAfterMs <= this.settings.maxRetryAfterMs ? retryAfterMs : undefined;
    const base = this.settings.retryBaseDelayMs * 2 ** attempt;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }
}

function withAttempts(error: string, retries: number): string {
  return retries > 0 ? `${error} (after ${retries + 1} attempts)` : error;
}
