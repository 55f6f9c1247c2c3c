import { Configuration, Request } from '@crawlee/core';
import { PlaywrightCrawler } from '@crawlee/playwright';
import { chromium } from 'playwright';
import { ForbiddenTargetError, ResponseTooLargeError, SleepwatchError } from '../domain/errors.ts';
import { assertHostAllowed, type TargetPolicy } from './fetch-guard.ts';
import type { HttpLimits } from './guarded-http-client.ts';
import { GuardProxy, REFUSED_HEADER } from './guard-proxy.ts';
import { PendingRequests } from './pending-requests.ts';
import { RequestFeed } from './request-feed.ts';
import type { RawPageCrawler, RawPageRequest, RawResponse } from './raw-response.ts';

/** Resources a profile page does not need to show its posts and counts. */
const BLOCKED_RESOURCES = new Set(['image', 'media', 'font']);

/** Flags measured to keep Debian's Chromium quiet and small in a container. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserCrawlerSettings {
  concurrency: number;
  policy: TargetPolicy;
  limits: HttpLimits;
  /** @defaultValue the system Chromium at /usr/bin/chromium */
  executablePath: string;
  /** Outbound proxy every page of this browser goes through (behind the guard proxy). @defaultValue none */
  proxyUrl?: string;
}

/** What a page is sent with beyond its URL: kept here, not in Crawlee's request, as it may hold secrets. */
interface PageAccess {
  headers?: Readonly<Record<string, string>>;
  cookies?: Readonly<Record<string, string>>;
}

/**
 * A long-lived PlaywrightCrawler on the system Chromium, for pages that only show their
 * data after JavaScript runs. Started on first use: most sweeps never need a browser.
 */
export class BrowserPageCrawler implements RawPageCrawler {
  private readonly pending = new PendingRequests<RawResponse>();
  private readonly access = new Map<string, PageAccess>();
  private constructor(
    private readonly crawler: PlaywrightCrawler,
    private readonly feed: RequestFeed,
    private readonly proxy: GuardProxy,
    private readonly settings: BrowserCrawlerSettings,
  ) {}

  static async start(settings: BrowserCrawlerSettings): Promise<BrowserPageCrawler> {
    const proxy = await GuardProxy.start(settings.policy, settings.proxyUrl);
    const config = new Configuration({ persistStorage: false, purgeOnStart: false });
    const timeoutSecs = Math.ceil(settings.limits.timeoutMs / 1000);
    let self: BrowserPageCrawler | undefined;
    const feed = new RequestFeed();
    const crawler = new PlaywrightCrawler(
      {
        // Crawlee's option validation for HTTP and browser crawlers lacks `requestManager`;
        // a request queue given here is used as the request manager all the same.
        requestQueue: feed.asRequestQueue(),
        keepAlive: true,
        useSessionPool: false,
        maxRequestRetries: 0,
        maxConcurrency: settings.concurrency,
        navigationTimeoutSecs: timeoutSecs,
        requestHandlerTimeoutSecs: timeoutSecs * 2,
        statusMessageLoggingInterval: 3600,
        headless: true,
        browserPoolOptions: { useFingerprints: false },
        launchContext: {
          launcher: chromium,
          // A context per page: one account's cookies are never sent with another's page.
          useIncognitoPages: true,
          userAgent: settings.limits.userAgent,
          launchOptions: {
            executablePath: settings.executablePath,
            args: CHROMIUM_ARGS,
            // "<-loopback>" removes Chromium's built-in bypass, so loopback goes through the guard too.
            proxy: { server: proxy.url, bypass: '<-loopback>' },
          },
        },
        preNavigationHooks: [
          async ({ page, request }) => {
            self?.pending.started(request.uniqueKey);
            const { headers, cookies } = self?.access.get(request.uniqueKey) ?? {};
            const host = new URL(request.url).host;
            // Host-only cookies for the page's own host, so neither a redirect elsewhere nor a third-party resource gets them.
            if (cookies)
              await page.context().addCookies(Object.entries(cookies).map(([name, value]) => ({ name, value, url: request.url })));
            await page.route('**/*', (route) => {
              const sent = route.request();
              if (BLOCKED_RESOURCES.has(sent.resourceType())) return route.abort();
              // The operator's headers go to the page's own host only, like the cookies.
              if (headers && new URL(sent.url()).host === host) return route.continue({ headers: { ...sent.headers(), ...headers } });
              return route.continue();
            });
          },
        ],
        requestHandler: async ({ page, request, response }) => {
          const headers = (await response?.allHeaders()) ?? {};
          if (headers[REFUSED_HEADER])
            throw new ForbiddenTargetError(`refusing to fetch ${new URL(page.url()).host}: a redirect led to a forbidden address`);
          const waitFor = request.userData.waitFor as string | undefined;
          // A selector that never shows is left for the adapter to judge (block page, changed markup).
          if (waitFor) await page.waitForSelector(waitFor, { timeout: settings.limits.timeoutMs }).catch(() => {});
          const body = await page.content();
          if (Buffer.byteLength(body) > settings.limits.maxBytes) {
            throw new ResponseTooLargeError(`rendered page exceeds the ${settings.limits.maxBytes}-byte limit`);
          }
          self?.pending.resolve(request.uniqueKey, {
            url: page.url(),
            status: response?.status() ?? 0,
            contentType: headers['content-type'] ?? null,
            retryAfter: headers['retry-after'] ?? null,
            body,
          });
        },
        failedRequestHandler: async ({ request }, error) => {
          self?.pending.reject(request.uniqueKey, error);
        },
      },
      config,
    );
    self = new BrowserPageCrawler(crawler, feed, proxy, settings);
    crawler.run().catch((err) => self?.pending.rejectAll(err));
    return self;
  }

  async fetch(request: RawPageRequest): Promise<RawResponse> {
    // Checked here as well as in the proxy so a refusal reads as a clear error, not a browser tunnel failure.
    await assertHostAllowed(new URL(request.url), this.settings.policy);
    const { key, result } = this.pending.open(request.onStart);
    if (request.headers || request.cookies) this.access.set(key, { headers: request.headers, cookies: request.cookies });
    this.feed.push(new Request({ url: request.url, uniqueKey: key, userData: { waitFor: request.waitFor } }));
    void this.crawler.autoscaledPool?.notify();
    return result.finally(() => this.access.delete(key));
  }

  async close(): Promise<void> {
    this.crawler.stop();
    this.pending.rejectAll(new SleepwatchError('browser closed'));
    await this.crawler.teardown();
    await this.proxy.close();
  }
}
