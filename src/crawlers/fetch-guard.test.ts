import { describe, expect, it } from 'vitest';
import { ForbiddenTargetError } from '../domain/errors.ts';
import { assertHostAllowed, assertUrlAllowed, forbiddenAddressReason, guardedLookup } from './fetch-guard.ts';

const strict = { allowPrivateHosts: false };
const open = { allowPrivateHosts: true };

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.10', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['::ffff:10.0.0.1', 'private'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s) by default', (address, kind) => {
    expect(forbiddenAddressReason(address, strict)).toContain(kind);
  });

  it.each(['93.184.216.34', '149.154.167.99', '2001:4860:4860::8888'])('allows public %s', (address) => {
    expect(forbiddenAddressReason(address, strict)).toBeNull();
  });

  it('allows loopback and private addresses only when opted in', () => {
    expect(forbiddenAddressReason('127.0.0.1', open)).toBeNull();
    expect(forbiddenAddressReason('10.0.0.1', open)).toBeNull();
  });

  it('refuses cloud metadata addresses even when private hosts are allowed', () => {
    expect(forbiddenAddressReason('169.254.169.254', open)).toContain('metadata');
    expect(forbiddenAddressReason('fd00:ec2::254', open)).toContain('metadata');
  });
});

describe('assertUrlAllowed', () => {
  it('refuses non-http schemes', () => {
    expect(() => assertUrlAllowed('file:///etc/passwd', open)).toThrow(ForbiddenTargetError);
    expect(() => assertUrlAllowed('gopher://example.com/', open)).toThrow(/only http and https/);
  });

  it('refuses literal private addresses in URLs, including bracketed IPv6', () => {
    expect(() => assertUrlAllowed('http://127.0.0.1:8080/x', strict)).toThrow(/loopback/);
    expect(() => assertUrlAllowed('http://[::1]/', strict)).toThrow(/loopback/);
    expect(() => assertUrlAllowed('http://2130706433/', strict)).toThrow(/loopback/); // WHATWG URL normalises to 127.0.0.1
  });

  it('suggests --allow-private-hosts only for the addresses it would allow', () => {
    expect(() => assertUrlAllowed('http://10.1.2.3/', strict)).toThrow(/private address \(private targets need --allow-private-hosts\)/);
    for (const policy of [strict, open]) {
      let message = '';
      try {
        assertUrlAllowed('http://169.254.169.254/latest/meta-data/', policy);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/cloud metadata address, refused always/);
      expect(message).not.toMatch(/allow-private-hosts/);
    }
  });

  it('passes public URLs through', () => {
    expect(assertUrlAllowed('https://t.me/s/durov', strict).hostname).toBe('t.me');
  });
});

describe('guardedLookup', () => {
  const lookup = (hostname: string, all: boolean, policy = strict) =>
    new Promise<unknown>((resolve, reject) =>
      guardedLookup(policy)(hostname, { all }, (err, address) => (err ? reject(err) : resolve(address))),
    );

  it('refuses a name that resolves to loopback', async () => {
    await expect(lookup('localhost', false)).rejects.toThrow(/localhost resolves to .*loopback/);
    await expect(lookup('localhost', true)).rejects.toBeInstanceOf(ForbiddenTargetError);
  });

  it('resolves loopback names when private hosts are allowed, in both callback shapes', async () => {
    await expect(lookup('localhost', false, open)).resolves.toMatch(/127\.0\.0\.1|::1/);
    await expect(lookup('localhost', true, open)).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]),
    );
  });

  it('assertHostAllowed checks resolved answers before a browser navigation', async () => {
    await expect(assertHostAllowed(new URL('http://localhost:1/'), strict)).rejects.toThrow(/loopback/);
    await expect(assertHostAllowed(new URL('http://localhost:1/'), open)).resolves.toBeUndefined();
  });
});
