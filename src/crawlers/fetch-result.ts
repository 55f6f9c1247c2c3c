import type { FetchedPage } from '../platforms/adapter.ts';
import type { Outcome } from '../domain/observation.ts';

/** The verdict on one fetch, after retries: a page for the adapter, or a reason there is none. */
export type FetchResult =
  { kind: 'page'; page: FetchedPage } | { kind: 'failure'; outcome: Exclude<Outcome, 'ok'>; httpStatus: number | null; error: string };

/** One attempt's verdict; `retryable` failures are tried again after a pause. */
export type AttemptResult =
  | { kind: 'page'; page: FetchedPage }
  | {
      kind: 'failure';
      outcome: Exclude<Outcome, 'ok'>;
      httpStatus: number | null;
      error: string;
      retryable: boolean;
      /** Server-requested pause before the next attempt (Retry-After), in ms. */
      retryAfterMs?: number;
    };
