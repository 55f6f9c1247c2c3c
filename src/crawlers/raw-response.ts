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
  /**
   * Further request headers, names lowercased: the platform's required headers, overridden by
   * the operator's (see `withAccess`). Cookies are not among them.
   */
  headers?: Readonly<Record<string, string>>;
  /** Cookies for the page's own host, from the platform's access settings. Secrets. */
  cookies?: Readonly<Record<string, string>>;
  /** Outbound proxy URL from the platform's access settings; may carry credentials. */
  proxyUrl?: string;
  waitFor?: string;
  /** Called when the request is about to leave (host politeness counts its spacing from then). */
  onStart?: () => void;
}

/** A crawler that fetches one page at a time on request (long-lived, fed from outside). */
export interface RawPageCrawler {
  fetch(request: RawPageRequest): Promise<RawResponse>;
  close(): Promise<void>;
}
