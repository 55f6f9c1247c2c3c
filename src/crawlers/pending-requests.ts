import { randomUUID } from 'node:crypto';

/**
 * Bridges a long-lived Crawlee crawler (which reports through handlers) to callers that
 * await one page: each request gets its own key, and the handler settles its promise.
 */
export class PendingRequests<T> {
  private readonly waiting = new Map<string, { resolve: (value: T) => void; reject: (err: unknown) => void; onStart?: () => void }>();

  /**
   * A fresh unique key (the request queue drops repeated keys) and the promise for its result.
   * `onStart` is called by `started`, when the crawler is about to send the request.
   */
  open(onStart?: () => void): { key: string; result: Promise<T> } {
    const key = randomUUID();
    const result = new Promise<T>((resolve, reject) => this.waiting.set(key, { resolve, reject, onStart }));
    return { key, result };
  }

  started(key: string): void {
    this.waiting.get(key)?.onStart?.();
  }

  resolve(key: string, value: T): void {
    this.waiting.get(key)?.resolve(value);
    this.waiting.delete(key);
  }

  reject(key: string, err: unknown): void {
    this.waiting.get(key)?.reject(err);
    this.waiting.delete(key);
  }

  rejectAll(err: unknown): void {
    for (const key of [...this.waiting.keys()]) this.reject(key, err);
  }
}
