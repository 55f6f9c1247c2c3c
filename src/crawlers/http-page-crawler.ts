import type { IncomingMessage } from 'node:http';
import { buffer } from 'node:stream/consumers';
import { CheerioCrawler, type CheerioCrawlingContext } from '@crawlee/cheerio';
import { Configuration, ProxyConfiguration, Request } from '@crawlee/core';
import * as cheerio from 'cheerio/slim';
import { SleepwatchError } from '../domain/errors.ts';
import { cookieHeader } from './access-settings.ts';
import { decodeBody } from './decode-body.ts';
import { GuardedHttpClient, type HttpLimits } from './guarded-http-client.ts';
import type { TargetPolicy } from './fetch-guard.ts';
import { PendingRequests } from './pending-requests.ts';
import { RequestFeed } from './request-feed.ts';
import type { RawPageCrawler, RawPageRequest, RawResponse } from './raw-response.ts';

/** Every 4xx/5xx reaches the handler: our classifier, not Crawlee's, decides what a status means. */
const ALL_ERROR_STATUSES = Array.from({ length: 200 }, (_, i) => 400 + i);

/**
 * CheerioCrawler whose `$` is built on first use. Platform adapters parse the body
 * themselves (HTML, XML or JSON, each the right way), so the stock crawler's eager
 * double parse of every page (htmlparser2, then cheerio) would be thrown away.
 */
class LazyCheerioCrawler extends CheerioCrawler {
  /**
   * Bodies reach `_parseHTML` and the request handler as the bytes sent: `decodeBody` picks the
   * encoding from the BOM, the header and the page's own declaration, where Crawlee reads only the header.
   */
  protected override _encodeResponse(
    _request: Request,
    response: IncomingMessage,
  ): { response: IncomingMessage; encoding: BufferEncoding } {
    return { response, encoding: 'utf8' };
  }

  protected override async _parseHTML(response: IncomingMessage, isXml: boolean, _ctx: CheerioCrawlingContext) {
    const body = decodeBody(await buffer(response), headerValue(response.headers['content-type']));
    const $ = lazy(() => cheerio.load(body, { xml: isXml }));
    // Crawlee bundles its own cheerio typings; the runtime API is the same.
    return {
      body,
      $: $ as never,
      dom: lazy(() => $.root()[0]!) as never,
      enqueueLinks: async () => ({ processedRequests: [], unprocessedRequests: [] }),
    };
  }
}

/** A function-shaped proxy that builds the real value on first touch. */
function lazy<T extends object>(build: () => T): T {
  let value: T | undefined;
  const get = () => (value ??= build());
  return new Proxy(function () {} as unknown as T, {
    apply: (_t, thisArg, args): unknown => Reflect.apply(get() as never, thisArg, args),
    get: (_t, prop) => Reflect.get(get(), prop),
    has: (_t, prop) => Reflect.has(get(), prop),
  });
}

export interface HttpCrawlerSettings {
  concurrency: number;
  policy: TargetPolicy;
  limits: HttpLimits;
}

/** A long-lived CheerioCrawler fed one page at a time; retries and politeness live outside it. */
export class HttpPageCrawler implements RawPageCrawler {
  private readonly pending = new PendingRequests<RawResponse>();

  private constructor(
    private readonly crawler: LazyCheerioCrawler,
    private readonly feed: RequestFeed,
    private readonly client: GuardedHttpClient,
    private readonly proxies: ProxyTable,
  ) {}

  static async start(settings: HttpCrawlerSettings): Promise<HttpPageCrawler> {
    const client = new GuardedHttpClient(settings.policy, settings.limits);
    // Concurrency is fixed (min = max), so the autoscaler's system snapshots steer nothing; each
    // one spawns `ps` to weigh child processes, which every second costs a busy worker real CPU.
    const config = new Configuration({ persistStorage: false, purgeOnStart: false, systemInfoIntervalMillis: 60_000 });
    const feed = new RequestFeed();
    const proxies = new ProxyTable();
    const timeoutSecs = Math.ceil(settings.limits.timeoutMs / 1000);
    let self: HttpPageCrawler | undefined;
    const crawler = new LazyCheerioCrawler(
      {
        // Crawlee's option validation for HTTP and browser crawlers lacks `requestManager`;
        // a request queue given here is used as the request manager all the same.
        requestQueue: feed.asRequestQueue(),
        keepAlive: true,
        httpClient: client,
        // Each request names its proxy by number (the URL, credentials and all, stays out of the
        // request); Crawlee hands the URL to the client as `proxyUrl`.
        proxyConfiguration: new ProxyConfiguration({
          newUrlFunction: (_session, options) => proxies.url(options?.request?.userData.proxy as number | undefined),
        }),
        useSessionPool: false,
        maxRequestRetries: 0,
        minConcurrency: settings.concurrency,
        maxConcurrency: settings.concurrency,
        autoscaledPoolOptions: { desiredConcurrency: settings.concurrency },
        additionalMimeTypes: ['*/*'],
        ignoreHttpErrorStatusCodes: ALL_ERROR_STATUSES,
        navigationTimeoutSecs: timeoutSecs,
        requestHandlerTimeoutSecs: timeoutSecs + 5,
        statusMessageLoggingInterval: 3600,
        preNavigationHooks: [({ request }) => self?.pending.started(request.uniqueKey)],
        requestHandler: async ({ request, response, body }) => {
          self?.pending.resolve(request.uniqueKey, {
            url: request.loadedUrl ?? request.url,
            status: response.statusCode ?? 0,
            contentType: headerValue(response.headers['content-type']),
            retryAfter: headerValue(response.headers['retry-after']),
            body: typeof body === 'string' ? body : decodeBody(body, headerValue(response.headers['content-type'])),
          });
        },
        failedRequestHandler: async ({ request }, error) => {
          self?.pending.reject(request.uniqueKey, error);
        },
      },
      config,
    );
    self = new HttpPageCrawler(crawler, feed, client, proxies);
    crawler.run().catch((err) => self?.pending.rejectAll(err));
    return self;
  }

  fetch(request: RawPageRequest): Promise<RawResponse> {
    const { key, result } = this.pending.open(request.onStart);
    const proxy = request.proxyUrl === undefined ? {} : { proxy: this.proxies.number(request.proxyUrl) };
    this.feed.push(new Request({ url: request.url, uniqueKey: key, headers: requestHeaders(request), userData: proxy }));
    // An idle pool looks at its source only every 0.5 s; tell it there is work now.
    void this.crawler.autoscaledPool?.notify();
    return result;
  }

  async close(): Promise<void> {
    this.crawler.stop();
    this.pending.rejectAll(new SleepwatchError('crawler closed'));
    await this.crawler.teardown();
    await this.client.close();
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

/** The adapter's Accept, then the merged headers (the operator's win), then the cookies. */
function requestHeaders(request: RawPageRequest): Record<string, string> {
  return {
    ...(request.accept ? { accept: request.accept } : {}),
    ...request.headers,
    ...(request.cookies ? { cookie: cookieHeader(request.cookies) } : {}),
  };
}

/** The proxy URLs a crawler has sent through, by number: a handful per installation. */
class ProxyTable {
  private readonly urls: string[] = [];

  number(url: string): number {
    const known = this.urls.indexOf(url);
    return known >= 0 ? known : this.urls.push(url) - 1;
  }

  url(n: number | undefined): string | null {
    return n === undefined ? null : (this.urls[n] ?? null);
  }
}
