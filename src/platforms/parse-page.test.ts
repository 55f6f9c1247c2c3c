import { describe, expect, it } from 'vitest';
import { AccountGoneError, ChangedAnswerError, PageMismatchError, UnreadablePageError } from '../domain/errors.ts';
import type { AnyPlatformAdapter } from './adapter.ts';
import { readPage } from './parse-page.ts';
import { testAdapter } from '../../tests/support/test-adapter.ts';

const page = { url: 'https://platform.example/a', status: 200, contentType: 'text/html', body: '<html></html>' };
const ctx = { now: new Date('2026-05-05T12:00:00Z'), timeZone: 'UTC', options: {} };
const failing = (error: Error): AnyPlatformAdapter =>
  testAdapter({
    id: 'failing',
    parse: () => {
      throw error;
    },
  });

describe('reading a page: failures become outcomes', () => {
  it('reads a page beyond the readers’ bounds as an error with the bound, not as a parser that stopped matching', () => {
    const read = readPage(failing(new UnreadablePageError('page nested too deeply to read (over 1,000 levels)')), page, ctx);
    expect(read).toEqual({ ok: false, outcome: 'error', error: 'page nested too deeply to read (over 1,000 levels)' });
    expect(!read.ok && read.parseFailed === true).toBe(false);
  });

  it('ends the reading of a page that exhausts the stack, not the run', () => {
    expect(readPage(failing(new RangeError('Maximum call stack size exceeded')), page, ctx)).toEqual({
      ok: false,
      outcome: 'error',
      error: 'page too complex to read (the reader ran out of stack or string space)',
    });
  });

  it('reads a page where the platform says the account is gone as not_found, not as a parser that stopped matching', () => {
    expect(readPage(failing(new AccountGoneError('the channel does not exist')), page, ctx)).toEqual({
      ok: false,
      outcome: 'not_found',
      error: 'the channel does not exist',
    });
  });

  it('reads a mismatching page that shows login-wall signs as blocked, a changed answer as a parser that stopped matching', () => {
    const withLoginLink = { ...page, body: '{"ok":1,"data":{"menu":"https://passport.weibo.cn/signin/welcome"}}' };
    expect(readPage(failing(new PageMismatchError('no userInfo')), withLoginLink, ctx)).toMatchObject({ ok: false, outcome: 'blocked' });
    expect(readPage(failing(new ChangedAnswerError('no userInfo')), withLoginLink, ctx)).toEqual({
      ok: false,
      outcome: 'error',
      error: 'page did not match the failing parser: no userInfo',
      parseFailed: true,
    });
  });

  it('lets a reader’s own bug through, so it is seen and fixed', () => {
    expect(() => readPage(failing(new TypeError('x is undefined')), page, ctx)).toThrow(TypeError);
  });
});
