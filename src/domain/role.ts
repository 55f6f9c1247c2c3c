/**
 * What an API token may do. Each role may do everything the ones before it may:
 * - `viewer` reads: accounts, their history, alerts, metrics;
 * - `operator` acts on accounts and alerts: adds, edits, imports, pauses, recrawls, acknowledges, mutes;
 * - `admin` also removes accounts, sets maintenance windows and opens the queue view.
 */
export type Role = 'viewer' | 'operator' | 'admin';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** Who is asking, as an API token says: its role, and the one unit it is limited to (null: every unit). */
export interface Principal {
  tokenId: number;
  name: string | null;
  role: Role;
  unit: string | null;
}

/** How a principal is named where it acted (an alert's acknowledgement, a mute): the token's name, else its number. */
export function principalLabel(principal: Principal): string {
  return principal.name ?? `token ${principal.tokenId}`;
}
