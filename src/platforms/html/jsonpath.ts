import { JSONPath } from 'jsonpath-plus';

/** One value a JSONPath expression selected, with where it sits in the document. */
export interface JsonMatch {
  /** JSON Pointer (RFC 6901) of the value: "/data/list/0/created_at". */
  pointer: string;
  value: unknown;
}

/** Options whose value starts with `$` are JSONPath expressions; no CSS selector starts so. */
export function isJsonPath(text: string): boolean {
  return text.trim().startsWith('$');
}

// The subset accepted: member names (.name, ['name']), wildcards, recursive descent (..),
// indexes, slices and unions. jsonpath-plus reads malformed text leniently ("$.list[" selects
// $.list), so the syntax is checked here, before any page is read.
const NAME = String.raw`(?:[^.\[\]\s'"()?@$~^\x60,:]+|\*)`;
const INDEX = String.raw`-?\d+`;
const SLICE = String.raw`(?:-?\d+)?:(?:-?\d+)?(?::-?\d+)?`;
const QUOTED = String.raw`(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")`;
const SELECTOR = `(?:\\*|${SLICE}|${INDEX}|${QUOTED})`;
const BRACKET = String.raw`\[\s*${SELECTOR}(?:\s*,\s*${SELECTOR})*\s*\]`;
const SEGMENT = `(?:\\.\\.?${NAME}|(?:\\.\\.)?${BRACKET})`;
const SUPPORTED = new RegExp(`^\\$${SEGMENT}*$`);

/** Filters (`[?(...)]`) and script indexes (`[(...)]`) are code; the reader never runs code from options. */
const SCRIPT = /\[\s*\??\s*\(/;

const MAX_LENGTH = 500;

/** Why a JSONPath expression cannot be used, or null when it can. */
export function jsonPathProblem(expression: string): string | null {
  const text = expression.trim();
  if (text.length > MAX_LENGTH) return `is a JSONPath expression longer than ${MAX_LENGTH} characters`;
  if (SCRIPT.test(text)) {
    return (
      `is a JSONPath expression with a filter or script ("${text}"): those are code and are never run; ` +
      'select by names, indexes, slices and wildcards'
    );
  }
  if (!SUPPORTED.test(text)) return `is not a valid JSONPath expression: "${text}"`;
  return null;
}

/**
 * Every value the expression selects, in document order. Script evaluation is switched off
 * (`eval: false`), so even an expression that slipped past validation cannot run code.
 */
export function evaluateJsonPath(expression: string, document: unknown): JsonMatch[] {
  const results: unknown = JSONPath({ path: expression.trim(), json: document as object, eval: false, resultType: 'all', wrap: true });
  if (!Array.isArray(results)) return [];
  return results.map((result: { pointer: string; value: unknown }) => ({ pointer: result.pointer, value: result.value }));
}
