import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the test server saw it. */
export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** `performance.now()` when the response finished or the connection closed. */
  endedAt?: number;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => void | Promise<void>;

/**
 * A loopback HTTP server for crawler tests: routes by path (query ignored), records every
 * request, and tracks how many were in flight at once so politeness can be checked from
 * the server's side, where it matters.
 */
export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Highest number of requests in flight at the same moment. */
  readonly maxInFlight: number;
  /** Requests seen for one path (query ignored). */
  hits(path: string): SeenRequest[];
  route(path: string, handler: RouteHandler): void;
  /** Forgets recorded requests and the in-flight high-water mark (routes stay). */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a test server on a random loopback port; unknown paths answer 404. */
export async function startTestServer(): Promise<TestServer> {
  const routes = new Map<string, RouteHandler>();
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const seen: SeenRequest = { path, headers: req.headers, startedAt: performance.now() };
    requests.push(seen);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => {
      inFlight--;
      seen.endedAt = performance.now();
    });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such test route');
      return;
    }
    Promise.resolve(handler(req, res, seen)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });
  // Dual-stack where the machine has IPv6, so a request to [::1] would arrive too (and be counted).
  await listen(server, '::').catch(() => listen(server, '127.0.0.1'));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    hits: (path) => requests.filter((r) => r.path === path),
    route: (path, handler) => void routes.set(path, handler),
    reset() {
      requests.length = 0;
      maxInFlight = inFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging routes and keep-alive sockets would otherwise hold close() open forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: http.Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Answers `body` with a status and content type. */
export function reply(status: number, contentType: string, body: string | Buffer, headers: http.OutgoingHttpHeaders = {}): RouteHandler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': contentType, ...headers }).end(body);
  };
}

/** Redirects (302) to `location`. */
export function redirect(location: string): RouteHandler {
  return (_req, res) => {
    res.writeHead(302, { location }).end();
  };
}
