import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardedHttpClient } from './guarded-http-client.ts';
import { redirect, startTestServer, type TestServer } from '../../tests/support/test-server.ts';

let server: TestServer;
const client = new GuardedHttpClient(
  { allowPrivateHosts: true },
  { maxBytes: 10_000, timeoutMs: 300, maxRedirects: 3, userAgent: 'sleepwatch-test' },
);

beforeAll(async () => {
  server = await startTestServer();
  // Headers at once, then a body that never ends: the deadline has to cut it off.
  server.route('/stalled', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><body>');
  });
  server.route('/stalled-redirect', (_req, res) => {
    res.writeHead(302, { location: '/stalled' });
    res.write('moved');
  });
  server.route('/hop', redirect('/stalled-redirect'));
});

afterAll(async () => {
  await client.close();
  await server?.close();
});

/** Resolves with the first uncaught exception in `ms`, or null. */
async function uncaughtWithin(ms: number): Promise<unknown> {
  let caught: unknown = null;
  const listener = (err: unknown) => (caught = err);
  process.on('uncaughtException', listener);
  await sleep(ms);
  process.off('uncaughtException', listener);
  return caught;
}

describe('GuardedHttpClient: a body nobody reads any more', () => {
  it('ends it at the deadline without an uncaught error (the caller gave up at its own timeout)', async () => {
    const response = await client.stream({ url: `${server.origin}/stalled` });
    expect(response.statusCode).toBe(200);
    expect(await uncaughtWithin(600)).toBeNull();
    expect(response.stream.destroyed).toBe(true);
  });

  it('still gives a reader the deadline’s error', async () => {
    const response = await client.stream({ url: `${server.origin}/stalled` });
    const read = new Promise<unknown>((resolve) => response.stream.on('error', resolve).resume());
    expect(String(await read)).toMatch(/timed out after 300 ms/);
  });

  it('ends an unfinished redirect body at the deadline without an uncaught error', async () => {
    const response = await client.stream({ url: `${server.origin}/hop` });
    expect(response.url).toBe(`${server.origin}/stalled`);
    expect(await uncaughtWithin(600)).toBeNull();
  });
});
