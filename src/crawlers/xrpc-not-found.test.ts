import { describe, expect, it } from 'vitest';
import { classifyResponse } from './classify-response.ts';

const answer = (status: number, body: string) =>
  classifyResponse({
    url: 'https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=x.example',
    status,
    contentType: 'application/json',
    retryAfter: null,
    body,
  });

describe('XRPC answers for a profile', () => {
  it('reads "Profile not found" as an account that does not exist', () => {
    expect(answer(400, '{"error":"InvalidRequest","message":"Profile not found"}')).toMatchObject({
      kind: 'failure',
      outcome: 'not_found',
      httpStatus: 400,
      retryable: false,
    });
  });

  it.each([
    ['a suspended account', '{"error":"AccountTakedown","message":"Account has been suspended"}'],
    ['a deactivated account', '{"error":"AccountDeactivated","message":"Account is deactivated"}'],
    ['a bad parameter', '{"error":"InvalidRequest","message":"Error: actor must be a valid did or a handle"}'],
    ['a body that is not JSON', 'Profile not found'],
    ['an empty body', ''],
  ])('keeps %s an error, not a missing account', (_what, body) => {
    expect(answer(400, body)).toMatchObject({ kind: 'failure', outcome: 'error', httpStatus: 400 });
  });

  it('reads the statement only from a 400', () => {
    expect(answer(500, '{"error":"InvalidRequest","message":"Profile not found"}')).toMatchObject({ outcome: 'error' });
  });
});
