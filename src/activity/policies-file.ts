import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { InvalidInputError, type InputIssue } from '../errors.ts';
import { GOV_CN, PolicyBook } from './policies.ts';

const days = z.number().positive().max(3650);
const policyShape = z
  .strictObject({
    warnDays: days,
    redLineDays: days,
    zombieDays: days,
    lookAheadDays: days.default(GOV_CN.lookAheadDays),
    repostsCount: z.boolean().default(GOV_CN.repostsCount),
  })
  .refine((p) => p.warnDays <= p.redLineDays && p.redLineDays <= p.zombieDays, 'expected warnDays ≤ redLineDays ≤ zombieDays');

const fileShape = z.strictObject({
  /** Named threshold sets, in addition to the built-in `gov-cn`. */
  policies: z.record(z.string().regex(/^[\p{L}\p{N}_.-]{1,60}$/u, 'letters, digits, ".", "_" and "-" only'), policyShape).default({}),
  /** Group name → policy name, for accounts that name no policy of their own. */
  groups: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** The policy of accounts with neither their own nor a group's. @defaultValue gov-cn */
  default: z.string().min(1).default(GOV_CN.name),
});

/**
 * Reads a policies file (YAML or JSON):
 * ```yaml
 * policies:
 *   campus: { warnDays: 7, redLineDays: 14, zombieDays: 60, repostsCount: false }
 * groups:
 *   学院: campus
 * default: gov-cn
 * ```
 * All or nothing: every problem is reported with its line and field.
 */
export function loadPoliciesFile(path: string): PolicyBook {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError(`cannot read the policies file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parsePolicies(text, `policies file ${path}`);
}

export function parsePolicies(text: string, label = 'policies'): PolicyBook {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length) {
    throw new InvalidInputError(`${label} is not valid YAML`, doc.errors.map((e) => ({ line: lines.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! })));
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>) => {
    const node = doc.getIn(path as Array<string | number>, true) as { range?: [number, number] } | undefined;
    return lines.linePos(node?.range?.[0] ?? (isMap(doc.contents) ? doc.contents.range[0] : 0)).line;
  };
  const parsed = fileShape.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issues: InputIssue[] = parsed.error.issues.map((i) => ({ line: lineOf(i.path), field: i.path.join('.') || undefined, message: i.message }));
    throw new InvalidInputError(`${label} has problems; none of it was applied`, issues);
  }
  const { policies, groups, default: defaultName } = parsed.data;
  try {
    return new PolicyBook(Object.entries(policies).map(([name, p]) => ({ name, ...p })), groups, defaultName);
  } catch (err) {
    if (err instanceof InvalidInputError) {
      throw new InvalidInputError(`${label} has problems; none of it was applied`, err.issues.map((i) => ({ ...i, line: lineOf(i.field?.split('.') ?? []) })));
    }
    throw err;
  }
}
