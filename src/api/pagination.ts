import { z } from 'zod';

/** Rows a list returns when the client does not say. */
export const DEFAULT_PAGE_SIZE = 50;
/** Rows a list returns at most: a client that wants everything pages, or uses the export. */
export const MAX_PAGE_SIZE = 500;

/**
 * The paging half of a list's query string. `cursor` (keyset: the `nextCursor` of the page
 * before) is what clients should use: it stays fast however deep they page and skips nothing
 * when rows are added meanwhile. `offset` is there for tables that jump to a page number.
 */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(2000).optional().describe('nextCursor of the previous page'),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional().describe('rows to skip; not with cursor'),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A page of a list, and where the next one starts (null: this was the last). */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable(), total: z.number().int().optional() });
}

/** The sort key values of a page's last row, as an opaque cursor. */
export function encodeCursor(values: ReadonlyArray<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * The sort key values a cursor holds, checked to be `length` scalars.
 * @returns undefined for a cursor this server did not make (the caller answers 400, naming `cursor`).
 */
export function decodeCursor(cursor: string, length: number): Array<string | number | null> | undefined {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== length) return undefined;
    if (!values.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) return undefined;
    return values as Array<string | number | null>;
  } catch {
    return undefined;
  }
}
