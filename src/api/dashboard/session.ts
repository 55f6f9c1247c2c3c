import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../api-context.ts';
import { cookieToken } from '../auth.ts';

/** The dashboard's cookie: the API token the user signed in with, for every path (the queue board keeps its own, under /queues). */
export const SESSION_COOKIE = 'sleepwatch_session';
/** A random value the sign-in form's CSRF token is made from: there is no session yet to tie it to. */
export const SIGNIN_COOKIE = 'sleepwatch_signin';
/** The reader's language, once chosen with `?lang=`. */
export const LANG_COOKIE = 'sleepwatch_lang';

/** A working day, as for the queue board: a browser left open does not hold a token for longer. */
const SESSION_MAX_AGE_S = 8 * 3600;

/**
 * CSRF tokens: an HMAC of the session's cookie (or of the sign-in cookie) under a key made when
 * the routes are, so only this process can make one, and only for the browser that holds the
 * cookie. Another site can make a browser post a form, but cannot read the cookie to compute the
 * token (and, `SameSite=Strict`, the browser does not even send it). A restart makes open forms
 * stale: they are refused and shown again, which for sign-in and sign-out costs one more click.
 */
export class CsrfGuard {
  readonly #key = randomBytes(32);

  /** The token of the forms a signed-in browser posts. */
  forSession(request: FastifyRequest): string {
    return this.#mac('session', cookieToken(request, SESSION_COOKIE) ?? '');
  }

  /** The token of the sign-in form, for this sign-in cookie's value. */
  forSignIn(nonce: string): string {
    return this.#mac('signin', nonce);
  }

  /** Whether `presented` is the token for this session (false without a session). */
  validForSession(request: FastifyRequest, presented: unknown): boolean {
    const session = cookieToken(request, SESSION_COOKIE);
    return session !== undefined && same(presented, this.#mac('session', session));
  }

  validForSignIn(request: FastifyRequest, presented: unknown): boolean {
    const nonce = cookieToken(request, SIGNIN_COOKIE);
    return nonce !== undefined && same(presented, this.#mac('signin', nonce));
  }

  #mac(purpose: string, value: string): string {
    return createHmac('sha256', this.#key).update(`${purpose}\0${value}`).digest('base64url');
  }
}

function same(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(presented), Buffer.from(expected));
}

/** A fresh value for the sign-in cookie. */
export function newSignInNonce(): string {
  return randomBytes(24).toString('base64url');
}

/** Secure when the browser came over https, or the service says its public address is https (behind a proxy). */
export function isSecure(context: ApiContext, request: FastifyRequest): boolean {
  return request.protocol === 'https' || context.config.alerts.publicUrl?.startsWith('https:') === true;
}

interface CookieOptions {
  path: string;
  maxAgeS: number;
  secure: boolean;
  /** Lax for the language, which must survive following a link from elsewhere; Strict for anything that signs in. */
  sameSite?: 'Strict' | 'Lax';
}

/** A `Set-Cookie` value; HttpOnly always: no script of the pages needs to read any of them. */
export function setCookie(name: string, value: string, { path, maxAgeS, secure, sameSite = 'Strict' }: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${path}`,
    `Max-Age=${maxAgeS}`,
    'HttpOnly',
    `SameSite=${sameSite}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function sessionCookie(token: string, secure: boolean): string {
  return setCookie(SESSION_COOKIE, token, { path: '/', maxAgeS: SESSION_MAX_AGE_S, secure });
}

export function clearedSessionCookie(secure: boolean): string {
  return setCookie(SESSION_COOKIE, '', { path: '/', maxAgeS: 0, secure });
}
