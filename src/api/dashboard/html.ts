/**
 * HTML built from template literals, escaped by default: every value interpolated into `html`
 * is escaped unless it is itself `Html` (made by `html` or, for constants of this code only,
 * `trustedHtml`). A page therefore cannot show a user's string as markup by forgetting to escape
 * it; it can only do so by calling `trustedHtml`, which no user string should reach.
 */
export class Html {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

/** What may be interpolated: text and numbers (escaped), markup, nothing (null, undefined, false), or lists of these. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe inside element content and inside quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  // null, undefined and false render as nothing, so `${cond && html`…`}` reads naturally; true is text.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** The tag: `html`<p>${name}</p>`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup this code wrote itself (never a user's or a page's string): not escaped. */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

/**
 * A URL for an `href`: only http(s) and site-relative ones; anything else (`javascript:`,
 * `data:`) becomes `#`. Escaping stops a URL breaking out of its attribute, not a scheme running.
 */
export function safeUrl(url: string): string {
  return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : '#';
}
