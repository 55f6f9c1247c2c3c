import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { accountsCsv, accountsFile } from './accounts-file.ts';
import {
  buryUnderNesting,
  captchaPage,
  faultHidesStatus,
  loginWallPage,
  notFoundPage,
  RETRY_AFTER_SECONDS,
  serviceUnavailablePage,
  SLOW_DELAY_MS,
  tooManyRequestsPage,
  truncateBody,
} from './faults.ts';
import { HTML_TYPE, JSON_TYPE, type PlatformFault, type RenderedPage } from './pages/page.ts';
import { statusForSilence, type FakeAccount } from './population.ts';
import { AccountIndex, missingAccountPage, resolveRoute, sharedPage, type Route } from './routes.ts';

export interface FakePlatformsOptions {
  /** Port to listen on. @defaultValue 0 (a free port) */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  accounts: FakeAccount[];
  /** The clock the pages are generated against. @defaultValue the real time when the server starts */
  now?: Date;
}

/** What may change about a simulated account while it is served: everything but its URL (key, platform, variant). */
export type FakeAccountChanges = Partial<Omit<FakeAccount, 'key' | 'platform' | 'variant'>>;

export interface FakePlatforms {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /**
   * Changes a served account between crawls, the way the real one changes: it posts again
   * (`silenceDays`, `postCount`), starts or stops failing (`fault`), publishes a closure
   * notice (`newestPostText`). Pages are rendered afresh from the next request on, against
   * the server's unchanged clock. `expectedStatus` follows the new silence and fault unless
   * `changes` sets it.
   *
   * @returns the account as it is now served.
   * @throws Error when no account has this key.
   */
  setAccount(key: string, changes: FakeAccountChanges): FakeAccount;
  /** Stops listening and drops every open connection, hung ones included. */
  close(): Promise<void>;
  /** Requests received in total, or for one path (with its query string: exact match; without: any query). */
  requestCount(path?: string): number;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Starts a local server that imitates Telegram, Mastodon, feeds, generic profile pages,
 * Bluesky, YouTube, WeChat, Weibo and Bilibili for the given simulated accounts, including their faults. Pages are deterministic for
 * (account, now) and rendered once per URL, so serving thousands of accounts costs little CPU.
 */
export async function startFakePlatforms(opts: FakePlatformsOptions): Promise<FakePlatforms> {
  const now = opts.now ?? new Date();
  const host = opts.host ?? '127.0.0.1';
  const accounts = [...opts.accounts];
  const index = new AccountIndex(accounts);
  const cache = new Map<string, Reply>();
  const counts = new Map<string, number>();
  const flakyAnswered = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let base = '';
  const accountsFiles: Record<string, () => Reply> = {
    '/accounts.json': () => reply(200, JSON_TYPE, JSON.stringify(accountsFile(accounts, base), null, 2)),
    '/accounts.csv': () => reply(200, 'text/csv; charset=utf-8', accountsCsv(accounts, base)),
  };

  const server = http.createServer((req, res) => {
    const target = req.url ?? '/';
    counts.set(target, (counts.get(target) ?? 0) + 1);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(req, res, plain(405, 'method not allowed'));
    const url = URL.canParse(target, base) ? new URL(target, base) : null;
    if (!url) return send(req, res, plain(400, 'bad request'));
    const file = accountsFiles[url.pathname];
    if (file) return send(req, res, cached(cache, url.pathname, file));
    const shared = sharedPage(url, now);
    if (shared) return send(req, res, rendered(shared));
    const route = resolveRoute(url, index);
    if (!route) {
      const missing = missingAccountPage(url);
      if (missing) return send(req, res, rendered(missing));
      return send(req, res, url.pathname.startsWith('/api/') ? API_NOT_FOUND : NOT_FOUND);
    }

    const page = (shape: 'intact' | 'changed' | 'truncated' | 'hostile' = 'intact') =>
      cached(cache, `${shape}:${route.cacheKey}`, () => {
        const fresh = route.render({ account: route.account, now, base, changedMarkup: shape === 'changed' });
        if (shape === 'truncated') return chunked(fresh.status, fresh.contentType, truncateBody(fresh.body));
        return rendered(shape === 'hostile' ? { ...fresh, body: buryUnderNesting(fresh.body) } : fresh);
      });
    /** The platform's own answer to a fault when it has one, else the generic one. */
    const faultPage = (fault: PlatformFault, generic: Reply) => {
      const own = route.faultPages?.[fault];
      if (!own) return generic;
      return cached(cache, `${fault}:${route.cacheKey}`, () => rendered(own({ account: route.account, now, base, changedMarkup: false })));
    };

    switch (route.account.fault) {
      case 'hang':
        return; // Accepted and never answered; close() drops the socket.
      case 'server-error':
        return send(req, res, SERVICE_UNAVAILABLE);
      case 'rate-limited':
        return send(req, res, faultPage('rate-limited', TOO_MANY_REQUESTS));
      case 'captcha':
        return send(req, res, faultPage('captcha', CAPTCHA));
      case 'login-wall':
        return send(req, res, faultPage('login-wall', LOGIN_WALL));
      case 'not-found':
        return send(req, res, faultPage('not-found', notFoundFor(route)));
      case 'changed-markup':
        return send(req, res, page('changed'));
      case 'truncated':
        return send(req, res, page('truncated'));
      case 'hostile':
        return send(req, res, page('hostile'));
      case 'flaky':
        // The browser build's data fails with its page already; failing it again would need a second retry.
        if (flakyAnswered.has(target) || route.subresource) return send(req, res, page());
        flakyAnswered.add(target);
        return send(req, res, SERVICE_UNAVAILABLE);
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(req, res, page());
        }, SLOW_DELAY_MS);
        timers.add(timer);
        return;
      }
      case null:
        return send(req, res, page());
    }
  });
  // Clients keep connections open between requests; outlive their idle timeouts.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${urlHost(host)}:${port}`;

  return {
    url: base,
    setAccount(key: string, changes: FakeAccountChanges): FakeAccount {
      const at = accounts.findIndex((a) => a.key === key);
      const before = accounts[at];
      if (!before) throw new Error(`no fake account "${key}"`);
      const merged: FakeAccount = { ...before, ...changes, key: before.key, platform: before.platform };
      if (changes.expectedStatus === undefined) {
        merged.expectedStatus = faultHidesStatus(merged.fault) ? 'unknown' : statusForSilence(merged.silenceDays);
      }
      accounts[at] = merged;
      index.replace(merged);
      // Pages are cached per URL, and an account has several (API, profile, accounts files).
      cache.clear();
      flakyAnswered.clear();
      return merged;
    },
    requestCount(path?: string): number {
      let total = 0;
      for (const [target, n] of counts) {
        if (path === undefined || target === path || (!path.includes('?') && target.split('?')[0] === path)) total += n;
      }
      return total;
    },
    async close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

const NOT_FOUND = reply(404, HTML_TYPE, notFoundPage());
const API_NOT_FOUND = reply(404, JSON_TYPE, JSON.stringify({ error: 'Record not found' }));
const SERVICE_UNAVAILABLE = reply(503, HTML_TYPE, serviceUnavailablePage());
const TOO_MANY_REQUESTS = reply(429, HTML_TYPE, tooManyRequestsPage(), { 'Retry-After': String(RETRY_AFTER_SECONDS) });
const CAPTCHA = reply(200, HTML_TYPE, captchaPage());
const LOGIN_WALL = reply(200, HTML_TYPE, loginWallPage());

function notFoundFor(route: Route): Reply {
  return route.api ? API_NOT_FOUND : NOT_FOUND;
}

function rendered(page: RenderedPage): Reply {
  return reply(page.status, page.contentType, page.body, page.headers);
}

function reply(status: number, contentType: string, body: string, extra: Readonly<Record<string, string>> = {}): Reply {
  const bytes = Buffer.from(body, 'utf8');
  return {
    status,
    headers: { 'Content-Type': contentType, 'Content-Length': String(bytes.length), Connection: 'keep-alive', ...extra },
    body: bytes,
  };
}

function plain(status: number, text: string): Reply {
  return reply(status, 'text/plain; charset=utf-8', text);
}

function cached(cache: Map<string, Reply>, key: string, make: () => Reply): Reply {
  let hit = cache.get(key);
  if (!hit) {
    hit = make();
    cache.set(key, hit);
  }
  return hit;
}

function send(req: http.IncomingMessage, res: http.ServerResponse, r: Reply): void {
  res.writeHead(r.status, r.headers);
  res.end(req.method === 'HEAD' ? undefined : r.body);
}

/** A normal 200 without Content-Length (sent chunked): nothing at the HTTP level says the body is cut. */
function chunked(status: number, contentType: string, body: string): Reply {
  const r = reply(status, contentType, body);
  delete r.headers['Content-Length'];
  return r;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
