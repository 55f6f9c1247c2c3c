import { z } from 'zod';

/** A query parameter given once, several times (`?unit=a&unit=b`), or as a comma list (`?unit=a,b`): one text either way. */
const joined = (value: unknown) => (Array.isArray(value) ? value.join(',') : value);

/** The distinct, trimmed, non-blank items of a comma list. */
const items = (text: string) => [...new Set(text.split(',').map((v) => v.trim()))].filter((v) => v !== '');

/**
 * A query parameter that lists any of `values`, e.g. `?status=sleeping,zombie`. Absent, or
 * empty (what a form sends for "any"), it restricts nothing. An unknown value is a 400 naming
 * the parameter rather than a list that silently stays empty.
 */
export function enumListParameter<T extends string>(values: readonly T[], description: string) {
  return z
    .preprocess(
      joined,
      z
        .string()
        .max(2000)
        .transform((text, ctx) => {
          const list = items(text);
          const unknown = list.filter((v) => !(values as readonly string[]).includes(v));
          if (unknown.length) {
            ctx.addIssue({ code: 'custom', message: `unknown value "${unknown[0]}"; expected any of ${values.join(', ')}` });
            return z.NEVER;
          }
          return list as T[];
        }),
    )
    .optional()
    .describe(`${description}: any of ${values.join(', ')}, comma-separated or repeated`);
}

/** A query parameter that lists free texts (units, groups, platforms), comma-separated or repeated. */
export function textListParameter(description: string) {
  return z.preprocess(joined, z.string().max(2000).transform(items)).optional().describe(`${description}, comma-separated or repeated`);
}

/** One of `values`, or nothing when absent or empty. */
export function enumParameter<T extends string>(values: readonly T[], description: string) {
  return z
    .string()
    .max(100)
    .transform((text, ctx) => {
      if (text === '') return undefined;
      if (!(values as readonly string[]).includes(text)) {
        ctx.addIssue({ code: 'custom', message: `expected one of ${values.join(', ')}, got "${text}"` });
        return z.NEVER;
      }
      return text as T;
    })
    .optional()
    .describe(`${description}: one of ${values.join(', ')}`);
}
