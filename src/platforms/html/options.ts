import { load } from 'cheerio/slim';
import { z } from 'zod';

/** A configured selector split into its CSS part and the attribute to read, if one is named. */
export interface ValueSelector {
  css: string;
  /** Read this attribute of each match; null means read the element's text. */
  attribute: string | null;
}

/** A trailing `@attribute` (XML name characters), as in `time@datetime`. */
const TRAILING_ATTRIBUTE = /@([a-zA-Z_:][-a-zA-Z0-9_:.]*)$/;

/** Splits `"<css selector>[@attribute]"`: `"article time@datetime"` reads `datetime` of `article time`. */
export function splitSelector(text: string): ValueSelector {
  const trimmed = text.trim();
  const match = TRAILING_ATTRIBUTE.exec(trimmed);
  if (!match?.[1]) return { css: trimmed, attribute: null };
  return { css: trimmed.slice(0, match.index).trim(), attribute: match[1] };
}

const probe = load('<html><body></body></html>');

/** Why a CSS selector cannot be used, or null when cheerio accepts it. */
export function selectorProblem(css: string): string | null {
  if (css === '') return 'has no CSS selector';
  // cheerio silently accepts a dangling combinator ("div >") and then matches nothing.
  if (/[>+~,]\s*$/.test(css)) return `is not a valid CSS selector: "${css}" ends with "${css.trim().slice(-1)}"`;
  try {
    probe.root().find(css);
    return null;
  } catch (err) {
    return `is not a valid CSS selector: "${css}" (${(err as Error).message})`;
  }
}

function selectorOption(description: string, allowAttribute: boolean) {
  return z
    .string({
      error: (issue) => (issue.input === undefined ? `is required: ${description}` : `must be a string: ${description}`),
    })
    .superRefine((text, ctx) => {
      const { css, attribute } = splitSelector(text);
      const problem = !allowAttribute && attribute !== null ? `takes no @attribute ("@${attribute}")` : selectorProblem(css);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; expected ${description}` });
    });
}

const VALUE_SYNTAX = 'a CSS selector, optionally followed by @attribute (e.g. "article time@datetime")';

const KEYS = ['lastPost', 'followers', 'posts', 'empty', 'name', 'render'] as const;

export const htmlOptionsSchema = z.strictObject(
  {
    /** Elements holding post times; every match is a candidate, the newest wins. */
    lastPost: selectorOption(VALUE_SYNTAX, true),
    /** Element holding the follower count. */
    followers: selectorOption(VALUE_SYNTAX, true).optional(),
    /** Post items; enables ids, links, excerpts and pinned/repost marks per post. */
    posts: selectorOption('a CSS selector of the post items', false).optional(),
    /** Present only when the account has no posts at all. */
    empty: selectorOption('a CSS selector present only when the account has no posts', false).optional(),
    /** Element holding the display name. */
    name: selectorOption(VALUE_SYNTAX, true).optional(),
    /**
     * How the page is fetched: plain HTTP, or a browser for pages that render with scripts.
     * @defaultValue 'http'
     */
    render: z.enum(['http', 'browser'], { error: 'must be "http" or "browser"' }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${KEYS.join(', ')}`
        : undefined,
  },
);

/** Per-account options of the generic HTML adapter. */
export type HtmlOptions = z.infer<typeof htmlOptionsSchema>;
