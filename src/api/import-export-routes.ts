import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { accountKey, type Account } from '../accounts/account.ts';
import { ACCOUNTS_FORMATS, type AccountsFormat } from '../accounts/accounts-format.ts';
import { exportAccounts, REGISTER_CONTENT_TYPES } from '../accounts/export-accounts.ts';
import { parseAccountsBytes } from '../accounts/load-accounts.ts';
import { assertTargetsAllowed } from '../accounts/refused-targets.ts';
import { LIMIT_SETTINGS } from '../input/input-limits.ts';
import type { Principal } from '../domain/role.ts';
import { IssueList } from '../input/issue-list.ts';
import { accountFromRow, registeredAccounts } from '../store/account-changes-repository.ts';
import { importAccounts } from '../store/accounts-repository.ts';
import { unitIssue } from './account-input.ts';
import type { ApiContext } from './api-context.ts';
import { errorBodySchema } from './error-body-schema.ts';

/** The media types a register is posted as, and the format each means. */
const FORMAT_OF_TYPE: Record<string, AccountsFormat> = {
  'text/csv': 'csv',
  'application/yaml': 'yaml',
  'text/yaml': 'yaml',
  'application/json': 'json',
};

const LABEL = 'the accounts register';

const TAGS = ['accounts'];

/**
 * The register as a whole: `POST /api/accounts/import` takes a register file as the request's
 * body, as `sleepwatch import` takes it (all or nothing, problems by line and field), and
 * `GET /api/accounts/export` gives the register back in the same formats.
 */
export function importExportRoutes(context: ApiContext): FastifyPluginAsync {
  const { db } = context.store;
  const { limits } = context.config;
  return async (plain) => {
    // The register's own size limits, and its bytes as sent: JSON's line numbers come from its
    // text, and a register that is not UTF-8 (a GBK spreadsheet) is named as such, not decoded
    // into replacement characters. (This plugin's parsers are its own: other routes keep Fastify's.)
    plain.removeContentTypeParser('application/json');
    for (const [type, format] of Object.entries(FORMAT_OF_TYPE)) {
      const bodyLimit = format === 'csv' ? limits.registerBytes : limits.yamlBytes;
      plain.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
    }
    plain.addContentTypeParser('*', (request, _payload, done) => done(unsupportedType(request.headers['content-type']), undefined));
    // Fastify's 413 does not say which limit, nor how to raise it.
    plain.setErrorHandler((err: FastifyError, request) => {
      if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
      const key = FORMAT_OF_TYPE[mediaType(request.headers['content-type'])] === 'csv' ? 'registerBytes' : 'yamlBytes';
      const error = `${LABEL} is larger than ${limits[key].toLocaleString('en')} bytes (${LIMIT_SETTINGS[key]}); no account was imported`;
      throw Object.assign(new Error(error), { statusCode: 413 });
    });
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/accounts/import',
      {
        config: { access: 'operator' },
        schema: {
          tags: TAGS,
          summary: 'Import an accounts register (add or update, all or nothing)',
          description:
            'The body is a register file: `text/csv`, `application/yaml` (or `text/yaml`) or `application/json`, UTF-8, as ' +
            '`sleepwatch import` reads it. Accounts are matched by platform and URL. Any invalid row changes nothing: 400 lists ' +
            'the problems with their lines. `dryRun=true` reports what would change and writes nothing. A token limited to a ' +
            'unit may import rows of that unit only.',
          querystring: z.object({
            dryRun: z.enum(['true', 'false']).default('false').describe('validate and count, write nothing'),
          }),
          response: {
            200: z.object({
              added: z.number().int().describe('new accounts, and removed ones registered again'),
              updated: z.number().int().describe('accounts of which at least one field changed'),
              unchanged: z.number().int(),
              dryRun: z.boolean(),
            }),
            400: errorBodySchema,
            413: errorBodySchema,
            415: errorBodySchema,
          },
        },
      },
      async (request, reply) => {
        const format = FORMAT_OF_TYPE[mediaType(request.headers['content-type'])];
        if (!format || !Buffer.isBuffer(request.body)) throw unsupportedType(request.headers['content-type']);
        const accounts = parseAccountsBytes(request.body, format, LABEL, {
          policies: context.config.policies,
          limits,
          accessProfiles: context.config.crawl.access,
        });
        assertTargetsAllowed(accounts, context.config.crawl.policy, LABEL, 'no account was imported');
        await assertOwnUnit(accounts, request.principal);
        const dryRun = request.query.dryRun === 'true';
        const result = await importAccounts(db, accounts, new Date(), { dryRun });
        return reply.code(200).send({ ...result, dryRun });
      },
    );

    app.get(
      '/api/accounts/export',
      {
        config: { access: 'viewer' },
        schema: {
          tags: TAGS,
          summary: 'The register as a file to import',
          description:
            'Every registered account (a token limited to a unit: its unit’s), in the format `import` reads, so that importing ' +
            'it changes nothing. Whether an account is paused is not a register field and is not exported.',
          querystring: z.object({ format: z.enum(ACCOUNTS_FORMATS).default('csv') }),
          produces: Object.values(REGISTER_CONTENT_TYPES),
          response: { 200: z.string().describe('the register file') },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        const rows = await registeredAccounts(db, { unit: request.principal?.unit });
        const file = exportAccounts(rows.map(accountFromRow), format);
        const day = new Date().toISOString().slice(0, 10);
        return reply
          .header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="sleepwatch-accounts-${day}.${format}"`)
          .type(REGISTER_CONTENT_TYPES[format])
          .serializer((payload) => payload as string)
          .send(file);
      },
    );
  };

  /**
   * For a token limited to a unit: every row must be of its unit, and none may name an account
   * registered to another unit (importing it would move that account, history and all).
   */
  async function assertOwnUnit(accounts: readonly Account[], principal: Principal | null): Promise<void> {
    const unit = principal?.unit;
    if (unit == null) return;
    const issues = new IssueList();
    for (const account of accounts) {
      const issue = unitIssue(principal, account.unit);
      if (issue) issues.add({ line: account.source?.line, ...issue });
    }
    const keys = accounts.map((a) => accountKey(a.platform, a.url) ?? `${a.platform} ${a.url}`);
    const { rows: elsewhere } = await sql<{ account_key: string }>`
      select account_key from accounts where account_key = any(${keys}::text[]) and unit is distinct from ${unit}`.execute(db);
    const taken = new Set(elsewhere.map((r) => r.account_key));
    accounts.forEach((account, i) => {
      if (taken.has(keys[i]!)) {
        issues.add({ line: account.source?.line, field: 'url', message: 'this account is registered to another unit' });
      }
    });
    issues.throwIfAny(LABEL, '; no account was imported');
  }
}

/** The media type of a Content-Type header, without its parameters (`text/csv; charset=utf-8` → `text/csv`). */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** A 415, answered as `{ error }` by the server's error handler. */
function unsupportedType(header: string | undefined): Error {
  const given = header ? `Content-Type ${mediaType(header)}` : 'no Content-Type';
  const message = `${given}: send the register as text/csv, application/yaml (or text/yaml) or application/json`;
  return Object.assign(new Error(message), { statusCode: 415 });
}
