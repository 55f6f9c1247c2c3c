import { load } from 'cheerio/slim';
import { z } from 'zod';
import { isJsonPath, jsonPathProblem } from './jsonpath.ts';
import { findPreset, presetIds } from './presets/index.ts';

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

/** Why a configured value cannot be used: JSONPath when it starts with `$`, else a CSS selector. */
function valueProblem(text: string, allowAttribute: boolean): string | null {
  if (isJsonPath(text)) return jsonPathProblem(text);
  const { css, attribute } = splitSelector(text);
  return !allowAttribute && attribute !== null ? `takes no @attribute ("@${attribute}")` : selectorProblem(css);
}

function selectorOption(description: string, allowAttribute: boolean) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? undefined : `must be a string: ${description}`) })
    .superRefine((text, ctx) => {
      const problem = valueProblem(text, allowAttribute);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; expected ${description}` });
    })
    .optional();
}

function cssOption(description: string) {
  return z
    .string({ error: `must be a string: ${description}` })
    .superRefine((text, ctx) => {
      const problem = isJsonPath(text) ? 'is not a CSS selector' : selectorProblem(splitSelector(text).css);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; expected ${description}` });
    })
    .optional();
}

const VALUE_SYNTAX =
  'a CSS selector, optionally followed by @attribute (e.g. "article time@datetime"), ' +
  'or a JSONPath expression (e.g. "$.data.list[*].created_at")';

/** The options that say where a value is: all CSS selectors, or all JSONPath expressions. */
export const VALUE_KEYS = ['lastPost', 'followers', 'postsCount', 'posts', 'empty', 'name'] as const;

const KEYS = ['preset', ...VALUE_KEYS, 'jsonScript', 'waitFor', 'render'] as const;

const fields = {
  /** A named set of options (see ./presets/); the account's own options override it one by one. */
  preset: z
    .string({ error: 'must be a string: the name of a preset' })
    .refine((id) => findPreset(id) !== undefined, {
      error: (issue) => `unknown preset "${String(issue.input)}"; known presets: ${presetIds.join(', ')}`,
    })
    .optional(),
  /** Post times; every match is a candidate, the newest wins. Required, from the account or its preset. */
  lastPost: selectorOption(VALUE_SYNTAX, true),
  /** The follower count. */
  followers: selectorOption(VALUE_SYNTAX, true),
  /** The account's total number of posts, as the page states it. */
  postsCount: selectorOption(VALUE_SYNTAX, true),
  /** Post items; enables ids, links and excerpts per post, and on HTML pages pinned/repost marks. */
  posts: selectorOption('a CSS selector or a JSONPath expression of the post items', false),
  /**
   * Says the account has no posts at all: a CSS selector present only then, or a JSONPath
   * expression whose every match is an empty array or the number 0.
   */
  empty: selectorOption('a CSS selector present only when the account has no posts, or a JSONPath expression', false),
  /** The display name. */
  name: selectorOption(VALUE_SYNTAX, true),
  /** JSONPath on an HTML page: the `<script>` element whose text is the JSON (percent-encoded or not). */
  jsonScript: cssOption('a CSS selector of the <script> element holding the page data as JSON'),
  /** Browser pages: what to wait for before reading, instead of the post times or the empty marker (ignored over HTTP). */
  waitFor: cssOption('a CSS selector the browser waits for'),
  /**
   * How the page is fetched: plain HTTP, or a browser for pages that render with scripts.
   * @defaultValue 'http'
   */
  render: z.enum(['http', 'browser'], { error: 'must be "http" or "browser"' }).optional(),
};

export const htmlOptionsSchema = z
  .strictObject(fields, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${KEYS.join(', ')}`
        : undefined,
  })
  .superRefine((options, ctx) => {
    if (options.preset !== undefined && !findPreset(options.preset)) return;
    const resolved = withPreset(options);
    if (resolved.lastPost === undefined) {
      ctx.addIssue({ code: 'custom', path: ['lastPost'], message: `is required (or a preset: ${presetIds.join(', ')}): ${VALUE_SYNTAX}` });
      return;
    }
    for (const issue of mixingIssues({ ...resolved, lastPost: resolved.lastPost })) ctx.addIssue({ code: 'custom', ...issue });
  });

/** Per-account options of the generic HTML adapter, as the account gives them. */
export type HtmlOptions = z.infer<typeof htmlOptionsSchema>;

/** The options a page is read with: the preset's, overridden by the account's own. */
export type ResolvedHtmlOptions = Omit<HtmlOptions, 'preset' | 'lastPost'> & { lastPost: string };

function withPreset(options: HtmlOptions): Omit<HtmlOptions, 'preset'> {
  const { preset, ...own } = options;
  const defined = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
  return { ...(preset === undefined ? {} : findPreset(preset)?.options), ...defined };
}

/** Expands the preset; only for options the schema accepted, which always name a post time. */
export function resolveHtmlOptions(options: HtmlOptions): ResolvedHtmlOptions {
  const resolved = withPreset(options);
  if (resolved.lastPost === undefined) throw new TypeError('html options without lastPost passed validation');
  return { ...resolved, lastPost: resolved.lastPost };
}

/** Whether the page is read as JSON: the post times are a JSONPath expression (and then every value is). */
export function readsJson(options: ResolvedHtmlOptions): boolean {
  return isJsonPath(options.lastPost);
}

const ONE_KIND = 'an account reads either JSON (every value JSONPath) or HTML (every value CSS)';

/** A page is read either as HTML or as JSON: one account cannot mix CSS selectors and JSONPath. */
function mixingIssues(options: ResolvedHtmlOptions): Array<{ path: string[]; message: string }> {
  const json = readsJson(options);
  const issues: Array<{ path: string[]; message: string }> = [];
  for (const key of VALUE_KEYS) {
    const value = options[key];
    if (value === undefined || isJsonPath(value) === json) continue;
    const kinds = json ? 'a CSS selector but lastPost is a JSONPath expression' : 'a JSONPath expression but lastPost is a CSS selector';
    issues.push({ path: [key], message: `is ${kinds}: ${ONE_KIND}` });
  }
  // Chromium shows a JSON answer wrapped in a page of its own, which is neither the answer nor the site's page.
  if (json && options.render === 'browser' && options.jsonScript === undefined) {
    issues.push({
      path: ['render'],
      message:
        'a JSON endpoint is fetched over HTTP: "browser" renders HTML pages (set jsonScript to read the JSON a rendered page embeds)',
    });
  }
  if (!json && options.jsonScript !== undefined) {
    issues.push({ path: ['jsonScript'], message: 'applies only when the values are JSONPath expressions, but lastPost is a CSS selector' });
  }
  return issues;
}
