import { describe, expect, it } from 'vitest';
import { scrubUrl } from '../logging/scrub-url.ts';
import { connectionCause, isConnectionError } from './connection-errors.ts';

const socketError = (code: string, port = 6379) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:${port}`), { code, address: '127.0.0.1', port });

describe('connection errors', () => {
  it('knows a lost connection by its errno code, SQLSTATE or the clients’ own words, also when wrapped', () => {
    const lost = [
      socketError('ECONNREFUSED'),
      socketError('ECONNRESET'),
      Object.assign(new AggregateError([socketError('ECONNREFUSED', 5432)], ''), { code: undefined }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      new Error('Connection is closed.'),
      new Error('Connection terminated unexpectedly'),
      new Error('job failed', { cause: socketError('ETIMEDOUT') }),
    ];
    for (const err of lost) expect(isConnectionError(err), String(err)).toBe(true);
  });

  it('does not take other errors for a lost connection', () => {
    const others = [
      new Error('Missing lock for job scheduled-1-1700000000000. moveToFinished'),
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('permission denied'), { code: 'EACCES' }),
      'ECONNREFUSED',
      null,
    ];
    for (const err of others) expect(isConnectionError(err), String(err)).toBe(false);
  });

  it('names the cause in a word or a line', () => {
    expect(connectionCause(new AggregateError([socketError('ECONNREFUSED')], ''))).toBe('ECONNREFUSED');
    expect(
      connectionCause(Object.assign(new Error('terminating connection due to administrator command\nDETAIL: x'), { code: '57P01' })),
    ).toBe('terminating connection due to administrator command');
    expect(connectionCause(new Error('Connection is closed.'))).toBe('Connection is closed');
  });

  it('redacts passwords and secret parameters from connection URLs', () => {
    expect(scrubUrl('redis://:s3cret@cache.internal:6380/2')).toBe('redis://:***@cache.internal:6380/2');
    expect(scrubUrl('postgres://app:s3cret@db:5432/sleepwatch?sslmode=require&password=other')).toBe(
      'postgres://app:***@db:5432/sleepwatch?sslmode=require&password=***',
    );
    expect(scrubUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(scrubUrl('not a url //user:s3cret@host')).toBe('not a url //user:***@host');
  });
});
