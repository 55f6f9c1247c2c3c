import { describe, expect, it } from 'vitest';
import { describeFetchError } from './describe-fetch-error.ts';

const systemError = (code: string, message = `connect ${code} 10.0.0.1:443`) => Object.assign(new Error(message), { code });

describe('describeFetchError', () => {
  it('names a refused connection by its code, whatever a wrapping library wrote around it', () => {
    const wrapped = new Error('Detected a session error, rotating session... \nconnect ECONNREFUSED 127.0.0.1:1\n');
    expect(describeFetchError(wrapped)).toEqual({ text: 'connection refused (ECONNREFUSED)', timedOut: false, transient: true });
    const caused = new Error('fetch failed', { cause: systemError('ECONNREFUSED') });
    expect(describeFetchError(caused).text).toBe('connection refused (ECONNREFUSED)');
  });

  it('treats an unknown host and a refused certificate as lasting, a reset connection as passing', () => {
    expect(describeFetchError(systemError('ENOTFOUND', 'getaddrinfo ENOTFOUND x.invalid'))).toMatchObject({
      text: 'host name not found (ENOTFOUND)',
      transient: false,
    });
    expect(describeFetchError(systemError('CERT_HAS_EXPIRED', 'certificate has expired'))).toMatchObject({
      text: 'TLS certificate not accepted (CERT_HAS_EXPIRED)',
      transient: false,
    });
    expect(describeFetchError(systemError('ECONNRESET', 'read ECONNRESET'))).toMatchObject({
      text: 'connection closed by the server (ECONNRESET)',
      transient: true,
    });
  });

  it('reports timeouts as such', () => {
    expect(describeFetchError(new Error('Navigation timed out after 20 seconds.'))).toMatchObject({ text: 'timed out', timedOut: true });
    expect(describeFetchError(systemError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error'))).toMatchObject({ timedOut: true });
  });

  it('never passes on a message it does not understand, and stays on one line', () => {
    const described = describeFetchError(new Error('Something odd at https://example.com/a?token=secret\n    at internal (lib.js:1:1)'));
    expect(described.text).toBe('failed');
    expect(describeFetchError('a string').text).toBe('failed');
  });
});
