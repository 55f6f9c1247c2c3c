import { IANAZone } from 'luxon';
import { InvalidInputError } from '../domain/errors.ts';

export function timeZoneFlag(flag: string) {
  return (value: string): string => {
    if (!IANAZone.isValidZone(value)) {
      throw new InvalidInputError(`invalid ${flag}`, [
        { field: flag, message: `expected an IANA time zone such as Asia/Shanghai or UTC, got "${value}"` },
      ]);
    }
    return value;
  };
}
