import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answer, startWebhookReceiver, type WebhookReceiver } from '../../../tests/support/webhook-receiver.ts';
import { deliverWebhook, EVENT_HEADER, type WebhookDeliveryOptions, type WebhookTarget } from './deliver-webhook.ts';
import { dingtalkBody } from './dingtalk.ts';
import { feishuBody } from './feishu.ts';
import { genericBody } from './generic.ts';
import { silenceOpened } from './sample-event.ts';
import { SIGNATURE_HEADER, verifySignature } from './signature.ts';

let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterEach(() => receiver.reset());

afterAll(() => receiver.close());

const SECRET = 'whsec-do-not-leak-9f2c';
const BOT_KEY = '693a91f6-7a1b-4c2d-bot-key';
const SENT_AT = new Date('2025-07-24T08:00:05.000Z');

const event = silenceOpened({}, 'https://weibo.com/1234567890/Pq7xYz');

const target = (path: string, overrides: Partial<WebhookTarget> = {}): WebhookTarget => ({
  url: `${receiver.origin}${path}`,
  secret: SECRET,
  signSecret: null,
  format: 'generic',
  locale: 'zh-CN',
  ...overrides,
});

const options: WebhookDeliveryOptions = { allowPrivateHosts: true, timeoutMs: 2_000, now: () => SENT_AT, userAgent: 'sleepwatch-test/1.0' };

describe('deliverWebhook', () => {
  it('POSTs the body once, signed, with the event id and a JSON content type', async () => {
    receiver.answers.set('/hook', answer(200, 'thanks'));
    const result = await deliverWebhook(target('/hook'), event, options);

    expect(result).toEqual({ ok: true, status: 200, answer: 'thanks' });
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toMatch(/^application\/json\b/);
    expect(request!.headers['user-agent']).toBe('sleepwatch-test/1.0');
    expect(request!.headers[EVENT_HEADER.toLowerCase()]).toBe('1207');
    expect(JSON.parse(request!.body)).toEqual(genericBody(event, 'zh-CN'));
    const signature = request!.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(signature).toMatch(/^t=1753344005,v1=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, request!.body, signature, { nowSeconds: SENT_AT.getTime() / 1000 })).toBe(true);
  });

  it('builds the body in the target format and locale', async () => {
    receiver.answers.set('/cgi-bin/webhook/send', answer(200, '{"errcode":0,"errmsg":"ok"}', { 'content-type': 'application/json' }));
    const result = await deliverWebhook(target(`/cgi-bin/webhook/send?key=${BOT_KEY}`, { format: 'wecom', locale: 'en' }), event, options);

    expect(result).toEqual({ ok: true, status: 200, answer: '{"errcode":0,"errmsg":"ok"}' });
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('[Alert\\]');
  });

  it('asks for a retry when the receiver fails with 5xx or 429', async () => {
    receiver.answers.set('/hook', answer(500, 'internal error'));
    expect(await deliverWebhook(target('/hook'), event, options)).toEqual({
      ok: false,
      retry: true,
      status: 500,
      reason: expect.stringContaining('HTTP 500'),
      answer: 'internal error',
    });
    receiver.answers.set('/hook', answer(429, 'slow down'));
    expect(await deliverWebhook(target('/hook'), event, options)).toMatchObject({ ok: false, retry: true, status: 429 });
  });

  it('does not retry a 4xx refusal', async () => {
    receiver.answers.set('/hook', answer(400, 'bad signature'));
    expect(await deliverWebhook(target('/hook'), event, options)).toEqual({
      ok: false,
      retry: false,
      status: 400,
      reason: expect.stringContaining('bad signature'),
      answer: 'bad signature',
    });
  });

  it('reads a group bot error out of a 200 answer', async () => {
    receiver.answers.set(
      '/cgi-bin/webhook/send',
      answer(200, '{"errcode":93000,"errmsg":"invalid webhook url"}', { 'content-type': 'application/json' }),
    );
    const result = await deliverWebhook(target(`/cgi-bin/webhook/send?key=${BOT_KEY}`, { format: 'wecom' }), event, options);
    expect(result).toMatchObject({
      ok: false,
      retry: false,
      status: 200,
      reason: expect.stringContaining('errcode 93000: invalid webhook url'),
    });
  });

  it('does not follow redirects', async () => {
    receiver.answers.set('/hook', answer(302, '', { location: '/elsewhere' }));
    receiver.answers.set('/elsewhere', answer(200));
    const result = await deliverWebhook(target('/hook'), event, options);
    expect(result).toMatchObject({ ok: false, retry: false, status: 302, reason: expect.stringContaining('redirect') });
    expect(receiver.received.map((r) => r.url)).toEqual(['/hook']);
  });

  it('reads only the start of a huge answer, and hands back a short one-line excerpt of it', async () => {
    receiver.answers.set('/hook', answer(200, `first line\r\n${'x'.repeat(5 * 1024 * 1024)}`));
    const result = await deliverWebhook(target('/hook'), event, options);
    expect(result).toMatchObject({ ok: true, status: 200, answer: expect.stringMatching(/^first line x+…$/) });
    expect(Array.from(result.answer!).length).toBeLessThanOrEqual(201);
  });

  it('leaves out the X-Sleepwatch-Signature header when the webhook has no secret (chat bots read none)', async () => {
    receiver.answers.set('/cgi-bin/webhook/send', answer(200, '{"errcode":0,"errmsg":"ok"}'));
    const result = await deliverWebhook(target(`/cgi-bin/webhook/send?key=${BOT_KEY}`, { format: 'wecom', secret: '' }), event, options);
    expect(result.ok).toBe(true);
    expect(receiver.received[0]!.headers).not.toHaveProperty(SIGNATURE_HEADER.toLowerCase());
  });

  describe("bots' own signatures", () => {
    const SIGN_SECRET = 'SECdeadbeefdeadbeefdeadbeefdeadbeef0123456789';
    const signedAt = { ...options, now: () => new Date(1753344005003) };
    /** What a robot with 加签 checks, written from DingTalk's documentation. */
    const dingtalkExpects = (timestamp: string) =>
      createHmac('sha256', SIGN_SECRET).update(`${timestamp}\n${SIGN_SECRET}`).digest('base64');

    it('sign a DingTalk robot URL (timestamp and sign in the query) and keep the access token', async () => {
      receiver.answers.set('/robot/send', answer(200, '{"errcode":0,"errmsg":"ok"}'));
      const result = await deliverWebhook(
        target(`/robot/send?access_token=${BOT_KEY}`, { format: 'dingtalk', secret: '', signSecret: SIGN_SECRET }),
        event,
        signedAt,
      );
      expect(result.ok).toBe(true);
      const query = new URL(receiver.received[0]!.url, 'http://x').searchParams;
      expect(query.get('access_token')).toBe(BOT_KEY);
      expect(query.get('timestamp')).toBe('1753344005003');
      expect(query.get('sign')).toBe(dingtalkExpects('1753344005003'));
      expect(JSON.parse(receiver.received[0]!.body)).toEqual(dingtalkBody(event, 'zh-CN'));
    });

    it('sign a Feishu bot body (timestamp and sign beside the message)', async () => {
      receiver.answers.set('/open-apis/bot/v2/hook/x', answer(200, '{"code":0,"msg":"success"}'));
      const result = await deliverWebhook(
        target('/open-apis/bot/v2/hook/x', { format: 'feishu', secret: '', signSecret: SIGN_SECRET }),
        event,
        signedAt,
      );
      expect(result.ok).toBe(true);
      const body = JSON.parse(receiver.received[0]!.body) as Record<string, unknown>;
      expect(body.timestamp).toBe('1753344005');
      expect(body.sign).toBe(createHmac('sha256', `1753344005\n${SIGN_SECRET}`).digest('base64'));
      expect({ ...body, timestamp: undefined, sign: undefined }).toEqual({
        ...feishuBody(event, 'zh-CN'),
        timestamp: undefined,
        sign: undefined,
      });
    });

    it('keep the sign secret and the signature out of a refusal, even when the receiver echoes them', async () => {
      receiver.answers.set('/robot/send', (req, res) =>
        res.writeHead(200).end(`{"errcode":310000,"errmsg":"sign not match: ${req.url} ${SIGN_SECRET}"}`),
      );
      const result = await deliverWebhook(
        target(`/robot/send?access_token=${BOT_KEY}`, { format: 'dingtalk', secret: '', signSecret: SIGN_SECRET }),
        event,
        signedAt,
      );
      expect(result).toMatchObject({ ok: false, retry: false, status: 200, reason: expect.stringContaining('errcode 310000') });
      const sign = new URL(receiver.received[0]!.url, 'http://x').searchParams.get('sign')!;
      for (const text of [!result.ok && result.reason, result.answer]) {
        expect(text).toBeTruthy();
        for (const secret of [SIGN_SECRET, sign, encodeURIComponent(sign), BOT_KEY]) expect(text).not.toContain(secret);
      }
    });
  });

  describe('the SSRF guard', () => {
    const strict = { ...options, allowPrivateHosts: false };

    it('refuses a literal private address without connecting', async () => {
      receiver.answers.set('/hook', answer(200));
      const result = await deliverWebhook(target('/hook'), event, strict);
      expect(result).toEqual({ ok: false, retry: false, status: null, reason: expect.stringContaining('loopback') });
      expect(receiver.connections).toBe(0);
    });

    it('refuses a name that resolves to a private address, checked when connecting', async () => {
      receiver.answers.set('/hook', answer(200));
      const result = await deliverWebhook({ ...target('/hook'), url: `http://localhost:${receiver.port}/hook` }, event, strict);
      expect(result).toEqual({ ok: false, retry: false, status: null, reason: expect.stringContaining('loopback') });
      expect(receiver.connections).toBe(0);
    });

    it('refuses a metadata address even when private receivers are allowed, and says no setting allows it', async () => {
      const result = await deliverWebhook({ ...target('/hook'), url: 'http://169.254.169.254/latest/meta-data' }, event, options);
      expect(result).toEqual({ ok: false, retry: false, status: null, reason: expect.stringContaining('refused always') });
      if (!result.ok) expect(result.reason).not.toContain('--allow-private-hosts');
    });

    it('refuses a URL with user:password without connecting', async () => {
      receiver.answers.set('/hook', answer(200));
      const result = await deliverWebhook(
        { ...target('/hook'), url: `http://admin:pa55word@127.0.0.1:${receiver.port}/hook` },
        event,
        options,
      );
      expect(result).toMatchObject({ ok: false, retry: false, status: null, reason: expect.stringContaining('user:password') });
      if (!result.ok) expect(result.reason).not.toContain('pa55word');
      expect(receiver.connections).toBe(0);
    });

    it('refuses schemes other than http and https', async () => {
      expect(await deliverWebhook({ ...target('/hook'), url: 'file:///etc/passwd' }, event, options)).toMatchObject({
        ok: false,
        retry: false,
        status: null,
      });
    });
  });

  describe('secrets', () => {
    const leaks = (reason: string) => [SECRET, BOT_KEY, 'key='].filter((secret) => reason.includes(secret));

    it('keeps the bot key and the signing secret out of a refusal, even when the receiver echoes them', async () => {
      receiver.answers.set('/hook', (req, res) => res.writeHead(403).end(`denied ${req.url} for ${SECRET}`));
      const result = await deliverWebhook(target(`/hook?key=${BOT_KEY}`), event, options);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toContain('/hook');
      expect(leaks(result.reason)).toEqual([]);
    });

    it('keeps the bot key out of a network error', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise<void>((resolve) => closed.close(() => resolve()));

      const result = await deliverWebhook(
        { ...target('/'), url: `http://127.0.0.1:${port}/robot/send?access_token=${BOT_KEY}` },
        event,
        options,
      );
      expect(result).toMatchObject({ ok: false, retry: true, status: null });
      if (result.ok) return;
      expect(result.reason).toContain('unreachable');
      expect(leaks(result.reason)).toEqual([]);
      expect(result.reason).not.toContain('access_token');
    });

    it('masks a credential carried in the path, as Slack and Feishu do', async () => {
      const token = 'XyZ0aBcD1eFgH2iJkL3mNoP4';
      const result = await deliverWebhook({ ...target(`/services/T0ABCDEF/B0GHIJKL/${token}`), format: 'slack' }, event, options);
      expect(result).toMatchObject({ ok: false, retry: false, status: 404 });
      if (result.ok) return;
      expect(result.reason).toContain('/services/T0ABCDEF/B0GHIJKL/***');
      expect(result.reason).not.toContain(token);
    });
  });

  it('gives up at the time limit and asks for a retry', async () => {
    receiver.answers.set('/slow', () => {}); // never answers
    const started = performance.now();
    const result = await deliverWebhook(target(`/slow?key=${BOT_KEY}`), event, { ...options, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, retry: true, status: null, reason: expect.stringContaining('timed out after 300 ms') });
    expect(performance.now() - started).toBeLessThan(2_000);
    if (!result.ok) expect(result.reason).not.toContain(BOT_KEY);
  });
});
