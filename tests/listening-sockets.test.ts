import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { CliProcess, waitFor } from './support/cli-process.ts';
import { isLoopback, listeningSockets, type Listener } from './support/listening-sockets.ts';
import { runCli } from './support/run-cli.ts';

/**
 * Nothing a sleepwatch process starts may be reachable from another machine unless the user
 * configured it: a forward proxy or a database socket on every interface would let anyone
 * on the network reach this machine's Redis, PostgreSQL or intranet through it. Checked on
 * the kernel's own list of listening sockets, after a browser crawl (the browser stack is
 * where such a proxy came from).
 */

/** A page that shows its post only once its script has run: it needs the browser. */
const RENDERED_PAGE = `<!doctype html><html><body><main id="posts"></main>
<script>document.getElementById('posts').innerHTML = '<article><time datetime="2026-05-01T08:00:00Z">May 1</time></article>';</script>
</body></html>`;

let server: TestServer;
let dir: string;
/** Released by the test once it has looked at the sockets: keeps `check` running until then. */
let releaseHeldPage: () => void = () => {};

beforeAll(async () => {
  server = await startTestServer();
  server.route('/rendered', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(RENDERED_PAGE));
  server.route('/held', (_req, res) => {
    releaseHeldPage = () => {
      releaseHeldPage = () => {};
      res.writeHead(200, { 'content-type': 'text/html' }).end(RENDERED_PAGE);
    };
  });
  dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-sockets-'));
});

afterAll(async () => {
  releaseHeldPage();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const browserAccount = (route: string) => ({
  platform: 'html',
  url: `${server.origin}${route}`,
  name: route.slice(1),
  options: { lastPost: 'article time@datetime', render: 'browser' },
});

/** What another machine could reach: every listener not on loopback, but for `allowed`. */
function exposed(listeners: Listener[], allowed?: { address: string; port: number }): Listener[] {
  return listeners.filter((l) => !isLoopback(l.address) && !(allowed && l.address === allowed.address && l.port === allowed.port));
}

describe('listening sockets', () => {
  it('check: after a browser crawl, nothing listens beyond loopback', async () => {
    const register = path.join(dir, 'check.json');
    await writeFile(
      register,
      JSON.stringify([browserAccount('/rendered'), { platform: 'feed', url: `${server.origin}/held`, name: 'held' }]),
    );
    const check = new CliProcess(['check', register, '--allow-private-hosts', '--format', 'json'], {
      SLEEPWATCH_FETCH_TIMEOUT_MS: '60000',
    });
    try {
      await waitFor(
        () => server.hits('/rendered').some((r) => r.endedAt !== undefined) && server.hits('/held').length > 0,
        60_000,
        'the browser page and the held page',
      );
      const listeners = await listeningSockets(check.child.pid!);
      expect(exposed(listeners)).toEqual([]);
      releaseHeldPage();
      const { code } = await check.exited;
      expect(code, check.stderr).toBe(0);
      expect(JSON.parse(check.stdout)[0]).toMatchObject({ name: 'rendered', outcome: 'ok' });
    } finally {
      await check.kill('SIGKILL');
    }
  }, 120_000);

  it('serve: listens on loopback by default, and nothing it starts for the browser listens beyond it', async () => {
    const data = path.join(dir, 'serve-default');
    const env = { SLEEPWATCH_DATA: data, SLEEPWATCH_SCHEDULER_TICK_MS: '300', SLEEPWATCH_ALLOW_PRIVATE_HOSTS: 'true' };
    const register = path.join(dir, 'serve.json');
    await writeFile(register, JSON.stringify([browserAccount('/rendered')]));
    const imported = await runCli(['import', register], { env });
    expect(imported.code, imported.stderr).toBe(0);
    server.reset();
    const serve = new CliProcess(['serve', '--port', '0'], env);
    try {
      const line = await serve.ready();
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
      await waitFor(() => server.hits('/rendered').some((r) => r.endedAt !== undefined), 60_000, 'the browser page');
      const listeners = await listeningSockets(serve.child.pid!);
      expect(listeners).toContainEqual({ pid: serve.child.pid, address: '127.0.0.1', port });
      expect(exposed(listeners)).toEqual([]);
    } finally {
      await serve.kill('SIGTERM');
    }
  }, 120_000);

  it('serve --host 0.0.0.0: the configured listener is the only one beyond loopback', async () => {
    const serve = new CliProcess(['serve', '--port', '0', '--host', '0.0.0.0'], { SLEEPWATCH_DATA: path.join(dir, 'serve-wide') });
    try {
      const line = await serve.ready();
      expect(line).toMatch(/listening on 0\.0\.0\.0 port \d+, every interface/);
      const port = Number(/0\.0\.0\.0 port (\d+)/.exec(line)?.[1]);
      const listeners = await listeningSockets(serve.child.pid!);
      expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([{ pid: serve.child.pid, address: '0.0.0.0', port }]);
    } finally {
      await serve.kill('SIGTERM');
    }
  }, 120_000);
});
