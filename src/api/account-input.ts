import { z } from 'zod';
import type { Account } from '../accounts/account.ts';
import { parseAccounts } from '../accounts/load-accounts.ts';
import { assertTargetsAllowed } from '../accounts/refused-targets.ts';
import type { Config } from '../config.ts';
import { InvalidInputError, type InputIssue } from '../domain/errors.ts';
import type { Principal } from '../domain/role.ts';
import { quoted } from '../input/quote.ts';

/**
 * The fields of one account as the body of `POST /api/accounts` and `PATCH /api/accounts/:id`:
 * the register's own names and values, as a YAML or JSON register writes them. Described here
 * for the OpenAPI document only: every value is judged by the register's validation (see
 * `validatedAccount`), so its messages are the ones `import` gives.
 */
export const registerFieldsSchema = z
  .object({
    platform: z.unknown().describe('platform id: telegram, mastodon, feed, html, bluesky, youtube, wechat, weibo, bilibili'),
    url: z.unknown().describe('the account’s page, an absolute http(s) URL'),
    name: z.unknown().describe('the register’s name; null or absent: unnamed (shown under the page’s own name)'),
    unit: z.unknown().describe('the organisational unit that runs the account'),
    region: z.unknown(),
    group: z.unknown(),
    policy: z.unknown().describe('a policy name; null: the group’s, else the default'),
    interval: z.unknown().describe('how often it is looked at: 30m, 6h, 1d, or seconds; default 1d'),
    timezone: z.unknown().describe('IANA time zone of post times shown without an offset; default Asia/Shanghai'),
    options: z.unknown().describe('platform options, an object (or its JSON text)'),
    access: z.unknown().describe('an access profile of SLEEPWATCH_PLATFORM_SETTINGS'),
  })
  .partial()
  // Unknown fields reach the register's validation, which names them.
  .loose();

/**
 * One account entry judged exactly as a register's row is (`parseAccounts`): its fields, the
 * policy and access profile it names against this installation's, the adapter's options, and
 * a URL the workers may fetch under this installation's target policy. Each problem names its
 * field (`options.lastPost`), without the line a file would have.
 *
 * @throws InvalidInputError listing every problem
 */
export function validatedAccount(entry: Record<string, unknown>, config: Config): Account {
  try {
    const [account] = parseAccounts(JSON.stringify([entry]), 'json', {
      policies: config.policies,
      limits: config.limits,
      accessProfiles: config.crawl.access,
    });
    assertTargetsAllowed([account!], config.crawl.policy, 'the account', 'nothing was changed');
    const { source: _line, ...rest } = account!;
    return rest;
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    const issues = err.issues.map(({ line: _line, ...issue }) => issue);
    throw new InvalidInputError(`the account has ${problems(issues.length)}; nothing was changed`, issues);
  }
}

/**
 * For a token limited to a unit: the problem with an account it would write outside that unit
 * (a 400 naming `unit`: the request is what is wrong, not the token's right to write).
 */
export function unitIssue(principal: Principal | null, unit: string | null): InputIssue | undefined {
  const own = principal?.unit;
  if (own == null || unit === own) return undefined;
  return { field: 'unit', message: `this token acts on unit ${quoted(own)} only; the account's unit must be ${quoted(own)}` };
}

function problems(n: number): string {
  return `${n} problem${n === 1 ? '' : 's'}`;
}
