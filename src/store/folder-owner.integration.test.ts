import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processStartTime } from '../domain/process-identity.ts';
import { claimFolder, type FolderClaim, type OwnerRecord } from './folder-owner.ts';

const SOCKET = 'postgres://postgres@127.0.0.1:5999/postgres';

/**
 * A process that claims `dir`, says where its socket is, and is then killed with SIGKILL, as a
 * crash or an orchestrator would: its lock and record stay behind, fresh. Resolves to its pid.
 */
async function ownerKilledMidRun(dir: string): Promise<number> {
  const code = `import { claimFolder } from './src/store/folder-owner.ts';
    const claim = await claimFolder(${JSON.stringify(dir)});
    await claim.announce(${JSON.stringify(SOCKET)});
    process.stdout.write(claim.kind + '\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout.setEncoding('utf8'), 'data')) as [string];
  expect(line.trim()).toBe('owner');
  child.kill('SIGKILL');
  await once(child, 'exit');
  return child.pid!;
}

/** A folder that looks owned: the lock held (fresh) and `record` saying by whom. */
async function ownedBy(dir: string, record: Partial<OwnerRecord>): Promise<void> {
  await mkdir(`${dir}.lock`);
  await writeFile(path.join(dir, 'socket.json'), JSON.stringify({ host: hostname(), connectionString: SOCKET, ...record }));
}

describe('the owner of an embedded database folder', () => {
  let dir: string;
  const claims: FolderClaim[] = [];

  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(tmpdir(), 'sleepwatch-owner-')), 'data');
    await mkdir(dir);
  });
  afterEach(async () => {
    for (const c of claims.splice(0)) if (c.kind === 'owner') await c.release().catch(() => undefined);
    await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('is the first process to claim it; another then connects to its socket once it serves one', async () => {
    const first = await claimFolder(dir);
    claims.push(first);
    expect(first).toMatchObject({ kind: 'owner', tookOverFrom: null });
    const second = claimFolder(dir, { waitMs: 10_000 });
    if (first.kind === 'owner') await first.announce(SOCKET);
    expect(await second).toEqual({ kind: 'attached', connectionString: SOCKET });
  });

  it('is taken over at once when its owner was killed: its pid is gone, though its lock is fresh', async () => {
    const dead = await ownerKilledMidRun(dir);
    const claim = await claimFolder(dir, { waitMs: 0 });
    claims.push(claim);
    expect(claim).toMatchObject({ kind: 'owner', tookOverFrom: { pid: dead, connectionString: SOCKET } });
  }, 30_000);

  it('is taken over when its pid now belongs to a later process (it started at another time)', async () => {
    await ownedBy(dir, { pid: process.pid, startTime: 'an earlier start' });
    const claim = await claimFolder(dir, { waitMs: 0 });
    claims.push(claim);
    expect(claim).toMatchObject({ kind: 'owner', tookOverFrom: { pid: process.pid } });
  });

  it('is never taken from a live owner, nor from one on another machine sharing the folder', async () => {
    await ownedBy(dir, { pid: process.pid, startTime: processStartTime(process.pid), connectionString: null });
    await expect(claimFolder(dir, { waitMs: 300 })).rejects.toThrow(
      `is in use by another sleepwatch process (pid ${process.pid}) that serves no socket`,
    );
    await writeFile(
      path.join(dir, 'socket.json'),
      JSON.stringify({ pid: 999_999_999, startTime: '1', host: 'another-machine', connectionString: SOCKET }),
    );
    expect(await claimFolder(dir, { waitMs: 0 })).toEqual({ kind: 'attached', connectionString: SOCKET });
  });

  it('goes to one process only when several take over a dead owner’s folder at once; the others attach to it', async () => {
    await ownerKilledMidRun(dir);
    // Started a moment apart, so that one's removal of the dead lock can fall after another's new lock.
    const racing = Array.from({ length: 20 }, (_, i) => sleep(i * 3).then(() => claimFolder(dir, { waitMs: 10_000 })));
    const first = await Promise.race(racing);
    expect(first.kind).toBe('owner');
    if (first.kind === 'owner') await first.announce('postgres://postgres@127.0.0.1:6000/postgres');
    const all = await Promise.all(racing);
    claims.push(...all);
    expect(all.filter((c) => c.kind === 'owner')).toHaveLength(1);
    expect(all.filter((c) => c.kind === 'attached').map((c) => c.kind === 'attached' && c.connectionString)).toEqual(
      Array(19).fill('postgres://postgres@127.0.0.1:6000/postgres'),
    );
  }, 30_000);
});
