import type { PolicyName } from './policy-names.ts';

/** Silence thresholds, in days, that move an account from one status to the next. */
export interface Policy {
  name: PolicyName;
  /** Early warning: `drifting` from this many days of silence. */
  warnDays: number;
  /** The red line: `sleeping` from this many days ("2周内无更新"). */
  redLineDays: number;
  /** `zombie` (僵尸号) from this many days. */
  zombieDays: number;
}

/** The national checklist of 2019 and the provincial spot checks that apply it. */
export const GOV_CN: Policy = { name: 'gov-cn', warnDays: 10, redLineDays: 14, zombieDays: 90 };

const policies: Record<PolicyName, Policy> = { 'gov-cn': GOV_CN };

export function policyNamed(name: string): Policy {
  const policy = policies[name as PolicyName];
  if (!policy) throw new RangeError(`unknown policy "${name}"`);
  return policy;
}
