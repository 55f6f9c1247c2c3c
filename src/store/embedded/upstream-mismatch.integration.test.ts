import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SleepwatchError } from '../../domain/errors.ts';
import { SessionQueue } from './session-queue.ts';
import { startError, startFailure } from './thread-messages.ts';
import { EmbeddedDatabaseIncompatibleError, installedVersion, SOCKET_PACKAGE, SOCKET_VERSION_WRITTEN_FOR } from './upstream-mismatch.ts';

const manifest = async (file: string) => JSON.parse(await readFile(new URL(file, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('start-up against pglite-socket internals that changed', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  }, 60_000);
  afterAll(async () => db?.close());
  const server = () => new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });

  it('installs the session queue in place of the socket server’s own', () => {
    const intact = server();
    const queue = SessionQueue.install(intact, db);
    expect((intact as unknown as Record<string, unknown>).queryQueue).toBe(queue);
  });

  it('fails with a typed error naming the package and its installed version when the replaced field is missing', () => {
    const upgraded = server();
    // As a release that renamed the field would leave it.
    delete (upgraded as unknown as Record<string, unknown>).queryQueue;
    const attempt = () => SessionQueue.install(upgraded, db);
    expect(attempt).toThrow(EmbeddedDatabaseIncompatibleError);
    expect(attempt).toThrow(`${SOCKET_PACKAGE} ${installedVersion(SOCKET_PACKAGE)} has no private field queryQueue on PGLiteSocketServer`);
    expect(attempt).toThrow(`written for ${SOCKET_PACKAGE} ${SOCKET_VERSION_WRITTEN_FOR}`);
  });

  it('fails the same way when the field holds something other than the queue its connections use', () => {
    const reshaped = server();
    (reshaped as unknown as Record<string, unknown>).queryQueue = { enqueue: () => Promise.resolve(0), getQueueLength: () => 0 };
    expect(() => SessionQueue.install(reshaped, db)).toThrow(EmbeddedDatabaseIncompatibleError);
  });

  it('reads the installed version from the package’s own manifest', async () => {
    const installed = await manifest('../../../node_modules/@electric-sql/pglite-socket/package.json');
    expect(installedVersion(SOCKET_PACKAGE)).toBe(installed.version);
    expect(installedVersion('@electric-sql/no-such-package')).toBe('(version unknown)');
  });

  it('is written for the exact versions package.json pins', async () => {
    const dependencies = (await manifest('../../../package.json')).dependencies as Record<string, string>;
    expect(dependencies[SOCKET_PACKAGE]).toBe(SOCKET_VERSION_WRITTEN_FOR);
    expect(dependencies['@electric-sql/pglite']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('keeps the error’s type across the thread that reports it', () => {
    const mismatch = {
      packageName: SOCKET_PACKAGE,
      installedVersion: '9.9.9',
      writtenFor: SOCKET_VERSION_WRITTEN_FOR,
      missing: 'private field queryQueue',
    };
    // What postMessage does to the report between the threads.
    const reported = structuredClone(startFailure(new EmbeddedDatabaseIncompatibleError(mismatch)));
    expect(reported.type).toBe('failed');
    const thrown = startError(reported as Extract<typeof reported, { type: 'failed' }>, '/data');
    expect(thrown).toBeInstanceOf(EmbeddedDatabaseIncompatibleError);
    expect(thrown.message).toContain(`${SOCKET_PACKAGE} 9.9.9 has no private field queryQueue`);

    const other = startError(
      structuredClone(startFailure(new Error('disk full'))) as Extract<typeof reported, { type: 'failed' }>,
      '/data',
    );
    expect(other).not.toBeInstanceOf(EmbeddedDatabaseIncompatibleError);
    expect(other).toBeInstanceOf(SleepwatchError);
    expect(other.message).toBe('cannot open the embedded database in /data: disk full');
  });
});
