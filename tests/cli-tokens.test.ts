import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

interface ListedToken {
  id: number;
  role: string;
  unit: string | null;
  name: string | null;
  revokedAt: string | null;
}

describe('sleepwatch tokens', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-cli-tokens-'));
    env = { SLEEPWATCH_DATA: path.join(dir, 'data') };
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const list = async () => JSON.parse((await runCli(['tokens', 'list', '--format', 'json'], { env })).stdout) as ListedToken[];

  it('add prints the token once, as the last line of stdout, and says what it may do on stderr', async () => {
    const run = await runCli(['tokens', 'add', '--role', 'operator', '--unit', '市委宣传部', '--name', 'press office'], { env });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^swt_1_[A-Za-z0-9_-]{43}$/);
    expect(run.stderr).toContain('operator, unit 市委宣传部, for press office');
    expect(await list()).toMatchObject([{ id: 1, role: 'operator', unit: '市委宣传部', name: 'press office', revokedAt: null }]);
  });

  it('list never shows a token', async () => {
    const token = (await runCli(['tokens', 'add', '--role', 'viewer'], { env })).stdout.trim();
    const secret = token.split('_').slice(2).join('_');
    for (const format of ['table', 'json']) {
      const run = await runCli(['tokens', 'list', '--format', format], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).not.toContain(secret);
    }
  });

  it('revoke marks the token revoked, and a second revoke or an unknown id is an error naming <id>', async () => {
    expect((await runCli(['tokens', 'revoke', '1'], { env })).stdout).toBe('token 1 revoked\n');
    expect((await list()).find((t) => t.id === 1)?.revokedAt).not.toBeNull();
    for (const id of ['1', '99', 'abc']) {
      const run = await runCli(['tokens', 'revoke', id], { env });
      expect(run.code, id).not.toBe(0);
      expect(run.stderr, id).toContain('<id>');
    }
  });

  it('refuses a role it does not know, a missing role and an empty unit, adding nothing', async () => {
    const before = (await list()).length;
    for (const args of [['--role', 'root'], [], ['--role', 'viewer', '--unit', '  ']]) {
      const run = await runCli(['tokens', 'add', ...args], { env });
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/--role|--unit/);
    }
    expect(await list()).toHaveLength(before);
  });
});
