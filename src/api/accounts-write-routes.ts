import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accountKey } from '../accounts/account.ts';
import { registerEntry } from '../accounts/export-accounts.ts';
import { InvalidInputError } from '../domain/errors.ts';
import type { Principal } from '../domain/role.ts';
import { accountFromRow, accountWithKey, removeAccount, setAccountPaused, updateAccount } from '../store/account-changes-repository.ts';
import { findAccounts, importAccounts, type AccountWithState } from '../store/accounts-repository.ts';
import { registerFieldsSchema, unitIssue, validatedAccount } from './account-input.ts';
import { accountView, accountViewSchema } from './account-view.ts';
import type { ApiContext } from './api-context.ts';
import { errorBodySchema } from './error-body-schema.ts';
import { replyNotFound } from './not-found.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('the account id') });

const TAGS = ['accounts'];

/**
 * The register's write side, one account at a time: add, edit, pause, resume and remove.
 * Values are judged as an imported register's rows are (`validatedAccount`). A token limited
 * to a unit finds only its unit's accounts (any other answers 404, as if absent) and may
 * write none outside it (400 naming `unit`).
 */
export function accountsWriteRoutes(context: ApiContext): FastifyPluginAsync {
  const { db } = context.store;
  const view = (account: AccountWithState) => accountView(account, context.config.locale, context.config.policies);

  /** The registered account `id` names, if the principal may see it. */
  async function visibleAccount(id: number, principal: Principal | null): Promise<AccountWithState | undefined> {
    const [account] = await findAccounts(db, String(id));
    if (!account || (principal?.unit != null && account.unit !== principal.unit)) return undefined;
    return account;
  }

  /** The account as it now stands, or the 404 when it went meanwhile. */
  async function replyWithView(reply: FastifyReply, id: number, code: 200 | 201 = 200) {
    const [account] = await findAccounts(db, String(id));
    return account ? reply.code(code).send(view(account)) : replyNotFound(reply);
  }

  return async (plain) => {
    const app = plain.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/accounts',
      {
        config: { access: 'operator' },
        schema: {
          tags: TAGS,
          summary: 'Add one account to the register',
          description:
            'The body is one register entry, with the fields a YAML or JSON register uses; it is validated as `import` validates a row. ' +
            '409 when an account with the same platform and URL is registered. An account removed with its history kept comes back.',
          body: registerFieldsSchema,
          response: { 201: accountViewSchema, 400: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const account = validatedAccount(request.body, context.config);
        const wrongUnit = unitIssue(request.principal, account.unit);
        if (wrongUnit) throw new InvalidInputError('the account is outside this token’s unit; nothing was changed', [wrongUnit]);
        const existing = await accountWithKey(db, account.platform, account.url);
        if (existing && existing.removed_at === null) {
          const visible = request.principal?.unit == null || existing.unit === request.principal.unit;
          return reply.code(409).send({
            error: `an account with this platform and URL is registered already${visible ? ` (account ${existing.id})` : ''}`,
          });
        }
        await importAccounts(db, [account], new Date());
        const added = await accountWithKey(db, account.platform, account.url);
        return replyWithView(reply, Number(added!.id), 201);
      },
    );

    app.patch(
      '/api/accounts/:id',
      {
        config: { access: 'operator' },
        schema: {
          tags: TAGS,
          summary: 'Change register fields of one account',
          description:
            'The body holds the register fields to change (null clears one back to its default); the account as changed is ' +
            'validated whole, as `import` validates a row (a new platform keeps the old options unless they are given too, or ' +
            'cleared with null). A new platform or URL must not be another account’s (409).',
          params: idParams,
          body: registerFieldsSchema,
          response: { 200: accountViewSchema, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const current = await visibleAccount(id, request.principal);
        if (!current) return replyNotFound(reply);
        const account = validatedAccount({ ...registerEntry(accountFromRow(current)), ...request.body }, context.config);
        const wrongUnit = unitIssue(request.principal, account.unit);
        if (wrongUnit) throw new InvalidInputError('the account would leave this token’s unit; nothing was changed', [wrongUnit]);
        if (accountKey(account.platform, account.url) !== current.account_key) {
          const other = await accountWithKey(db, account.platform, account.url);
          if (other && Number(other.id) !== id) {
            const what = other.removed_at === null ? 'another account has' : 'an account removed with its history has';
            return reply.code(409).send({ error: `${what} this platform and URL; nothing was changed` });
          }
        }
        if (!(await updateAccount(db, id, account, new Date()))) return replyNotFound(reply);
        return replyWithView(reply, id);
      },
    );

    for (const [action, paused] of [
      ['pause', true],
      ['resume', false],
    ] as const) {
      app.post(
        `/api/accounts/:id/${action}`,
        {
          config: { access: 'operator' },
          schema: {
            tags: TAGS,
            summary: paused ? 'Pause an account: no more looks or alerts until resumed' : 'Resume a paused account',
            description: 'Doing it twice is doing it once.',
            params: idParams,
            response: { 200: accountViewSchema, 404: errorBodySchema },
          },
        },
        async (request, reply) => {
          const { id } = request.params;
          if (!(await visibleAccount(id, request.principal))) return replyNotFound(reply);
          if (!(await setAccountPaused(db, id, paused, new Date()))) return replyNotFound(reply);
          return replyWithView(reply, id);
        },
      );
    }

    app.delete(
      '/api/accounts/:id',
      {
        config: { access: 'admin' },
        schema: {
          tags: TAGS,
          summary: 'Remove an account from the register',
          description:
            '`history=keep` (the default): it leaves every list, the schedule and the alerts (its open alerts are resolved), and ' +
            'its observations stay; importing it again brings it back. `history=purge`: it is deleted with everything recorded about it.',
          params: idParams,
          querystring: z.object({ history: z.enum(['keep', 'purge']).default('keep') }),
          response: { 204: z.null().describe('removed'), 404: errorBodySchema },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        if (!(await visibleAccount(id, request.principal))) return replyNotFound(reply);
        if (!(await removeAccount(db, id, request.query.history, new Date()))) return replyNotFound(reply);
        return reply.code(204).send(null);
      },
    );
  };
}
