import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkFormat, dingtalkSignature } from './dingtalk.ts';
import { feishuFormat, feishuSignature } from './feishu.ts';

/**
 * The bots' own signatures, against vectors made outside this code: the constants were
 * computed with Python's hmac, base64 and urllib following the platforms' published sample
 * code, and the other cases are recomputed here with WebCrypto, not with the functions tested.
 */

const DINGTALK_SECRET = 'SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const FEISHU_SECRET = 'qnnjYFcL1XsBzG9SXmLEzd';

/** base64 of HMAC-SHA256(key, message), by WebCrypto. */
async function hmacBase64(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await webcrypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Buffer.from(await webcrypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message))).toString('base64');
}

describe('DingTalk 加签', () => {
  it('is base64(HMAC-SHA256 keyed with the secret, of "<timestamp ms>\\n<secret>")', async () => {
    // python: base64.b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest())
    expect(dingtalkSignature(DINGTALK_SECRET, 1753344005003)).toBe('6+z1sykwGAbrbtGMsKm3WF55UThD0at90/fGb65x4Qw=');
    expect(dingtalkSignature(DINGTALK_SECRET, 1753344005000)).toBe('UNFTtjM6jQCjWtbmmOp2m5oICgROPi6HRMUndhGrhv4=');
    const now = 1_800_000_000_123;
    expect(dingtalkSignature(DINGTALK_SECRET, now)).toBe(await hmacBase64(DINGTALK_SECRET, `${now}\n${DINGTALK_SECRET}`));
  });

  it('goes into the URL as timestamp (ms) and URL-encoded sign, after the access token, the body untouched', () => {
    const url = new URL('https://oapi.dingtalk.com/robot/send?access_token=abc123');
    const body = { msgtype: 'markdown', markdown: { title: 't', text: 'x' } };
    const signed = dingtalkFormat.signing!.sign({ url, body }, DINGTALK_SECRET, new Date(1753344005003));
    // python: urllib.parse.quote_plus(sign)
    expect(signed.url.href).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1753344005003' +
        '&sign=6%2Bz1sykwGAbrbtGMsKm3WF55UThD0at90%2FfGb65x4Qw%3D',
    );
    expect(signed.body).toBe(body);
    // The URL given is not changed in place: it is the stored target.
    expect(url.href).toBe('https://oapi.dingtalk.com/robot/send?access_token=abc123');
  });

  it('takes only secrets that look like the robot settings show them (SEC…)', () => {
    expect(dingtalkFormat.signing!.checkSecret(DINGTALK_SECRET)).toBeNull();
    const problem = dingtalkFormat.signing!.checkSecret('0123456789abcdef');
    expect(problem).toContain('SEC');
    expect(problem).not.toContain('0123456789abcdef');
  });
});

describe('Feishu 签名校验', () => {
  it('is base64(HMAC-SHA256 of an empty message, keyed with "<timestamp s>\\n<secret>")', async () => {
    // python: base64.b64encode(hmac.new(f"{ts}\n{secret}", b"", sha256).digest())
    expect(feishuSignature(FEISHU_SECRET, 1753344005)).toBe('gYRfVUc27waq3P4BGh84F1DrlaB/hX578Dbl1AwMZaQ=');
    const now = 1_800_000_000;
    expect(feishuSignature(FEISHU_SECRET, now)).toBe(await hmacBase64(`${now}\n${FEISHU_SECRET}`, ''));
  });

  it('goes into the body as timestamp (seconds, a string) and sign, beside the message, the URL untouched', () => {
    const url = new URL('https://open.feishu.cn/open-apis/bot/v2/hook/0e1f2a3b-4c5d-6e7f-8a9b-0c1d2e3f4a5b');
    const body = { msg_type: 'post', content: { post: {} } };
    const signed = feishuFormat.signing!.sign({ url, body }, FEISHU_SECRET, new Date(1753344005_999));
    expect(signed.url).toBe(url);
    expect(signed.body).toEqual({
      timestamp: '1753344005',
      sign: 'gYRfVUc27waq3P4BGh84F1DrlaB/hX578Dbl1AwMZaQ=',
      msg_type: 'post',
      content: { post: {} },
    });
  });
});
