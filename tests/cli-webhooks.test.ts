import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, verifySignature } from '../src/alerts/notifiers/signature.ts';
import { runCli, type CliRun } from './support/run-cli.ts';
import { startSmtpReceiver, type SmtpReceiver } from './support/smtp-receiver.ts';
import { answer, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.ts';

const SECRET = 'correct-horse-battery-staple-42';
const ACCESS_TOKEN = 'f00dfeedc0ffee0123456789abcdef00';
const SIGN_SECRET = 'SEC9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

interface ListedWebhook {
  id: number;
  url: string;
  format: string;
  signed: boolean;
  allowPrivateHosts: boolean;
  lastDelivery: { at: string; outcome: string; status: number | null; reason: string | null; test: boolean } | null;
}

describe('webhook targets on the command line: judged when added, tried with `webhooks test`', () => {
  let dir: string;
  let env: Record<string, string>;
  let receiver: WebhookReceiver;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sleepwatch-cli-webhooks-'));
    [receiver, smtp] = await Promise.all([startWebhookReceiver(), startSmtpReceiver()]);
    env = { SLEEPWATCH_DATA: path.join(dir, 'data'), SLEEPWATCH_LOCALE: 'en' };
  });

  afterAll(async () => {
    await Promise.all([receiver?.close(), smtp?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  const list = async () => {
    const run = await runCli(['webhooks', 'list', '--format', 'json'], { env });
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as ListedWebhook[];
  };

  it('refuses (exit 2, with the reason) every target delivery would refuse, stores none, and never repeats a secret or key', async () => {
    const port = receiver.port;
    const cases: Array<{ args: string[]; says: RegExp; env?: Record<string, string> }> = [
      {
        args: ['https://hookuser:hookpass99@hooks.example.org/x', '--secret', SECRET],
        says: /field "<url>": URLs with user:password are not sent/,
      },
      { args: ['ftp://hooks.example.org/x', '--secret', SECRET], says: /field "<url>": ftp: URLs cannot receive webhooks/ },
      {
        args: [`http://127.0.0.1:${port}/hook?key=${ACCESS_TOKEN}`, '--format', 'wecom'],
        says: /127\.0\.0\.1 is a loopback address; loopback and private receivers need --allow-private-hosts/,
      },
      { args: [`http://localhost:${port}/hook`, '--secret', SECRET], says: /localhost resolves to [\d.:]+: [\d.:]+ is a loopback address/ },
      {
        args: ['http://169.254.169.254/latest/meta-data', '--secret', SECRET, '--allow-private-hosts'],
        says: /169\.254\.169\.254 is a cloud metadata address, refused always \(no setting allows it\)\n/,
      },
      { args: ['mailto:duty@example.org'], says: /e-mail targets need an SMTP server: set SLEEPWATCH_SMTP_URL/ },
      { args: ['https://hooks.example.org/x'], says: /field "--secret": required for the generic format/ },
      {
        args: [
          `https://oapi.dingtalk.com/robot/send?access_token=${ACCESS_TOKEN}`,
          '--format',
          'dingtalk',
          '--sign-secret',
          'not-a-dingtalk-secret',
        ],
        says: /field "--sign-secret": a DingTalk signing secret starts with SEC/,
      },
      {
        args: ['https://hooks.slack.com/services/T0/B0/xyz', '--format', 'slack', '--sign-secret', SIGN_SECRET],
        says: /field "--sign-secret": the slack format has no signature of its own: --sign-secret is for dingtalk and feishu bots/,
      },
    ];
    // A few at a time: each is a process start, and the machine may be busy.
    const runs: CliRun[] = [];
    for (let i = 0; i < cases.length; i += 3)
      runs.push(...(await Promise.all(cases.slice(i, i + 3).map((c) => runCli(['webhooks', 'add', ...c.args], { env })))));
    runs.forEach((run, i) => {
      expect(run.stderr, cases[i]!.args.join(' ')).toMatch(cases[i]!.says);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      for (const secret of ['hookpass99', ACCESS_TOKEN, SECRET, 'not-a-dingtalk-secret', SIGN_SECRET])
        expect(run.stderr).not.toContain(secret);
    });
    // The metadata refusal does not send anyone to an opt-in that would not help.
    expect(runs[4]!.stderr).not.toContain('--allow-private-hosts');
    expect(await list()).toEqual([]);
  }, 400_000);

  it('adds a signed DingTalk robot without --secret, and lists it as signed, never showing the token or the sign secret', async () => {
    const url = `${receiver.origin}/robot/send?access_token=${ACCESS_TOKEN}`;
    const run = await runCli(['webhooks', 'add', url, '--format', 'dingtalk', '--sign-secret', SIGN_SECRET, '--allow-private-hosts'], {
      env,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^webhook 1 added: http:\/\/127\.0\.0\.1:\d+\/robot\/send\?… \(dingtalk, signed, en, all alerts\)$/m);

    const table = await runCli(['webhooks', 'list'], { env });
    expect(table.stdout).toMatch(/dingtalk, signed.*never/);
    const hooks = await list();
    expect(hooks).toMatchObject([{ id: 1, format: 'dingtalk', signed: true, allowPrivateHosts: true, lastDelivery: null }]);
    for (const output of [run.stdout, table.stdout, JSON.stringify(hooks)]) {
      expect(output).not.toContain(ACCESS_TOKEN);
      expect(output).not.toContain(SIGN_SECRET);
    }
  }, 60_000);

  it('sends one signed sample alert through `webhooks test`, prints the answer, and shows it as the last delivery', async () => {
    receiver.answers.set('/robot/send', (_req, res, request) => {
      // What a robot with 加签 checks, from DingTalk's documentation.
      const query = new URL(request.url, 'http://x').searchParams;
      const timestamp = query.get('timestamp') ?? '';
      const expected = createHmac('sha256', SIGN_SECRET).update(`${timestamp}\n${SIGN_SECRET}`).digest('base64');
      const fresh = Math.abs(Date.now() - Number(timestamp)) < 3_600_000;
      const ok = query.get('access_token') === ACCESS_TOKEN && query.get('sign') === expected && fresh;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(ok ? '{"errcode":0,"errmsg":"ok"}' : '{"errcode":310000,"errmsg":"sign not match"}');
    });
    const run = await runCli(['webhooks', 'test', '1'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^webhook 1: HTTP 200 in \d+ ms: \{"errcode":0,"errmsg":"ok"\}\n$/);
    expect(receiver.received).toHaveLength(1);
    const body = JSON.parse(receiver.received[0]!.body) as { msgtype: string; markdown: { title: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toContain('Test message (webhooks test)');

    const [hook] = await list();
    expect(hook!.lastDelivery).toMatchObject({ outcome: 'delivered', status: 200, reason: null, test: true });
    expect(Date.now() - Date.parse(hook!.lastDelivery!.at)).toBeLessThan(10 * 60_000);
  }, 60_000);

  it('exits 1 with the reason and a bounded one-line excerpt of the answer when the receiver refuses', async () => {
    receiver.answers.set('/robot/send', answer(200, `{"errcode":310000,\r\n\n  "errmsg":"sign not match ${'x'.repeat(5000)}"}\n`));
    const run = await runCli(['webhooks', 'test', '1'], { env });
    expect(run.code).toBe(1);
    const [line, ...rest] = run.stdout.split('\n');
    expect(rest).toEqual(['']);
    expect(line).toMatch(/^webhook 1: HTTP 200 in \d+ ms: \{"errcode":310000, "errmsg":"sign not match x+…$/);
    expect(line!.length).toBeLessThan(300);
    expect(run.stderr).toMatch(
      new RegExp(
        [
          String.raw`^sleepwatch: webhook 1 did not take the test: `,
          String.raw`webhook http:\/\/127\.0\.0\.1:\d+\/robot\/send\?…: DingTalk errcode 310000: sign not match`,
        ].join(''),
      ),
    );
    expect(run.stderr).not.toContain(ACCESS_TOKEN);

    expect((await list())[0]!.lastDelivery).toMatchObject({
      outcome: 'failed',
      status: 200,
      reason: expect.stringContaining('errcode 310000'),
      test: true,
    });
    const missing = await runCli(['webhooks', 'test', '99'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no webhook has id 99');
  }, 60_000);

  it('signs a generic test delivery with the X-Sleepwatch-Signature, event id 0', async () => {
    receiver.answers.set('/generic', answer(204));
    const add = await runCli(['webhooks', 'add', `${receiver.origin}/generic`, '--secret', SECRET, '--allow-private-hosts'], { env });
    expect(add.code).toBe(0);
    const id = /^webhook (\d+) added/.exec(add.stdout)![1]!;
    receiver.received.length = 0;
    const run = await runCli(['webhooks', 'test', id], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^webhook ${id}: HTTP 204 in \\d+ ms\\n$`));
    const [request] = receiver.received;
    expect(request!.headers['x-sleepwatch-event']).toBe('0');
    const signature = request!.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifySignature(SECRET, request!.body, signature, { nowSeconds: Date.now() / 1000 })).toBe(true);
    expect(JSON.parse(request!.body)).toMatchObject({ id: '0', type: 'opened', account: { name: 'Test message (webhooks test)' } });
  }, 60_000);

  it('e-mails a sample alert to a mailto: target through the configured SMTP server', async () => {
    const withSmtp = { ...env, SLEEPWATCH_SMTP_URL: smtp.url, SLEEPWATCH_SMTP_FROM: 'sleepwatch <alerts@example.org>' };
    const add = await runCli(['webhooks', 'add', 'mailto:duty@example.org,office@example.org', '--locale', 'zh-CN'], { env: withSmtp });
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const id = /^webhook (\d+) added/.exec(add.stdout)![1]!;
    const run = await runCli(['webhooks', 'test', id], { env: withSmtp });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^webhook ${id}: SMTP 250 in \\d+ ms: 250 2\\.0\\.0 Ok: queued as TEST1\\n$`));
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['duty@example.org', 'office@example.org']);
    expect(smtp.received[0]!.data).toMatch(/^Subject: .+/m);
    const table = await runCli(['webhooks', 'list'], { env });
    expect(table.stdout).toMatch(/mailto:duty@example\.org,office@example\.org.*delivered, SMTP 250 \(test\)/);
  }, 60_000);
});
