import { Server } from 'proxy-chain';

export const PROXY_USER = 'proxy-user';
export const PROXY_PASSWORD = 'pr0xy-passw0rd';

/** A forward proxy on loopback, as operators often run one: it asks for credentials and notes where each request went. */
export interface ForwardProxy {
  url: string;
  /** host:port of each request it let through. */
  forwarded: string[];
  /** Requests it refused for bad credentials. */
  refused: number;
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const proxy: ForwardProxy = { url: '', forwarded: [], refused: 0, close: async () => {} };
  const server = new Server({
    host: '127.0.0.1',
    port: 0,
    verbose: false,
    prepareRequestFunction: ({ username, password, hostname, port }) => {
      const authorised = username === PROXY_USER && password === PROXY_PASSWORD;
      if (authorised) proxy.forwarded.push(`${hostname}:${port}`);
      else proxy.refused++;
      return { requestAuthentication: !authorised };
    },
  });
  await server.listen();
  proxy.url = `http://127.0.0.1:${server.port}`;
  proxy.close = () => server.close(true);
  return proxy;
}

/** `url` with the proxy's user name and `password` in it. */
export function withCredentials(url: string, password = PROXY_PASSWORD): string {
  return url.replace('http://', `http://${PROXY_USER}:${password}@`);
}
