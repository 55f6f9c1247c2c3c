/**
 * Text clean-up shared by the count and date parsers: platforms wrap numbers in bidi marks,
 * write them in full-width forms (Chinese and Japanese pages) and pad them with odd spaces.
 */

/** Bidi controls, zero-width spaces and joiners, word joiner, BOM. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Full-width ASCII variants (U+FF01–FF5E) that carry meaning in numbers and dates. */
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;

/** A quick test so the common case (plain ASCII) skips the replacement entirely. */
const NEEDS_WORK = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\uFF01-\uFF5E]/;

/**
 * Drops invisible marks and folds full-width characters ("１２３", "：", "＋") to ASCII.
 * Whitespace is left as is; callers decide whether a space separates thousands or words.
 */
export function normalizeNumerals(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(INVISIBLE, '').replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}
