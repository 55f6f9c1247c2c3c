import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  /** Base URL without a trailing slash; paths are forwarded unchanged. */
  url: string;
  /** Requests received per User-Agent. */
  fetched: Map<string, number>;
  /** Requests per User-Agent not yet answered (or abandoned by a client that died). */
  inFlight: Map<string, number>;
  close(): Promise<void>;
}

/**
 * Forwards every request to `target`, counting requests by User-Agent: with one User-Agent
 * per process, a test can tell which of several crawler processes fetched what, and which
 * is in the middle of a fetch.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const fetched = new Map<string, number>();
  const inFlight = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  const server = http.createServer((req, res) => {
    const agent = req.headers['user-agent'] ?? '';
    add(fetched, agent, 1);
    add(inFlight, agent, 1);
    res.once('close', () => add(inFlight, agent, -1));
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    fetched,
    inFlight,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}
