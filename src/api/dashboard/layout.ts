import { LOCALES, type Locale } from '../../domain/locale.ts';
import { html, type Html } from './html.ts';
import type { Messages } from './messages.ts';

/** What every page knows about the request it answers. */
export interface PageContext {
  locale: Locale;
  t: Messages;
  /** The CSRF token of this session's forms (sign-out, and later the forms that change things). */
  csrf: string;
  /** The path, for the language links and the current section. */
  path: string;
  /** The request's query without `lang`, so switching language keeps the page as it is. */
  query: URLSearchParams;
}

export const STYLESHEET_PATH = '/dashboard.css';

/** A whole page: the header with its sections, language and sign-out, then `body`. */
export function page(ctx: PageContext, title: string, body: Html): Html {
  const { t } = ctx;
  const section = (href: string, label: string) =>
    html`<a href="${href}" ${ctx.path === href ? html` aria-current="page"` : ''}>${label}</a>`;
  return document(
    ctx.locale,
    `${title} · ${t.title}`,
    html`<header>
        <nav aria-label="${t.title}"><strong>${t.title}</strong> ${section('/', t.overview)} ${section('/accounts', t.accounts)}</nav>
        <div class="tools">
          ${languageLinks(ctx)}
          <form method="post" action="/signout">
            <input type="hidden" name="csrf" value="${ctx.csrf}" /><button type="submit">${t.signOut}</button>
          </form>
        </div>
      </header>
      <main>
        <h1>${title}</h1>
        ${body}
      </main>`,
  );
}

/** The page's document around `body`: the stylesheet is served (no inline style or script, for the Content-Security-Policy). */
export function document(locale: Locale, title: string, body: Html): Html {
  return html`<!doctype html>
    <html lang="${locale}">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body>
        ${body}
      </body>
    </html> `;
}

function languageLinks(ctx: PageContext): Html {
  const names: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };
  const links = LOCALES.map((locale) => {
    const query = new URLSearchParams(ctx.query);
    query.set('lang', locale);
    const current = locale === ctx.locale ? html` aria-current="true"` : '';
    return html`<a href="${ctx.path}?${query.toString()}" hreflang="${locale}" lang="${locale}" ${current}>${names[locale]}</a>`;
  });
  return html`<span class="lang" role="group" aria-label="${ctx.t.language}">${links}</span>`;
}

/** A time as the pages show it: minutes, UTC, unambiguous in either language. */
export function shownTime(at: Date | string | null): string {
  if (at === null) return '—';
  const iso = typeof at === 'string' ? new Date(at).toISOString() : at.toISOString();
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
