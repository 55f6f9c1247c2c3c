import { userInfo } from 'node:os';
import { InvalidInputError } from '../domain/errors.ts';

/** A record's id as typed: a positive whole number. @throws InvalidInputError naming `field` otherwise. */
export function idArgument(field: string, value: string, what: string): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidInputError(`invalid ${what} id`, [{ field, message: `expected a number, got "${value}"` }]);
  }
  return Number(value);
}

/** Who runs the command, as the machine knows them: what an acknowledgement or a mute records as made by. */
export function currentUser(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    // A container without a user entry for its uid.
    return null;
  }
}
