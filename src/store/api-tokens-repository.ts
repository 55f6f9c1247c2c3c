import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Principal, Role } from '../domain/role.ts';
import type { Schema } from './schema.ts';

/** Marks a string as a sleepwatch API token, for secret scanners and for people. */
export const API_TOKEN_PREFIX = 'swt';

export interface ApiToken {
  id: number;
  name: string | null;
  role: Role;
  unit: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Makes a token and stores only the hash of its secret: the token is returned once, here, and
 * cannot be read back. A token is `swt_<id>_<secret>`: the id finds its row, the secret (32
 * random bytes) proves it. The secret is long and random, so one SHA-256 is enough to keep it
 * from a reader of the database; a slow password hash would buy nothing and cost every request.
 */
export async function addApiToken(
  db: Kysely<Schema>,
  token: { role: Role; unit: string | null; name: string | null },
): Promise<{ token: string; record: ApiToken }> {
  const secret = randomBytes(32).toString('base64url');
  const row = await db
    .insertInto('api_tokens')
    .values({ role: token.role, unit: token.unit, name: token.name, secret_hash: hashSecret(secret) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token: `${API_TOKEN_PREFIX}_${Number(row.id)}_${secret}`, record: toApiToken(row) };
}

export async function listApiTokens(db: Kysely<Schema>): Promise<ApiToken[]> {
  return (await db.selectFrom('api_tokens').selectAll().orderBy('id').execute()).map(toApiToken);
}

/** @returns false when no such token is active. */
export async function revokeApiToken(db: Kysely<Schema>, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The principal a presented token stands for, or undefined for a malformed, unknown or revoked
 * token. The secret's hash is compared in constant time, so the answer's timing tells a guesser
 * nothing about how close a guess came.
 */
export async function principalForToken(db: Kysely<Schema>, presented: string): Promise<Principal | undefined> {
  const match = /^swt_(\d{1,15})_([A-Za-z0-9_-]{43})$/.exec(presented);
  if (!match) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'unit', 'secret_hash'])
    .where('id', '=', Number(match[1]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const expected = Buffer.from(row.secret_hash, 'hex');
  const given = Buffer.from(hashSecret(match[2]!), 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { tokenId: Number(row.id), name: row.name, role: row.role as Role, unit: row.unit };
}

/** Notes when a token was last used, for `tokens list`; at most once a minute per token, to keep reads cheap. */
export async function touchApiToken(db: Kysely<Schema>, id: number, now: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(now.getTime() - 60_000))]))
    .execute();
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toApiToken(row: {
  id: number | string;
  name: string | null;
  role: string;
  unit: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiToken {
  return {
    id: Number(row.id),
    name: row.name,
    role: row.role as Role,
    unit: row.unit,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
