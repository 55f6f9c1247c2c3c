import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { BaseHttpClient, HttpRequest, HttpResponse, RedirectHandler, ResponseTypes, StreamingHttpResponse } from '@crawlee/core';
import { Agent, ProxyAgent, request as undiciRequest, type Dispatcher } from 'undici';
import { ResponseTooLargeError, SleepwatchError, redactUrl } from '../domain/errors.ts';
import { assertHostAllowed, assertUrlAllowed, guardedLookup, type TargetPolicy } from './fetch-guard.ts';

export interface HttpLimits {
  /** Largest response body accepted, in bytes. @defaultValue 5 MiB */
  maxBytes: number;
  /** Whole-request time limit (connect, headers and body), in ms. @defaultValue 20 000 */
  timeoutMs: number;
  /** @defaultValue 5 */
  maxRedirects: number;
  userAgent: string;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/**
 * Crawlee's HTTP client slot, filled with undici: every socket resolves names through the
 * SSRF guard, every redirect hop is re-checked, and bodies are cut off at the size limit.
 * (got-scraping, Crawlee's default, spends several ms of CPU per request generating browser
 * headers, which the platforms we read do not need.)
 *
 * A request with a `proxyUrl` (Crawlee's ProxyConfiguration) is sent through that proxy. The
 * proxy is the operator's own and may sit on loopback; the target is still checked: its name
 * is resolved through the guard before every hop, since the proxy, not this process, connects.
 */
export class GuardedHttpClient implements BaseHttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly proxies = new Map<string, Dispatcher>();

  constructor(
    private readonly policy: TargetPolicy,
    private readonly limits: HttpLimits,
  ) {
    this.dispatcher = new Agent({
      connect: { lookup: guardedLookup(policy), timeout: limits.timeoutMs },
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  async stream(request: HttpRequest, onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    // A timer we clear when the body is done: AbortSignal.timeout would keep every response
    // (and its buffers) reachable until the timeout fires, tens of MB at a few hundred pages/s.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new SleepwatchError(`timed out after ${this.limits.timeoutMs} ms`)),
      this.limits.timeoutMs,
    );
    try {
      const response = await this.follow(request, deadline.signal, onRedirect);
      response.stream.once('close', () => clearTimeout(timer));
      return response;
    } catch (err) {
      clearTimeout(timer);
      throw err;
    }
  }

  private async follow(request: HttpRequest, signal: AbortSignal, onRedirect?: RedirectHandler): Promise<StreamingHttpResponse> {
    const headers = this.headersFor(request);
    const redirectUrls: URL[] = [];
    const dispatcher = request.proxyUrl ? this.proxy(request.proxyUrl) : this.dispatcher;
    let url = assertUrlAllowed(String(request.url), this.policy);
    for (let hop = 0; ; hop++) {
      // Through a proxy, names are resolved by the proxy, out of the guarded lookup's reach.
      if (request.proxyUrl) await assertHostAllowed(url, this.policy);
      const res = await undiciRequest(url, {
        dispatcher,
        method: request.method?.toUpperCase() ?? 'GET',
        headers,
        signal,
      }).catch((err: unknown) => {
        throw request.proxyUrl ? proxyError(err) : err;
      });
      const location = header(res.headers, 'location');
      if (REDIRECT_CODES.has(res.statusCode) && location && request.followRedirect !== false) {
        res.body.on('error', ignoreAbandoned).resume();
        if (hop >= this.limits.maxRedirects) {
          throw new SleepwatchError(`more than ${this.limits.maxRedirects} redirects from ${redactUrl(String(request.url))}`);
        }
        const next = assertUrlAllowed(new URL(location, url), this.policy);
        redirectUrls.push(next);
        onRedirect?.(
          { url: url.href, statusCode: res.statusCode, headers: res.headers, trailers: {}, redirectUrls, complete: true },
          { url: next, headers },
        );
        url = next;
        continue;
      }
      const declared = Number(header(res.headers, 'content-length') ?? NaN);
      if (declared > this.limits.maxBytes) {
        res.body.destroy();
        throw new ResponseTooLargeError(`response of ${declared} bytes exceeds the ${this.limits.maxBytes}-byte limit`);
      }
      // The limit applies after decompression, so a small gzip bomb is cut off too.
      const encoding = header(res.headers, 'content-encoding');
      const stream = chain(res.body, [...decoderFor(encoding), sizeLimit(this.limits.maxBytes)]);
      stream.on('error', ignoreAbandoned);
      return {
        stream,
        request,
        redirectUrls,
        url: url.href,
        statusCode: res.statusCode,
        headers: res.headers,
        trailers: {},
        complete: false,
        downloadProgress: { percent: 0, transferred: 0 },
        uploadProgress: { percent: 100, transferred: 0 },
      };
    }
  }

  async sendRequest<T extends keyof ResponseTypes = 'text'>(request: HttpRequest<T>): Promise<HttpResponse<T>> {
    const res = await this.stream(request as HttpRequest);
    const buffer = await collect(res.stream);
    const type = request.responseType ?? 'text';
    const body = (
      type === 'buffer' ? buffer : type === 'json' ? JSON.parse(buffer.toString('utf8')) : buffer.toString('utf8')
    ) as ResponseTypes[T];
    return { ...res, complete: true, request, body };
  }

  async close(): Promise<void> {
    await Promise.all([this.dispatcher, ...this.proxies.values()].map((d) => d.close()));
  }

  private proxy(proxyUrl: string): Dispatcher {
    let agent = this.proxies.get(proxyUrl);
    if (!agent) {
      const { timeoutMs } = this.limits;
      agent = new ProxyAgent({ uri: proxyUrl, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 10_000 });
      this.proxies.set(proxyUrl, agent);
    }
    return agent;
  }

  private headersFor(request: HttpRequest): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.limits.userAgent,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
    };
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return headers;
  }
}

/**
 * Readers see a body's errors through their own listeners. This one is for a body nobody reads
 * any more: a caller that gave up at its own timeout (Crawlee's navigation timeout equals ours)
 * leaves the stream to be ended by our deadline, and an error event without a listener would
 * end the process.
 */
function ignoreAbandoned(): void {}

/**
 * A proxy's refusal in our words: undici reports it as an aborted request, which would read as
 * a timeout. Neither its text nor the proxy's URL is quoted: both may carry the credentials.
 */
function proxyError(err: unknown): unknown {
  const status = /Proxy response \((\d{3})\)/.exec(err instanceof Error ? err.message : '')?.[1];
  if (!status) return err;
  const why = status === '407' ? ': it refused the proxy credentials' : '';
  return new SleepwatchError(`the proxy answered ${status} instead of connecting${why}`, { cause: err });
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function decoderFor(encoding: string | undefined): Transform[] {
  switch (encoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return [zlib.createGunzip()];
    case 'deflate':
      return [zlib.createInflate()];
    case 'br':
      return [zlib.createBrotliDecompress()];
    default:
      return [];
  }
}

/**
 * Pipes `source` through `stages` and returns the last: an error anywhere ends the last stage
 * with that error, and a last stage closed early (limit hit, crawl aborted) frees the source's
 * socket. Lighter than `stream.pipeline`, which allocates an AbortController and a
 * DOMException per response: real CPU at hundreds of pages per second.
 */
function chain(source: Readable, stages: Transform[]): Transform {
  const last = stages.at(-1)!;
  let upstream: Readable = source;
  for (const stage of stages) {
    upstream.on('error', (err: Error) => last.destroy(err));
    upstream.pipe(stage);
    upstream = stage;
  }
  last.once('close', () => {
    for (const s of [source, ...stages]) if (!s.destroyed && !s.readableEnded) s.destroy();
  });
  return last;
}

function sizeLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new ResponseTooLargeError(`response exceeds the ${maxBytes}-byte limit`));
      else callback(null, chunk);
    },
  });
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
