import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_INPUT_LIMITS, LIMIT_SETTINGS, type InputLimits } from '../input/input-limits.ts';
import { IssueList } from '../input/issue-list.ts';
import { readInputFileSync } from '../input/read-bounded.ts';
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

const policyName = z.string().regex(/^[\p{L}\p{N}_.-]{1,60}$/u, 'letters, digits, ".", "_" and "-" only');

/** Group names are account groups, so as long as an account's group may be. */
const fileShape = (limits: InputLimits) =>
  z.strictObject({
    /** Named threshold sets, in addition to the built-in `gov-cn`. */
    policies: z.record(policyName, policyShape).default({}),
    /** Group name → policy name, for accounts that name no policy of their own. */
    groups: z
      .record(z.string().min(1).max(limits.textChars, `at most ${limits.textChars} characters (${LIMIT_SETTINGS.textChars})`), policyName)
      .default({}),
    /** The policy of accounts with neither their own nor a group's. @defaultValue gov-cn */
    default: policyName.default(GOV_CN.name),
  });

/**
 * Reads a policies file (YAML or JSON, at most `limits.yamlBytes`):
 * ```yaml
 * policies:
 *   campus: { warnDays: 7, redLineDays: 14, zombieDays: 60, repostsCount: false }
 * groups:
 *   学院: campus
 * default: gov-cn
 * ```
 * All or nothing: every problem is reported with its line and field.
 */
/**
 * The YAML parser, loaded when a policies file is read: most runs have none, and the parser is a
 * fifth of what every command would load at start-up (the configuration reads this module).
 */
function yaml(): typeof Yaml {
  return createRequire(import.meta.url)('yaml') as typeof Yaml;
}

export function loadPoliciesFile(path: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): PolicyBook {
  const bytes = readInputFileSync(path, 'policies file', { bytes: limits.yamlBytes, setting: LIMIT_SETTINGS.yamlBytes });
  return parsePolicies(bytes.toString('utf8'), `policies file ${path}`, limits);
}

export function parsePolicies(text: string, label = 'policies', limits: InputLimits = DEFAULT_INPUT_LIMITS): PolicyBook {
  const { isMap, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const issues = new IssueList();
  for (const e of doc.errors) issues.add({ line: lines.linePos(e.pos[0]).line, message: `not valid YAML: ${e.message.split('\n')[0]!}` });
  issues.throwIfAny(label, '; none of it was applied');
  const lineOf = (path: ReadonlyArray<PropertyKey>) => {
    const node = doc.getIn(path as Array<string | number>, true) as { range?: [number, number] } | undefined;
    return lines.linePos(node?.range?.[0] ?? (isMap(doc.contents) ? doc.contents.range[0] : 0)).line;
  };
  const parsed = fileShape(limits).safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      // A bad record key says only "Invalid key in record"; what is wrong with it sits one level down.
      const message = i.code === 'invalid_key' ? (i.issues[0]?.message ?? i.message) : i.message;
      issues.add({ line: lineOf(i.path), field: i.path.join('.') || undefined, message });
    }
    throw issues.error(label, '; none of it was applied');
  }
  const { policies, groups, default: defaultName } = parsed.data;
  try {
    return new PolicyBook(
      Object.entries(policies).map(([name, p]) => ({ name, ...p })),
      groups,
      defaultName,
    );
  } catch (err) {
    if (err instanceof InvalidInputError) {
      for (const i of err.issues) issues.add({ ...i, line: lineOf(i.field?.split('.') ?? []) });
      throw issues.error(label, '; none of it was applied');
    }
    throw err;
  }
}
