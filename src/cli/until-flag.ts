import { InvalidInputError } from '../domain/errors.ts';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/**
 * An end time as a person types it: a span from `now` (`90m`, `12h`, `7d`, `2w`) or an ISO 8601
 * time (`2026-12-31`, `2026-12-31T18:00+08:00`; without an offset, the machine's time zone).
 *
 * @throws InvalidInputError naming `flag` when it is neither.
 */
export function untilFlag(flag: string, value: string, now: Date): Date {
  const text = value.trim();
  const span = /^(\d{1,6})\s*([mhdw])$/i.exec(text);
  if (span) return new Date(now.getTime() + Number(span[1]) * UNIT_MS[span[2]!.toLowerCase() as keyof typeof UNIT_MS]);
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new InvalidInputError(`invalid ${flag}`, [
      { field: flag, message: `expected a span such as 12h, 7d or 2w, or an ISO time such as 2026-12-31T18:00+08:00, got "${text}"` },
    ]);
  }
  return new Date(at);
}
