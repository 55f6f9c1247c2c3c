import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { principalForToken } from '../../store/api-tokens-repository.ts';
import type { ApiContext } from '../api-context.ts';
import { replyNotFound } from '../not-found.ts';
import { accountPage } from './account-page.ts';
import { accountsPage, parseAccountsQuery } from './accounts-page.ts';
import { document, STYLESHEET_PATH, type PageContext } from './layout.ts';
import { html, type Html } from './html.ts';
import { MESSAGES, requestLocale, type Messages } from './messages.ts';
import { overviewPage } from './overview-page.ts';
import {
  clearedSessionCookie,
  CsrfGuard,
  isSecure,
  LANG_COOKIE,
  newSignInNonce,
  SESSION_COOKIE,
  sessionCookie,
  setCookie,
  SIGNIN_COOKIE,
} from './session.ts';
import { DASHBOARD_CSS } from './stylesheet.ts';

/** Pages: any API token, from the session cookie (or an `Authorization` header, for scripts). */
const PAGE = { access: 'viewer', cookie: SESSION_COOKIE } as const;
const PUBLIC = { access: 'public' } as const;

/**
 * No script at all, styles from this origin only, forms posting here only, never in a frame:
 * whatever a page shows from an account's pages, a browser will not run it.
 */
const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The dashboard `serve` answers at `/`: sign-in with an API token (kept in an HttpOnly,
 * `SameSite=Strict` session cookie), the overview, the accounts table and an account's page,
 * rendered on the server in the reader's language (`?lang=`, kept in a cookie). Every form that
 * posts carries a CSRF token (`CsrfGuard`); a page opened without a session leads to sign-in.
 */
export function dashboardRoutes(context: ApiContext): FastifyPluginAsync {
  const csrf = new CsrfGuard();
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
      if (request.url !== STYLESHEET_PATH) reply.header('cache-control', 'no-store');
      // A page (or a form) without a valid session is led to sign-in rather than answered in JSON.
      if (reply.statusCode !== 401 || request.routeOptions.config.access === 'public') return payload;
      reply.code(303).header('location', '/signin').removeHeader('content-type').removeHeader('www-authenticate');
      return '';
    });

    const pageContext = (request: FastifyRequest, reply: FastifyReply): PageContext => {
      const { locale, chosen } = requestLocale(request, context.config.locale);
      if (chosen) {
        const cookie = setCookie(LANG_COOKIE, chosen, {
          path: '/',
          maxAgeS: 365 * 86400,
          secure: isSecure(context, request),
          sameSite: 'Lax',
        });
        reply.header('set-cookie', cookie);
      }
      const [path = '/', search = ''] = request.url.split('?', 2);
      const query = new URLSearchParams(search);
      query.delete('lang');
      return { locale, t: MESSAGES[locale], csrf: csrf.forSession(request), path, query };
    };
    const send = (reply: FastifyReply, body: Html, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(String(body));
    const scope = (request: FastifyRequest) => request.principal?.unit ?? null;

    /** A form posted without its CSRF token (another site's, or one older than this process). */
    const forbidden = (request: FastifyRequest, reply: FastifyReply) => {
      const { locale } = requestLocale(request, context.config.locale);
      const t = MESSAGES[locale];
      return send(
        reply,
        document(
          locale,
          t.title,
          html`<main>
            <p class="error">${t.staleForm}</p>
            <p><a href="/">${t.overview}</a></p>
          </main>`,
        ),
        403,
      );
    };

    app.get(STYLESHEET_PATH, { config: PUBLIC, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(DASHBOARD_CSS),
    );

    /** The sign-in form, with a fresh sign-in cookie and the CSRF token made from it. */
    const signInForm = (request: FastifyRequest, reply: FastifyReply, code: number, error?: string) => {
      const { locale, chosen } = requestLocale(request, context.config.locale);
      const t = MESSAGES[locale];
      const nonce = newSignInNonce();
      reply.header('set-cookie', setCookie(SIGNIN_COOKIE, nonce, { path: '/signin', maxAgeS: 3600, secure: isSecure(context, request) }));
      const action = chosen ? `/signin?lang=${chosen}` : '/signin';
      return send(reply, signInPage(t, locale, action, csrf.forSignIn(nonce), error), code);
    };

    app.get('/signin', { config: PUBLIC, schema: { hide: true } }, async (request, reply) => signInForm(request, reply, 200));

    app.post('/signin', { config: PUBLIC, schema: { hide: true } }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const locale = requestLocale(request, context.config.locale).locale;
      if (!csrf.validForSignIn(request, body.csrf)) return signInForm(request, reply, 403, MESSAGES[locale].staleForm);
      const token = typeof body.token === 'string' ? body.token.trim() : '';
      // Every role may read the dashboard: any token that is known and not revoked signs in.
      const principal = token ? await principalForToken(context.store.db, token) : undefined;
      if (!principal) return signInForm(request, reply, 401, MESSAGES[locale].wrongToken);
      const secure = isSecure(context, request);
      reply.header('set-cookie', sessionCookie(token, secure));
      reply.header('set-cookie', setCookie(SIGNIN_COOKIE, '', { path: '/signin', maxAgeS: 0, secure }));
      return reply.code(303).header('location', '/').send();
    });

    app.post('/signout', { config: PAGE, schema: { hide: true } }, async (request, reply) => {
      if (!csrf.validForSession(request, (request.body as Record<string, unknown> | undefined)?.csrf)) return forbidden(request, reply);
      reply.header('set-cookie', clearedSessionCookie(isSecure(context, request)));
      return reply.code(303).header('location', '/signin').send();
    });

    app.get('/', { config: PAGE, schema: { hide: true } }, async (request, reply) => {
      const ctx = pageContext(request, reply);
      return send(reply, await overviewPage(context, ctx, scope(request)));
    });

    app.get('/accounts', { config: PAGE, schema: { hide: true } }, async (request, reply) => {
      const ctx = pageContext(request, reply);
      const query = parseAccountsQuery(request.query as Record<string, unknown>);
      return send(reply, await accountsPage(context, ctx, query, scope(request)));
    });

    app.get('/accounts/:id', { config: PAGE, schema: { hide: true } }, async (request, reply) => {
      const ctx = pageContext(request, reply);
      const id = Number((request.params as { id: string }).id);
      const body = Number.isSafeInteger(id) && id > 0 ? await accountPage(context, ctx, id, scope(request)) : undefined;
      return body ? send(reply, body) : replyNotFound(reply);
    });
  };
}

function signInPage(t: Messages, locale: PageContext['locale'], action: string, csrfToken: string, error: string | undefined): Html {
  return document(
    locale,
    `${t.signIn} · ${t.title}`,
    html`<main class="signin">
      <h1>${t.title}</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="${action}">
        <input type="hidden" name="csrf" value="${csrfToken}" />
        <p>
          <label for="token">${t.token}</label><br /><input id="token" type="password" name="token" autocomplete="off" required autofocus />
        </p>
        <p class="muted">${t.signInHint}</p>
        <p><button type="submit">${t.signIn}</button></p>
      </form>
    </main>`,
  );
}
