import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { AccountView } from '../../src/api/account-view.ts';
import { listAccounts } from '../../src/store/accounts-repository.ts';
import type { ApiUnderTest } from './api-app.ts';

/** The calls the accounts API's tests make again and again, on `api()` (opened in the suite's `beforeAll`). */
export function accountsApiCalls(api: () => ApiUnderTest) {
  const send = (token: string | null, method: InjectOptions['method'], url: string, body?: unknown): Promise<LightMyRequestResponse> =>
    api().call(token, { method, url, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  return {
    send,
    /** Adds an account through the API, expecting 201, and returns its view. */
    create: async (entry: Record<string, unknown>, token = api().tokens.operator): Promise<AccountView> => {
      const res = await send(token, 'POST', '/api/accounts', entry);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<AccountView>();
    },
    /** Posts a register file of `type` to the import route. */
    importRegister: (text: string, type: string, query = '', token = api().tokens.operator) =>
      api().call(token, { method: 'POST', url: `/api/accounts/import${query}`, headers: { 'content-type': type }, payload: text }),
    /** The URLs of the registered accounts, sorted. */
    registered: async () => (await listAccounts(api().context.store.db)).map((a) => a.url).sort(),
  };
}
