/** How gently one host is crawled. */
export interface PolitenessRule {
  /** Requests in flight to one host at a time. @defaultValue 2 */
  maxConcurrency: number;
  /** Minimum gap between the starts of two requests to one host, in ms. @defaultValue 500 */
  minDelayMs: number;
}
