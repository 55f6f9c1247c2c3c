import { spawn } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, openTestStore, type TestStore } from '../../tests/support/stores.ts';
import { loadConfig } from '../config.ts';
import { recordServiceAddress } from '../store/service-addresses-repository.ts';
import { forgetListeningAddress, publicUrlFor, recordListeningAddress, runningServeUrl } from './serve-address.ts';

/** The pid of a process that has exited (and been reaped): no process has it now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe.each(BACKENDS)('where serve listens, as recorded in the store, on %s', (backend) => {
  let t: TestStore;
  const config = loadConfig({ PORT: '8080' });

  beforeAll(async () => {
    t = await openTestStore(backend);
  }, 60_000);
  afterAll(() => t?.dispose());

  it('prints the default port with a note while no serve has recorded an address', async () => {
    expect(await runningServeUrl(t.store.db)).toBeNull();
    expect(await publicUrlFor(config, t.store.db)).toEqual({
      url: 'http://127.0.0.1:8080',
      note: expect.stringContaining('serve is not running'),
    });
  });

  it('reads the address the running serve recorded, from another connection as another process would', async () => {
    await recordListeningAddress(t.store, 'http://127.0.0.1:18090');
    const other = await t.openSecond();
    try {
      expect(await publicUrlFor(config, other.db)).toEqual({ url: 'http://127.0.0.1:18090' });
    } finally {
      await other.close();
    }
  });

  it('prefers SLEEPWATCH_PUBLIC_URL to any recorded address', async () => {
    const configured = loadConfig({ SLEEPWATCH_PUBLIC_URL: 'https://alerts.example.org/' });
    expect(await publicUrlFor(configured, t.store.db)).toEqual({ url: 'https://alerts.example.org' });
  });

  it('forgets the address on a graceful stop', async () => {
    await forgetListeningAddress(t.store);
    expect(await runningServeUrl(t.store.db)).toBeNull();
  });

  it('takes an address left by a serve on this machine that died for no address', async () => {
    await recordServiceAddress(t.store.db, 'http', {
      url: 'http://127.0.0.1:18091',
      hostname: os.hostname(),
      pid: await deadPid(),
      startedAt: new Date(),
    });
    expect(await runningServeUrl(t.store.db)).toBeNull();
    // A serve on another machine cannot be checked from here: its address is trusted.
    await recordServiceAddress(t.store.db, 'http', {
      url: 'http://10.0.0.7:8080',
      hostname: `${os.hostname()}-elsewhere`,
      pid: 1,
      startedAt: new Date(),
    });
    expect(await runningServeUrl(t.store.db)).toBe('http://10.0.0.7:8080');
  });
});
