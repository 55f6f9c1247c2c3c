/** A response as a crawler got it, before any judgement about status or content. */
export interface RawResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: string;
}

/** A crawler that fetches one page at a time on request (long-lived, fed from outside). */
export interface RawPageCrawler {
  fetch(request: { url: string; accept?: string; waitFor?: string }): Promise<RawResponse>;
  close(): Promise<void>;
}
