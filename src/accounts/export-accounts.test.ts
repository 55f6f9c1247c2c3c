import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, type Account } from './account.ts';
import { parseInterval } from './account-schema.ts';
import { exportAccounts, formatInterval } from './export-accounts.ts';
import { parseAccounts } from './load-accounts.ts';

const ACCOUNTS: Account[] = [
  {
    platform: 'html',
    url: 'https://www.example.gov.cn/news/',
    name: '示例, "政务"\n网',
    unit: '示例市政府',
    region: '123',
    group: 'true',
    policy: 'gov-cn',
    intervalMs: 5_400_000,
    timeZone: 'UTC',
    options: { lastPost: '.news li span.date', posts: '.news li' },
  },
  {
    platform: 'telegram',
    url: 'https://t.me/s/durov',
    name: null,
    unit: null,
    region: null,
    group: null,
    policy: null,
    intervalMs: 86_400_000,
    timeZone: DEFAULT_TIME_ZONE,
    options: {},
  },
];

describe('exporting the register', () => {
  it.each([
    [300_000, '5m'],
    [5_400_000, '1h30m'],
    [86_400_000, '1d'],
    [216_045_000, '2d12h45s'],
  ])('writes %i ms as %s, which reads back the same', (ms, text) => {
    expect(formatInterval(ms)).toBe(text);
    expect(parseInterval(text)).toBe(ms);
  });

  it.each(['csv', 'yaml', 'json'] as const)('writes %s that reads back as the same accounts', (format) => {
    const text = exportAccounts(ACCOUNTS, format);
    const read = parseAccounts(text, format).map(({ source: _line, ...account }) => account);
    // The adapter fills in option defaults when reading; what was written is there as written.
    expect(read.map(({ options: _options, ...rest }) => rest)).toEqual(ACCOUNTS.map(({ options: _options, ...rest }) => rest));
    expect(read[0]!.options).toMatchObject(ACCOUNTS[0]!.options as object);
  });

  it('leaves out what an account does not have, and writes every CSV column', () => {
    const durov = { platform: 'telegram', url: 'https://t.me/s/durov', interval: '1d', timezone: 'Asia/Shanghai' };
    expect(exportAccounts([ACCOUNTS[1]!], 'json')).toBe(`${JSON.stringify({ accounts: [durov] }, null, 2)}\n`);
    expect(exportAccounts([ACCOUNTS[1]!], 'csv').split('\n')).toEqual([
      'platform,url,name,unit,region,group,policy,interval,timezone,options,access',
      'telegram,https://t.me/s/durov,,,,,,1d,Asia/Shanghai,,',
      '',
    ]);
  });
});
