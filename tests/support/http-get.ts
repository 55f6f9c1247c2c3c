import http from 'node:http';

/** A raw HTTP answer: status, lower-cased headers and the decoded body. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * GET through plain node:http (no retries, no redirects, no decompression), so tests see
 * exactly what the simulated platform sent. Rejects with `Error('timeout')` after `timeoutMs`.
 */
export function httpGet(url: string, opts: { timeoutMs?: number } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}
