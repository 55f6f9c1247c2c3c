import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { waitFor } from './cli-process.ts';

/**
 * Redis and PostgreSQL servers of a test's own, on random ports in temporary folders, to be
 * stopped, killed and restarted under the processes being tested: the shared servers other
 * tests use must never be. Both binaries come with the distribution's packages, which
 * `scripts/test-services.sh` installs.
 */

const run = promisify(execFile);

/** A port free a moment ago (the server started on it may, rarely, lose a race for it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis without persistence, as a container without a volume runs it. */
export class PrivateRedis {
  private server?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), await mkdtemp(path.join(tmpdir(), 'sleepwatch-redis-')));
    await redis.restart();
    return redis;
  }

  /** Starts it on the same port, with whatever its folder holds (nothing after `kill`). */
  async restart(): Promise<void> {
    this.server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor(() => this.ping(), 20_000, `Redis to listen on port ${this.port}`);
  }

  /** Killed outright: everything it held is gone. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }

  /** Shut down after writing its data to disk, to start again with it. */
  async shutdownKeepingData(): Promise<void> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    const exited = once(this.server!, 'exit');
    await client.connect();
    await client.call('SHUTDOWN', 'SAVE').catch(() => undefined);
    client.disconnect();
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    await rm(this.dir, { recursive: true, force: true });
  }

  private async stop(signal: NodeJS.Signals): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = once(server, 'exit');
    server.kill(signal);
    await exited;
  }

  private async ping(): Promise<boolean> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}

/** The newest installed PostgreSQL's server programs (Debian keeps them off the PATH), if any. */
function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((v) => path.join(root, v, 'bin')).find((bin) => existsSync(path.join(bin, 'initdb')));
}

/** Whether a private PostgreSQL can be started here. */

/**
 * A PostgreSQL cluster of the test's own (trust authentication, loopback only). PostgreSQL
 * refuses to run as root, as CI runs: then it runs as the `postgres` user of the packages.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    readonly port: number,
    private readonly dir: string,
  ) {}

  /** The cluster's `postgres` database, as its superuser. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const bin = postgresBin();
    if (!bin) throw new Error('no PostgreSQL server programs (initdb, pg_ctl) under /usr/lib/postgresql: install the postgresql package');
    const dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-postgres-'));
    const pg = new PrivatePostgres(bin, await freePort(), dir);
    if (process.getuid?.() === 0) await run('chown', ['postgres:', dir]);
    await pg.ctl('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    await pg.start();
    return pg;
  }

  private get data(): string {
    return path.join(this.dir, 'data');
  }

  async start(): Promise<void> {
    await this.ctl('pg_ctl', [
      '-D',
      this.data,
      '-l',
      path.join(this.dir, 'log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** Stops it the way a restart does: sessions told to end, then the server gone. */
  async stop(): Promise<void> {
    await this.ctl('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
  }

  async dispose(): Promise<void> {
    await this.ctl('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async ctl(program: string, args: string[]): Promise<void> {
    const command = path.join(this.bin, program);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', command, ...args]);
    else await run(command, args);
  }
}
