import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/errors.ts';
import type { Account } from './account.ts';
import { assertTargetsAllowed, refusedTargetReason } from './refused-targets.ts';

const CLOSED = { allowPrivateHosts: false };
const OPEN = { allowPrivateHosts: true };
const NEEDS_OPT_IN = 'private targets need --allow-private-hosts (or SLEEPWATCH_ALLOW_PRIVATE_HOSTS=true)';

describe('targets refused from the URL alone', () => {
  it.each([
    ['http://127.0.0.1:8080/x', '127.0.0.1 is a loopback address'],
    ['http://10.0.0.7/', '10.0.0.7 is a private address'],
    ['http://192.168.1.1/', '192.168.1.1 is a private address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[fd00::5]/', 'fd00::5 is a uniqueLocal address'],
    ['http://169.254.1.1/', '169.254.1.1 is a linkLocal address'],
    // Other spellings of an address are one address: the URL parser writes them out.
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://[::ffff:10.0.0.1]/', '10.0.0.1 is a private address'],
    ['http://localhost:3000/', 'localhost is a loopback name'],
    ['http://api.LOCALHOST./', 'api.localhost is a loopback name'],
  ])('refuses %s without the opt-in, and allows it with it', (url, reason) => {
    expect(refusedTargetReason(url, CLOSED)).toBe(`${reason}; ${NEEDS_OPT_IN}`);
    expect(refusedTargetReason(url, OPEN)).toBeNull();
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is a cloud metadata address'],
    ['http://100.100.100.200/', '100.100.100.200 is a cloud metadata address'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254 is a cloud metadata address'],
    ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
  ])('refuses %s always, saying the opt-in does not change that', (url, reason) => {
    for (const policy of [CLOSED, OPEN])
      expect(refusedTargetReason(url, policy)).toBe(`${reason}, refused always (even with --allow-private-hosts)`);
  });

  it.each(['https://t.me/s/durov', 'http://93.184.216.34/', 'https://intranet.example/'])('leaves %s to the fetch guard', (url) => {
    expect(refusedTargetReason(url, CLOSED)).toBeNull();
  });
});

describe('a register with refused targets', () => {
  const account = (url: string, line: number): Account => ({
    platform: 'telegram',
    url,
    name: null,
    unit: null,
    region: null,
    group: null,
    policy: null,
    intervalMs: 86_400_000,
    timeZone: 'UTC',
    options: {},
    source: { line },
  });

  it('is refused whole, naming the line of each such account', () => {
    const run = () =>
      assertTargetsAllowed(
        [account('https://t.me/s/a', 2), account('http://127.0.0.1/', 3), account('http://169.254.169.254/', 4)],
        CLOSED,
        'accounts file a.csv',
        'nothing was fetched',
      );
    expect(run).toThrow(InvalidInputError);
    expect(run).toThrow(
      new RegExp(
        [
          String.raw`^accounts file a\.csv has 2 problems; nothing was fetched`,
          String.raw`\n {2}line 3, field "url": 127\.0\.0\.1 .*`,
          String.raw`\n {2}line 4, field "url": 169\.254\.169\.254 `,
        ].join(''),
      ),
    );
  });

  it('passes a register of public targets', () => {
    expect(() => assertTargetsAllowed([account('https://t.me/s/a', 2)], CLOSED, 'x', 'y')).not.toThrow();
  });
});
