import type { PolicyBook } from '../activity/policies.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { sortKeyCount, validSortKey, type AccountSort, type SortOrder } from '../store/accounts-list-query.ts';
import { decodeCursor } from './pagination.ts';

/** A list cursor's sort key values and id, checked to belong to this sort and order. @throws InvalidInputError naming `cursor` */
export function accountCursor(cursor: string, sort: AccountSort, order: SortOrder, policies: PolicyBook): string[] {
  const keys = sortKeyCount(sort, policies);
  const values = checkedCursor(cursor, keys + 3, (v, i) => {
    if (i === 0) return v === sort;
    if (i === 1) return v === order;
    if (i === keys + 2) return Number.isSafeInteger(v);
    return typeof v === 'string' && validSortKey(sort, i - 2, v, policies);
  });
  return [...(values.slice(2, keys + 2) as string[]), String(values[keys + 2])];
}

/** @throws InvalidInputError naming `querystring.cursor` for a cursor this server did not make for this list. */
export function checkedCursor(cursor: string, length: number, valid: (value: string | number | null, index: number) => boolean) {
  const values = decodeCursor(cursor, length);
  if (!values || !values.every((v, i) => valid(v, i))) {
    throw new InvalidInputError('invalid querystring', [
      { field: 'querystring.cursor', message: 'not a cursor of this list, in this order: pass the nextCursor of the page before' },
    ]);
  }
  return values;
}
