/** A response as a crawler got it, before any judgement about status or content. */
export interface RawResponse {
  /** Final URL after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: string;
}

export interface RawPageRequest {
  url: string;
  accept?: string;
  /** Further request headers (the platform's required headers). */
  headers?: Readonly<Record<string, string>>;
  waitFor?: string;
  /** Called when the request is about to leave (host politeness counts its spacing from then). */
  onStart?: () => void;
}

/** A crawler that fetches one page at a time on request (long-lived, fed from outside). */
export interface RawPageCrawler {
  fetch(request: RawPageRequest): Promise<RawResponse>;
  close(): Promise<void>;
}
