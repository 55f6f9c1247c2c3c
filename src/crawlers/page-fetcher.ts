import { setTimeout as sleep } from 'node:timers/promises';
import type { Fetcher, PageRequest } from '../platforms/adapter.ts';
import { AccessBook, type AccessKey } from './access-settings.ts';
import { PLATFORM_SETTINGS_VAR } from './access-settings-file.ts';
import { classifyError, classifyResponse } from './classify-response.ts';
import { assertUrlAllowed, type TargetPolicy } from './fetch-guard.ts';
import type { AttemptResult, FetchResult } from './fetch-result.ts';
import type { HttpLimits } from './guarded-http-client.ts';
import { HostPoliteness, type PolitenessSettings } from './host-politeness.ts';
import { HttpPageCrawler } from './http-page-crawler.ts';
import type { RawPageRequest } from './raw-response.ts';
import { RecyclingCrawler } from './recycling-crawler.ts';
import { missingRequiredSettings } from './required-settings.ts';
import { withAccess } from './request-with-access.ts';
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
  /** Cookies, headers, user agent and proxy per platform and profile (SLEEPWATCH_PLATFORM_SETTINGS). @defaultValue none */
  access?: AccessBook;
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
  /**
   * One browser per outbound proxy ('' for none), each started on first use: Chromium takes its
   * proxy at launch, and the guard proxy in front of it forwards to one upstream.
   */
  private readonly browsers = new Map<string, RecyclingCrawler>();
  private readonly access: AccessBook;

  constructor(private readonly settings: CrawlSettings) {
    this.politeness = new HostPoliteness(settings.politeness);
    this.access = settings.access ?? AccessBook.EMPTY;
    const { policy, limits } = settings;
    // One HTTP crawler for every proxy: Crawlee's ProxyConfiguration picks each request's own.
    this.http = new RecyclingCrawler(
      () => HttpPageCrawler.start({ concurrency: settings.httpConcurrency, policy, limits }),
      PAGES_PER_HTTP_CRAWLER,
    );
  }

  /**
   * Fetches `request` with the access settings of `key` (its account's platform and profile);
   * without a key, with none. Failures are told without any of those settings' secrets.
   */
  async fetch(request: PageRequest, via: Fetcher, key?: AccessKey): Promise<FetchResult> {
    const result = await this.fetchWithAccess(request, via, key);
    return result.kind === 'failure' ? { ...result, error: this.access.redact(result.error) } : result;
  }

  private async fetchWithAccess(request: PageRequest, via: Fetcher, key: AccessKey | undefined): Promise<FetchResult> {
    // A URL that cannot be fetched at all (unparsable, not http, a literal private address) fails
    // here, with the guard's own words, before it takes a politeness slot or reaches Crawlee.
    try {
      assertUrlAllowed(request.url, this.settings.policy);
    } catch (err) {
      // ForbiddenTargetError: its message names the reason, never the URL.
      return { kind: 'failure', outcome: 'error', httpStatus: null, error: (err as Error).message };
    }
    // Checked at import and start-up; a profile since removed from the settings still must not fall back to none.
    if (key?.profile && !this.access.hasProfile(key.profile)) {
      return {
        kind: 'failure',
        outcome: 'error',
        httpStatus: null,
        error: `access profile "${key.profile}" is not in ${PLATFORM_SETTINGS_VAR}`,
      };
    }
    // Without them the platform shows a login wall or nothing: a reason to fix, never a silence.
    const [missing] = key ? missingRequiredSettings(this.access, [key]) : [];
    if (missing) return { kind: 'failure', outcome: 'error', httpStatus: null, error: `${missing.message} (${PLATFORM_SETTINGS_VAR})` };
    const raw = withAccess(request, key ? this.access.resolve(key) : {});
    for (let attempt = 0; ; attempt++) {
      const result = await this.politeness.schedule(request.url, (started) => this.attempt({ ...raw, onStart: started }, via));
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
    await Promise.all([this.http.close(), ...[...this.browsers.values()].map((b) => b.close())]);
  }

  private browser(proxyUrl: string | undefined): RecyclingCrawler {
    let browser = this.browsers.get(proxyUrl ?? '');
    if (!browser) {
      const { browserConcurrency, policy, limits, chromiumPath } = this.settings;
      browser = new RecyclingCrawler(
        // Loaded with the first browser page: Playwright is a large share of every command's start-up.
        async () => {
          const { BrowserPageCrawler } = await import('./browser-page-crawler.ts');
          return BrowserPageCrawler.start({ concurrency: browserConcurrency, policy, limits, executablePath: chromiumPath, proxyUrl });
        },
        PAGES_PER_BROWSER,
      );
      this.browsers.set(proxyUrl ?? '', browser);
    }
    return browser;
  }

  private async attempt(request: RawPageRequest, via: Fetcher): Promise<AttemptResult> {
    try {
      const crawler = via === 'browser' ? this.browser(request.proxyUrl) : this.http;
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
