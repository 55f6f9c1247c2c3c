/**
 * Names of the threshold policies an account can be assigned. The accounts loader checks
 * against this list, so a policy must be named here before a register file may use it.
 */
export const policyNames = ['gov-cn'] as const;

export type PolicyName = (typeof policyNames)[number];
