import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a receiver saw of one request. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How a receiver answers a request to one path; it has read the body already. */
export type Answer = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void;

/** An answer with a fixed status and body. */
export const answer =
  (status: number, body = '', headers: http.OutgoingHttpHeaders = {}): Answer =>
  (_req, res) =>
    res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);

/**
 * A loopback webhook receiver that records every connection and request and answers by path
 * (404 "no such hook" for paths it was not told about).
 */
export interface WebhookReceiver {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** Connections opened since the last `reset`: 0 proves nothing was sent. */
  readonly connections: number;
  received: ReceivedRequest[];
  answers: Map<string, Answer>;
  /** Forgets what was received and the answers, and drops open connections. */
  reset(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let connections = 0;
  const received: ReceivedRequest[] = [];
  const answers = new Map<string, Answer>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      const respond = answers.get(new URL(request.url, 'http://x').pathname);
      if (respond) respond(req, res, request);
      else res.writeHead(404).end('no such hook');
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    received,
    answers,
    reset() {
      connections = 0;
      received.length = 0;
      answers.clear();
      server.closeAllConnections();
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
