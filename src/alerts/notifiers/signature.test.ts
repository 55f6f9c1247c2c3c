import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signPayload, verifySignature } from './signature.ts';

const secret = 'whsec-7f3a-test-only';
const body = '{"id":"1207","event":"1207","type":"opened","text":{"title":"【告警】平安某市"}}';
const t = 1_753_344_000; // 2025-07-24T08:00:00Z

describe('signPayload', () => {
  it('is "t=<seconds>,v1=<hex HMAC-SHA256 of `<t>.<body>`>"', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signPayload(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('signs the UTF-8 bytes of the body', () => {
    const expected = createHmac('sha256', Buffer.from(secret))
      .update(Buffer.from(`${t}.${body}`, 'utf8'))
      .digest('hex');
    expect(signPayload(secret, body, t)).toMatch(new RegExp(`,v1=${expected}$`));
  });

  it('is sent in the X-Sleepwatch-Signature header', () => {
    expect(SIGNATURE_HEADER).toBe('X-Sleepwatch-Signature');
  });
});

describe('verifySignature', () => {
  const header = signPayload(secret, body, t);
  const now = { nowSeconds: t + 10 };

  it('accepts the body as signed', () => {
    expect(verifySignature(secret, body, header, now)).toBe(true);
  });

  it('rejects a tampered body', () => {
    expect(verifySignature(secret, body.replace('opened', 'resolved'), header, now)).toBe(false);
    expect(verifySignature(secret, `${body} `, header, now)).toBe(false);
  });

  it('rejects the wrong secret', () => {
    expect(verifySignature('another-secret', body, header, now)).toBe(false);
  });

  it('rejects a timestamp changed after signing', () => {
    const moved = header.replace(`t=${t}`, `t=${t + 1}`);
    expect(verifySignature(secret, body, moved, now)).toBe(false);
  });

  it('rejects a stale or future timestamp beyond the tolerance (300 s by default)', () => {
    expect(verifySignature(secret, body, header, { nowSeconds: t + 300 })).toBe(true);
    expect(verifySignature(secret, body, header, { nowSeconds: t + 301 })).toBe(false);
    expect(verifySignature(secret, body, header, { nowSeconds: t - 301 })).toBe(false);
    expect(verifySignature(secret, body, header, { nowSeconds: t + 3600, toleranceSeconds: 3600 })).toBe(true);
  });

  it('accepts any of several v1 signatures, for rotating secrets', () => {
    const old = signPayload('old-secret', body, t).split(',')[1];
    expect(verifySignature(secret, body, `${header},${old}`, now)).toBe(true);
    expect(verifySignature('old-secret', body, `${header},${old}`, now)).toBe(true);
  });

  it.each(['', 'garbage', `t=${t}`, `v1=${'0'.repeat(64)}`, `t=${t},v1=abc`, `t=soon,${header.split(',')[1]}`])(
    'rejects a malformed header %j',
    (bad) => {
      expect(verifySignature(secret, body, bad, now)).toBe(false);
    },
  );
});
