import { InvalidInputError } from '../domain/errors.ts';

/** Parsers for flag values; each names the flag when it rejects a value. */

export function isoInstant(flag: string) {
  return (value: string): Date => {
    const ms = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms)) {
      throw new InvalidInputError(`invalid ${flag}`, [
        { field: flag, message: `expected an ISO 8601 time such as 2026-05-20T09:00:00+08:00, got "${value}"` },
      ]);
    }
    return new Date(ms);
  };
}

export function positiveInt(flag: string, max = 100_000) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidInputError(`invalid ${flag}`, [
        { field: flag, message: `expected a whole number from 1 to ${max}, got "${value}"` },
      ]);
    }
    return n;
  };
}

export function nonNegativeInt(flag: string, max = 10_000_000) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) {
      throw new InvalidInputError(`invalid ${flag}`, [
        { field: flag, message: `expected a whole number from 0 to ${max}, got "${value}"` },
      ]);
    }
    return n;
  };
}

/** A JSON object, refused by its length alone when longer than `limit` characters. */
export function jsonObject(flag: string, limit?: { chars: number; setting: string }) {
  return (value: string): Record<string, unknown> => {
    if (limit && value.length > limit.chars) {
      const length = value.length.toLocaleString('en');
      const message = `is ${length} characters long; the limit is ${limit.chars.toLocaleString('en')} (${limit.setting})`;
      throw new InvalidInputError(`invalid ${flag}`, [{ field: flag, message }]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      throw new InvalidInputError(`invalid ${flag}`, [{ field: flag, message: `not valid JSON: ${(err as Error).message}` }]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new InvalidInputError(`invalid ${flag}`, [
        { field: flag, message: 'expected a JSON object such as {"lastPost": ".post time@datetime"}' },
      ]);
    }
    return parsed as Record<string, unknown>;
  };
}
