import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { roleAllows, type Principal, type Role } from '../domain/role.ts';
import { API_TOKEN_PREFIX, principalForToken, touchApiToken } from '../store/api-tokens-repository.ts';
import type { ApiContext } from './api-context.ts';

/**
 * Who may call a route: `public` (health, readiness, the API's own description, and feeds,
 * whose URLs carry their own token), `feed-or-viewer` (a route a feed's token may read too), or
 * the least role an API token must hold.
 */
export type RouteAccess = 'public' | 'feed-or-viewer' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; a route that does not say is refused to everyone (see `authentication`). */
    access?: RouteAccess;
    /**
     * The token may come in a cookie instead of the `Authorization` header: for pages a browser
     * opens, which cannot send the header. `true`: the queue board's `sleepwatch_token` (sent
     * under `/queues` only); a name: that cookie (the dashboard's `sleepwatch_session`, sent
     * everywhere). Each is `SameSite=Strict`, so other sites' pages cannot make a browser use it.
     */
    cookie?: boolean | string;
  }
  interface FastifyRequest {
    /** The API token's principal once `authentication` accepted it; null on public routes and for feed tokens. */
    principal: Principal | null;
  }
}

/**
 * Checks every request's API token (`Authorization: Bearer swt_…`) against the route's
 * `config.access` before anything else runs. A route that declares no access is refused:
 * forgetting to declare it must not open a route. Unknown and revoked tokens are answered as
 * missing ones (401); a token whose role is too low gets 403.
 */
export function authentication(context: ApiContext): FastifyPluginAsync {
  return fp(async (app) => {
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request, reply) => {
      const access = request.routeOptions.config.access;
      // Unknown paths have no route options worth guarding: they get the 404.
      if (request.is404 || access === 'public') return;
      const { cookie } = request.routeOptions.config;
      const presented = bearerToken(request) ?? (cookie ? cookieToken(request, cookie === true ? TOKEN_COOKIE : cookie) : undefined);
      // A feed's token (as a header or `?token=`) is the route's own to check.
      if (access === 'feed-or-viewer' && !presented?.startsWith(`${API_TOKEN_PREFIX}_`)) return;
      const principal = presented === undefined ? undefined : await principalForToken(context.store.db, presented);
      if (!principal) return refuse(reply, 401, 'an API token is required, as "Authorization: Bearer <token>" (sleepwatch tokens add)');
      const needed: Role = access === undefined ? 'admin' : access === 'feed-or-viewer' ? 'viewer' : access;
      if (access === undefined || !roleAllows(principal.role, needed)) {
        return refuse(reply, 403, `this needs a token with the ${needed} role; this token's role is ${principal.role}`);
      }
      request.principal = principal;
      await touchApiToken(context.store.db, principal.tokenId, new Date());
    });
  });
}

/** The token of an `Authorization: Bearer` header, or undefined when there is none. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** The cookie a browser carries an API token in, for routes that accept it (`config.cookie`). */
export const TOKEN_COOKIE = 'sleepwatch_token';

/** The value of the cookie `name` (by default the queue board's `sleepwatch_token`), or undefined when there is none. */
export function cookieToken(request: FastifyRequest, name: string = TOKEN_COOKIE): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === name) return safeDecode(pair.slice(at + 1).trim()) || undefined;
  }
  return undefined;
}

/** A malformed escape is no value rather than a 500. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return '';
  }
}

function refuse(reply: FastifyReply, code: 401 | 403, error: string): FastifyReply {
  if (code === 401) reply.header('www-authenticate', 'Bearer realm="sleepwatch"');
  return reply.code(code).header('cache-control', 'no-store').send({ error });
}
