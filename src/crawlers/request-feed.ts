import { Request, type IRequestManager, type RequestOptions, type RequestProvider, type Source } from '@crawlee/core';
import type { AddRequestsBatchedResult, RequestQueueOperationInfo, RequestsLike } from '@crawlee/core';

/**
 * The request source of a long-lived crawler that is fed from outside, one page at a time.
 * Crawlee's RequestQueue persists, validates and locks every request and keeps the handled
 * ones, scanning them each time it looks for the next; none of that is needed when the
 * durable queue is elsewhere (BullMQ) and each fetch is awaited by its caller. Plugged in
 * as the crawler's request manager.
 */
export class RequestFeed implements IRequestManager {
  private waiting: Request[] = [];
  private head = 0;
  private inProgress = 0;
  private handled = 0;
  private total = 0;

  /** The feed in the shape of Crawlee's `requestQueue` option, which the crawlers use only through IRequestManager. */
  asRequestQueue(): RequestProvider {
    return this as unknown as RequestProvider;
  }

  /** Adds a request without Crawlee's per-call validation (the caller builds it). */
  push(request: Request, forefront = false): void {
    if (forefront) this.waiting.splice(this.head, 0, request);
    else this.waiting.push(request);
    this.total++;
  }

  async fetchNextRequest<T extends Record<string, unknown> = Record<string, unknown>>(): Promise<Request<T> | null> {
    if (this.head >= this.waiting.length) return null;
    const request = this.waiting[this.head++]!;
    // Drop the consumed prefix now and then so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    this.inProgress++;
    return request;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Request> {
    for (let request = await this.fetchNextRequest(); request; request = await this.fetchNextRequest()) yield request;
  }

  async markRequestHandled(request: Request): Promise<RequestQueueOperationInfo> {
    this.inProgress--;
    this.handled++;
    return this.info(request, false);
  }

  async reclaimRequest(request: Request, options?: { forefront?: boolean }): Promise<RequestQueueOperationInfo> {
    this.inProgress--;
    this.total--;
    this.push(request, options?.forefront ?? false);
    return this.info(request, options?.forefront ?? false);
  }

  async addRequest(source: Source, options?: { forefront?: boolean }): Promise<RequestQueueOperationInfo> {
    const request = source instanceof Request ? source : new Request(source as RequestOptions);
    this.push(request, options?.forefront ?? false);
    return this.info(request, options?.forefront ?? false);
  }

  async addRequestsBatched(requests: RequestsLike, options?: { forefront?: boolean }): Promise<AddRequestsBatchedResult> {
    const added: RequestQueueOperationInfo[] = [];
    for await (const source of requests) {
      added.push(await this.addRequest(typeof source === 'string' ? { url: source } : source, options));
    }
    return { addedRequests: added, waitForAllRequestsToBeAdded: Promise.resolve([]) };
  }

  async isEmpty(): Promise<boolean> {
    return this.head >= this.waiting.length;
  }

  async isFinished(): Promise<boolean> {
    return this.head >= this.waiting.length && this.inProgress === 0;
  }

  async handledCount(): Promise<number> {
    return this.handled;
  }

  getTotalCount(): number {
    return this.total;
  }

  getPendingCount(): number {
    return this.waiting.length - this.head + this.inProgress;
  }

  private info(request: Request, forefront: boolean): RequestQueueOperationInfo {
    return {
      requestId: request.id ?? request.uniqueKey,
      uniqueKey: request.uniqueKey,
      wasAlreadyPresent: false,
      wasAlreadyHandled: false,
      forefront,
    };
  }
}
