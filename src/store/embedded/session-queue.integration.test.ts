import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { describe, expect, it, vi } from 'vitest';
import { SessionQueue } from './session-queue.ts';

/** Many connections running parameterised statements of different shapes at once, plus transactions. */
async function hammer(install: boolean): Promise<{ errors: string[]; wrong: number; committed: number }> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 50 });
  if (install) SessionQueue.install(server, db);
  await server.start();
  const pool = new pg.Pool({ connectionString: `postgres://postgres@${server.getServerConn()}/postgres`, max: 8 });
  const errors: string[] = [];
  let wrong = 0;
  try {
    await pool.query('create table t (id int primary key)');
    const wide = Array.from({ length: 13 }, (_, i) => `$${i + 1}::int as c${i}`).join(', ');
    await Promise.all(
      Array.from({ length: 600 }, async (_, i) => {
        try {
          if (i % 2) {
            const r = await pool.query('select $1::int as a', [i]);
            if (r.rows[0].a !== i) wrong++;
          } else {
            const r = await pool.query(
              `select ${wide}`,
              Array.from({ length: 13 }, (_, k) => i + k),
            );
            if (r.rows[0].c12 !== i + 12) wrong++;
          }
        } catch (err) {
          errors.push((err as Error).message);
        }
      }),
    );
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('insert into t values ($1)', [i]);
          await client.query(i % 2 ? 'rollback' : 'commit');
        } catch (err) {
          errors.push((err as Error).message);
        } finally {
          client.release();
        }
      }),
    );
    const committed = (await pool.query('select count(*)::int as n from t')).rows[0].n as number;
    return { errors, wrong, committed };
  } finally {
    await pool.end();
    await server.stop();
    await db.close();
  }
}

describe('SessionQueue: one PGlite session shared safely by many socket connections', () => {
  it('keeps each connection’s extended-protocol batch and transaction together', async () => {
    const result = await hammer(true);
    expect(result.errors).toEqual([]);
    expect(result.wrong).toBe(0);
    expect(result.committed).toBe(30);
  }, 60_000);

  it.each([
    [true, 'keeps', 1],
    [false, 'loses (the upstream queue, for comparison)', 0],
  ])(
    'with SessionQueue=%s a connection %s its unnamed statement while another runs a whole batch',
    async (install, _what, expectedOnes) => {
      const db = await PGlite.create();
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 10 });
      if (install) SessionQueue.install(server, db);
      await server.start();
      const [host, port] = server.getServerConn().split(':');
      const a = await RawConnection.open(host!, Number(port));
      const b = await RawConnection.open(host!, Number(port));
      try {
        // A starts a batch and pauses before Sync, as a client may between TCP writes.
        a.send(serialize.parse({ text: 'select 1 as one' }), serialize.bind());
        await sleep(100);
        // B runs a whole batch of its own meanwhile.
        b.send(serialize.parse({ text: "select 'two' as two" }), serialize.bind(), serialize.execute(), serialize.sync());
        await sleep(100);
        a.send(serialize.execute(), serialize.sync());
        const fromA = await a.untilReady();
        expect(fromA.filter((m) => m.type === 'D' && m.text.includes('1')).length).toBe(expectedOnes);
        await b.untilReady();
      } finally {
        a.close();
        b.close();
        await server.stop();
        await db.close();
      }
    },
    30_000,
  );
});

/** A bare PostgreSQL wire-protocol connection, to send batches split exactly where a test wants. */
class RawConnection {
  private buffer = Buffer.alloc(0);
  private messages: Array<{ type: string; text: string }> = [];
  private waiting?: () => void;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      while (this.buffer.length >= 5) {
        const length = this.buffer.readInt32BE(1);
        if (this.buffer.length < length + 1) break;
        this.messages.push({ type: String.fromCharCode(this.buffer[0]!), text: this.buffer.subarray(5, length + 1).toString('latin1') });
        this.buffer = this.buffer.subarray(length + 1);
      }
      this.waiting?.();
    });
  }

  static async open(host: string, port: number): Promise<RawConnection> {
    const socket = net.connect(port, host);
    await new Promise((resolve) => socket.once('connect', resolve));
    const connection = new RawConnection(socket);
    connection.send(serialize.startup({ user: 'postgres', database: 'postgres' }));
    await connection.untilReady();
    return connection;
  }

  send(...messages: Buffer[]): void {
    this.socket.write(Buffer.concat(messages));
  }

  /** Messages received and not yet taken. */
  get pending(): number {
    return this.messages.length;
  }

  /** Everything received up to the next ReadyForQuery. */
  async untilReady(): Promise<Array<{ type: string; text: string }>> {
    for (;;) {
      const ready = this.messages.findIndex((m) => m.type === 'Z');
      if (ready >= 0) return this.messages.splice(0, ready + 1);
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A PGlite session served on a socket through SessionQueue, as the embedded store runs it. */
async function sharedSession(): Promise<{ url: string; db: PGlite; stop(): Promise<void> }> {
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 10 });
  SessionQueue.install(server, db);
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    db,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

describe('notifications on the shared PGlite session', () => {
  it('reach the connection that listens, not the one whose statement raised them', async () => {
    const { url, stop } = await sharedSession();
    const listener = new pg.Client({ connectionString: url });
    const sender = new pg.Client({ connectionString: url });
    try {
      await listener.connect();
      await sender.connect();
      const heard: string[] = [];
      const overheard: string[] = [];
      listener.on('notification', (n) => heard.push(`${n.channel}:${n.payload}`));
      sender.on('notification', (n) => overheard.push(`${n.channel}:${n.payload}`));
      await listener.query('LISTEN jobs');
      await sender.query(`select pg_notify('jobs', 'crawl')`);
      await sender.query(`select pg_notify('elsewhere', 'x')`);
      await listener.query('select 1');
      for (let i = 0; i < 20 && heard.length === 0; i++) await sleep(50);
      expect(heard).toEqual(['jobs:crawl']);
      expect(overheard).toEqual([]);
      await listener.query('UNLISTEN jobs');
      await sender.query(`select pg_notify('jobs', 'again')`);
      await sleep(100);
      expect(heard).toEqual(['jobs:crawl']);
    } finally {
      await listener.end();
      await sender.end();
      await stop();
    }
  });
});

describe('prepared statements on the shared PGlite session', () => {
  it('are deallocated when the connection that named them closes', async () => {
    const { url, stop } = await sharedSession();
    const preparing = new pg.Client({ connectionString: url });
    const watching = new pg.Client({ connectionString: url });
    const prepared = async () =>
      (await watching.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map((r) => r.name);
    try {
      await preparing.connect();
      await watching.connect();
      await preparing.query({ name: 'leaving_soon', text: 'select $1::int as n', values: [1] });
      expect(await prepared()).toEqual(['leaving_soon']);
      await preparing.end();
      for (let i = 0; i < 20 && (await prepared()).length > 0; i++) await sleep(50);
      expect(await prepared()).toEqual([]);
    } finally {
      await watching.end();
      await stop();
    }
  });
});

describe('answers on the shared PGlite session', () => {
  it('reach a connection together when its batch ends, not message by message', async () => {
    const { url, stop } = await sharedSession();
    const [host, port] = new URL(url).host.split(':');
    const a = await RawConnection.open(host!, Number(port));
    try {
      a.send(serialize.parse({ text: 'select 1 as one' }), serialize.bind(), serialize.describe({ type: 'P' }), serialize.execute());
      await sleep(200);
      expect(a.pending).toBe(0);
      a.send(serialize.sync());
      expect(answerTypes(await a.untilReady())).toBe('12TDCZ');
    } finally {
      a.close();
      await stop();
    }
  });

  it('come from one pass through PGlite per batch, not one per message', async () => {
    const { url, db, stop } = await sharedSession();
    const client = new pg.Client({ connectionString: url });
    const runs = vi.spyOn(db, 'execProtocolRawStream');
    try {
      await client.connect();
      runs.mockClear();
      // Parse, Bind, Describe, Execute and Sync in one batch; then a simple Query.
      expect((await client.query('select $1::int + 1 as n', [41])).rows).toEqual([{ n: 42 }]);
      expect(runs).toHaveBeenCalledTimes(1);
      await client.query('select 1');
      expect(runs).toHaveBeenCalledTimes(2);
    } finally {
      await client.end();
      await stop();
    }
  });

  it('reach a connection at a Flush, for clients that read a batch as it runs', async () => {
    const { url, stop } = await sharedSession();
    const [host, port] = new URL(url).host.split(':');
    const a = await RawConnection.open(host!, Number(port));
    try {
      a.send(serialize.parse({ text: 'select 1 as one' }), serialize.flush());
      for (let i = 0; i < 40 && a.pending === 0; i++) await sleep(50);
      expect(a.pending).toBe(1);
      a.send(serialize.bind(), serialize.execute(), serialize.sync());
      expect(answerTypes(await a.untilReady())).toBe('12DCZ');
    } finally {
      a.close();
      await stop();
    }
  });
});

/** The types of the answers, without the ParameterStatus reports PGlite repeats after its first statement. */
function answerTypes(messages: Array<{ type: string }>): string {
  return messages
    .map((m) => m.type)
    .filter((t) => t !== 'S')
    .join('');
}
