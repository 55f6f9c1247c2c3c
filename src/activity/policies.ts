import { InvalidInputError } from '../domain/errors.ts';

/** Silence thresholds, in days, that move an account from one status to the next. */
export interface Policy {
  name: string;
  /** Early warning: `drifting` from this many days of silence. */
  warnDays: number;
  /** The red line: `sleeping` from this many days ("2周内无更新"). */
  redLineDays: number;
  /** `zombie` (僵尸号) from this many days. */
  zombieDays: number;
  /**
   * How far ahead the cadence warning looks: an account already late for its own rhythm is
   * `drifting` once the red line is at most this many days away. @defaultValue 7
   */
  lookAheadDays: number;
  /** Whether sharing someone else's post counts as activity. @defaultValue true */
  repostsCount: boolean;
}

/** The national checklist of 2019 and the provincial spot checks that apply it. */
export const GOV_CN: Policy = { name: 'gov-cn', warnDays: 10, redLineDays: 14, zombieDays: 90, lookAheadDays: 7, repostsCount: true };

export const BUILT_IN_POLICIES: readonly Policy[] = [GOV_CN];

/**
 * The policies an installation knows (built in, plus those defined in its configuration) and
 * which applies to an account: the account's own, else its group's, else the default.
 */
export class PolicyBook {
  private readonly byName: Map<string, Policy>;

  constructor(
    defined: readonly Policy[] = [],
    private readonly groups: Readonly<Record<string, string>> = {},
    readonly defaultName = GOV_CN.name,
  ) {
    this.byName = new Map([...BUILT_IN_POLICIES, ...defined].map((p) => [p.name, p]));
    const issues = [
      ...Object.entries(groups)
        .filter(([, name]) => !this.byName.has(name))
        .map(([group, name]) => ({ field: `groups.${group}`, message: `unknown policy "${name}"` })),
      ...(this.byName.has(defaultName) ? [] : [{ field: 'default', message: `unknown policy "${defaultName}"` }]),
    ];
    if (issues.length) throw new InvalidInputError('invalid policies configuration', issues);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  named(name: string): Policy {
    const policy = this.byName.get(name);
    if (!policy) throw new RangeError(`unknown policy "${name}"; known: ${this.names().join(', ')}`);
    return policy;
  }

  /** Each group's policy by name, as configured: the groups not named here take the default. */
  groupPolicies(): Readonly<Record<string, string>> {
    return this.groups;
  }

  /** The policy for an account: its own assignment, else its group's, else the default. */
  forAccount(account: { policy: string | null; group: string | null }): Policy {
    const name = account.policy ?? (account.group !== null ? this.groups[account.group] : undefined) ?? this.defaultName;
    return this.named(name);
  }
}

/** Only the built-in policies, as `check` and the library use when nothing is configured. */
export const DEFAULT_POLICY_BOOK = new PolicyBook();

/** A built-in policy by name. */
export function policyNamed(name: string): Policy {
  return DEFAULT_POLICY_BOOK.named(name);
}
