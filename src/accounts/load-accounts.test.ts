import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, InvalidInputError } from '../domain/errors.ts';
import type { Account } from './account.ts';
import { loadAccountsFile, parseAccounts } from './load-accounts.ts';
import { PLATFORM_IDS } from '../platforms/platform-ids.ts';

const HOUR = 60 * 60 * 1000;
const HEADER = 'platform,url,name,unit,region,group,policy,interval,timezone,options';

/** The problems a parse reports, as the user reads them ("line 4, field "interval": …"). */
function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues.map((i) => formatIssue(i).trim());
    throw err;
  }
  throw new Error('expected the accounts to be rejected');
}

function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const durov: Account = {
  platform: 'telegram',
  url: 'https://t.me/s/durov',
  // Unnamed in the register: shown under the page's own name once a look has read it.
  name: null,
  unit: null,
  region: null,
  group: null,
  // No policy of its own: the group's, else the default, decided when judged.
  policy: null,
  intervalMs: 24 * HOUR,
  timeZone: 'Asia/Shanghai',
  options: {},
  source: { line: 2 },
};

describe('CSV accounts files', () => {
  const lines = [
    HEADER,
    'telegram,https://t.me/s/durov,,,,,,,,',
    'feed,https://example.org/feed.xml,南京发布,市委宣传部,江苏/南京,政务,gov-cn,6h,Europe/Berlin,',
    'html,https://example.org/news,,,,,,,,"{""lastPost"": "".post time@datetime""}"',
  ];
  const expected: Account[] = [
    durov,
    {
      platform: 'feed',
      url: 'https://example.org/feed.xml',
      name: '南京发布',
      unit: '市委宣传部',
      region: '江苏/南京',
      group: '政务',
      policy: 'gov-cn',
      intervalMs: 6 * HOUR,
      timeZone: 'Europe/Berlin',
      options: {},
      source: { line: 3 },
    },
    {
      ...durov,
      platform: 'html',
      url: 'https://example.org/news',
      options: { lastPost: '.post time@datetime' },
      source: { line: 4 },
    },
  ];

  it.each([
    ['LF line ends', lines.join('\n')],
    ['CRLF line ends', lines.join('\r\n')],
    ['a UTF-8 byte order mark', `\uFEFF${lines.join('\n')}`],
    ['a byte order mark and CRLF', `\uFEFF${lines.join('\r\n')}\r\n`],
  ])('reads every field, with %s', (_, text) => {
    expect(parseAccounts(text, 'csv')).toEqual(expected);
  });

  it('accepts the columns in any order and needs only platform and url', () => {
    expect(parseAccounts(csv('url,platform', 'https://t.me/s/durov,telegram'), 'csv')).toEqual([durov]);
  });

  it('accepts header names in any case and with spaces around them', () => {
    expect(parseAccounts(csv(' URL , Platform ', 'https://t.me/s/durov,telegram'), 'csv')).toEqual([durov]);
  });

  it('treats empty and blank cells as "use the default"', () => {
    const [account] = parseAccounts(csv(HEADER, 'telegram,https://t.me/s/durov, ,,,, ,  ,,'), 'csv');
    expect(account).toEqual(durov);
  });

  it('skips empty lines and counts them in line numbers', () => {
    const accounts = parseAccounts(csv(HEADER, '', 'telegram,https://t.me/s/durov', '', 'feed,https://example.org/rss'), 'csv');
    expect(accounts.map((a) => a.source?.line)).toEqual([3, 5]);
  });

  it('numbers records correctly after empty lines and a multi-line cell together', () => {
    const text = csv('platform,url,name', '', 'telegram,https://t.me/s/a,"x', '', 'y"', '', '', 'telegram,https://t.me/s/b,b');
    expect(parseAccounts(text, 'csv').map((a) => a.source?.line)).toEqual([3, 8]);
  });

  it('gives each account the line its record starts on, after quoted cells spanning lines', () => {
    const text = csv('platform,url,name', 'telegram,https://t.me/s/a,"first', 'second"', 'telegram,https://t.me/s/b,b');
    const accounts = parseAccounts(text, 'csv');
    expect(accounts.map((a) => [a.name, a.source?.line])).toEqual([
      ['first\nsecond', 2],
      ['b', 4],
    ]);
  });
});

describe('field values', () => {
  function one(field: string, value: string): Account {
    const [account] = parseAccounts(csv(`platform,url,${field}`, `telegram,https://t.me/s/durov,${value}`), 'csv');
    if (!account) throw new Error('no account');
    return account;
  }

  it.each([
    ['30m', 30 * 60 * 1000],
    ['6h', 6 * HOUR],
    ['24h', 24 * HOUR],
    ['1d', 24 * HOUR],
    ['2d12h', 60 * HOUR],
    ['1h30m', 90 * 60 * 1000],
    ['300s', 5 * 60 * 1000],
    ['3600', HOUR],
    ['30d', 30 * 24 * HOUR],
  ])('reads the interval %s', (value, ms) => {
    expect(one('interval', value).intervalMs).toBe(ms);
  });

  it("leaves an account without a name unnamed, and keeps a given name even when it is the URL's last segment", () => {
    const accounts = parseAccounts(csv('platform,url,name', 'telegram,https://t.me/s/durov,', 'telegram,https://t.me/s/tass,tass'), 'csv');
    expect(accounts.map((a) => a.name)).toEqual([null, 'tass']);
  });

  it('lowercases the platform id', () => {
    const [account] = parseAccounts(csv('platform,url', 'Telegram,https://t.me/s/durov'), 'csv');
    expect(account?.platform).toBe('telegram');
  });
});

describe('YAML and JSON accounts files', () => {
  const yamlList = [
    '# accounts we watch',
    '- platform: telegram',
    '  url: https://t.me/s/durov',
    '- platform: html',
    '  url: https://example.org/news',
    '  interval: 6h',
    '  options:',
    '    lastPost: .post time@datetime',
  ].join('\n');
  const yamlMapping = [
    'accounts:',
    ...yamlList
      .split('\n')
      .slice(1)
      .map((l) => `  ${l}`),
  ].join('\n');
  const entries = [
    { platform: 'telegram', url: 'https://t.me/s/durov' },
    { platform: 'html', url: 'https://example.org/news', interval: '6h', options: { lastPost: '.post time@datetime' } },
  ];
  const html = {
    ...durov,
    platform: 'html',
    url: 'https://example.org/news',
    intervalMs: 6 * HOUR,
    options: { lastPost: '.post time@datetime' },
  };

  it('reads a YAML list of accounts, each with the line of its list item', () => {
    expect(parseAccounts(yamlList, 'yaml')).toEqual([durov, { ...html, source: { line: 4 } }]);
  });

  it('reads a YAML mapping with an accounts list', () => {
    expect(parseAccounts(yamlMapping, 'yaml')).toEqual([durov, { ...html, source: { line: 4 } }]);
  });

  it('reads a JSON array', () => {
    const text = JSON.stringify(entries, null, 2);
    expect(parseAccounts(text, 'json').map((a) => a.source?.line)).toEqual([2, 6]);
    expect(parseAccounts(text, 'json')).toEqual([durov, html].map((a, i) => ({ ...a, source: { line: [2, 6][i] } })));
  });

  it('reads a JSON object with an accounts array', () => {
    const text = JSON.stringify({ accounts: entries }, null, 2);
    expect(parseAccounts(text, 'json').map(({ source, ...a }) => a)).toEqual([durov, html].map(({ source, ...a }) => a));
  });

  it('merges shared settings with YAML anchors and merge keys', () => {
    const text = [
      '- &tg',
      '  platform: telegram',
      '  url: https://t.me/s/durov',
      '  interval: 6h',
      '- <<: *tg',
      '  url: https://t.me/s/telegram',
    ].join('\n');
    expect(parseAccounts(text, 'yaml').map((a) => [a.name, a.platform, a.intervalMs, a.source?.line])).toEqual([
      // An anchored mapping starts at its first key, after the anchor's own line.
      [null, 'telegram', 6 * HOUR, 2],
      [null, 'telegram', 6 * HOUR, 5],
    ]);
  });

  it('accepts options given as a JSON string', () => {
    const text = ['- platform: html', '  url: https://example.org/news', `  options: '{"lastPost": "time"}'`].join('\n');
    expect(parseAccounts(text, 'yaml')[0]?.options).toEqual({ lastPost: 'time' });
  });

  it('accepts an interval given as a number of seconds', () => {
    const text = JSON.stringify([{ platform: 'telegram', url: 'https://t.me/s/durov', interval: 3600 }]);
    expect(parseAccounts(text, 'json')[0]?.intervalMs).toBe(HOUR);
  });

  it('treats null values as "use the default"', () => {
    const text = JSON.stringify([{ platform: 'telegram', url: 'https://t.me/s/durov', name: null, policy: null }]);
    expect(parseAccounts(text, 'json')[0]).toMatchObject({ name: null, policy: null });
  });
});

describe('invalid CSV files', () => {
  it('names the line and field of a bad value', () => {
    const text = csv(HEADER, 'telegram,https://t.me/s/a', 'telegram,https://t.me/s/b', 'telegram,https://t.me/s/c,,,,,,soon');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual([
      'line 4, field "interval": expected a duration like 30m, 6h or 1d, got "soon"',
    ]);
  });

  it('names every row whose URL its platform cannot read (a Weibo name, a Bilibili short link), with its line', () => {
    const text = csv(
      'platform,url',
      'weibo,https://weibo.com/u/1669879400',
      'weibo,https://weibo.com/n/某市发布',
      'bilibili,https://b23.tv/AbC123',
      'bilibili,https://space.bilibili.com/946974',
    );
    const found = problems(() => parseAccounts(text, 'csv'));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^line 3, field "url": expected https:\/\/weibo\.com\/u\/<uid>: a name .* cannot be resolved without a login/);
    expect(found[1]).toMatch(/^line 4, field "url": open the short link and give the space URL it leads to/);
  });

  it('counts a quoted cell spanning lines when numbering the records after it', () => {
    const text = csv('platform,url,name', 'telegram,https://t.me/s/a,"a name', 'on three', 'lines"', 'telegram,ftp://t.me/s/b,b');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual(['line 5, field "url": expected an http(s) URL, got a ftp: URL']);
  });

  it('counts CRLF line ends inside quoted cells once', () => {
    const text = ['platform,url,name', 'telegram,https://t.me/s/a,"two', 'lines"', 'nope,https://t.me/s/b,b'].join('\r\n');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual([
      `line 4, field "platform": unknown platform "nope"; expected one of ${PLATFORM_IDS.join(', ')}`,
    ]);
  });

  it('reports every problem of every record together, in line order', () => {
    const text = csv(
      HEADER,
      'telegram,https://t.me/s/ok',
      'myspace,not a url,,,,,strict,2m,Mars/Base,',
      'html,https://example.org/news,,,,,,1d,,',
      'telegram,https://user:secret@t.me/s/x,,,,,,,,"{""a"": 1}"',
      'feed,https://example.org/rss,,,,,,,,{not json',
    );
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual([
      `line 3, field "platform": unknown platform "myspace"; expected one of ${PLATFORM_IDS.join(', ')}`,
      'line 3, field "url": expected an absolute http(s) URL like https://t.me/durov',
      'line 3, field "policy": unknown policy "strict"; expected one of gov-cn',
      'line 3, field "interval": must be between 5m and 30d, got "2m"',
      'line 3, field "timezone": expected an IANA time zone like Asia/Shanghai or Europe/Berlin, got "Mars/Base"',
      expect.stringMatching(/^line 4, field "options\.lastPost": is required/),
      'line 5, field "url": must not contain a user name or password: URLs end up in logs and reports',
      expect.stringMatching(/^line 5, field "options": .*"a"/),
      expect.stringMatching(/^line 6, field "options": expected a JSON object like \{"lastPost": ".post time"\}, got invalid JSON/),
    ]);
  });

  it('never repeats a password from a URL in its messages', () => {
    let message = '';
    try {
      parseAccounts(csv('platform,url', 'telegram,https://user:s3cret@t.me/s/x', 'telegram,https://user:s3cret@'), 'csv');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('line 2');
    expect(message).toContain('line 3');
    expect(message).not.toContain('s3cret');
  });

  it.each([
    ['90s', 'must be between 5m and 30d, got "90s"'],
    ['31d', 'must be between 5m and 30d, got "31d"'],
    ['0', 'must be between 5m and 30d, got "0"'],
    ['-1h', 'expected a duration like 30m, 6h or 1d, got "-1h"'],
    ['6 hours', 'expected a duration like 30m, 6h or 1d, got "6 hours"'],
  ])('rejects the interval %s', (value, message) => {
    expect(problems(() => parseAccounts(csv('platform,url,interval', `telegram,https://t.me/s/a,${value}`), 'csv'))).toEqual([
      `line 2, field "interval": ${message}`,
    ]);
  });

  it('rejects options that are JSON but not an object', () => {
    expect(problems(() => parseAccounts(csv('platform,url,options', 'html,https://example.org/,"["".x""]"'), 'csv'))).toEqual([
      'line 2, field "options": expected an object of platform options, got "[\\".x\\"]"',
    ]);
  });

  it('names unknown columns in the header', () => {
    expect(problems(() => parseAccounts(csv('platform,url,owner,Tags', 'telegram,https://t.me/s/a,me,x'), 'csv'))).toEqual([
      'line 1, field "owner": unknown column; ' +
        'expected some of platform, url, name, unit, region, group, policy, interval, timezone, options, access',
      'line 1, field "tags": unknown column; ' +
        'expected some of platform, url, name, unit, region, group, policy, interval, timezone, options, access',
    ]);
  });

  it('reports a missing required column once, not once per record', () => {
    expect(problems(() => parseAccounts(csv('platform,name', 'telegram,a', 'telegram,b'), 'csv'))).toEqual([
      'line 1, field "url": required column is missing from the header',
    ]);
  });

  it('reports a required cell left empty', () => {
    expect(problems(() => parseAccounts(csv('platform,url', 'telegram,'), 'csv'))).toEqual(['line 2, field "url": is required']);
  });

  it('reports a record with more cells than the header (an unquoted comma)', () => {
    expect(problems(() => parseAccounts(csv('platform,url,name', 'telegram,https://t.me/s/a,Smith, John'), 'csv'))).toEqual([
      'line 2: 4 cells but the header has 3; put values containing commas in double quotes',
    ]);
  });

  it('reads a record with fewer cells than the header as if the rest were empty', () => {
    expect(parseAccounts(csv(HEADER, 'telegram,https://t.me/s/durov'), 'csv')).toEqual([durov]);
  });

  it('reports a quoted cell that is never closed at the line where its record starts', () => {
    const text = csv('platform,url,name', 'telegram,https://t.me/s/a,a', 'telegram,https://t.me/s/b,"b', 'telegram,https://t.me/s/c,c');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual(['line 3: a quoted cell in this record is never closed']);
  });

  it('reports a quoted cell that is never closed after empty lines at its own line', () => {
    const text = csv('platform,url,name', '', '', 'telegram,https://t.me/s/b,"b', 'telegram,https://t.me/s/c,c');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual(['line 4: a quoted cell in this record is never closed']);
  });

  it('reports text after a closing quote as invalid CSV on its line', () => {
    const text = csv('platform,url,name', 'telegram,https://t.me/s/a,a', 'telegram,https://t.me/s/b,"b"x');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual([expect.stringMatching(/^line 3: not valid CSV: Invalid Closing Quote/)]);
  });
});

describe('duplicate accounts', () => {
  it('names both lines when platform and URL repeat, ignoring host case and a trailing slash', () => {
    const text = csv('platform,url', 'telegram,https://t.me/s/durov', 'feed,https://example.org/rss', 'telegram,https://T.ME/s/durov/');
    expect(problems(() => parseAccounts(text, 'csv'))).toEqual([
      'line 4, field "url": duplicate of the account on line 2 (same platform and URL)',
    ]);
  });

  it('allows the same URL on two platforms', () => {
    const text = csv('platform,url,options', 'feed,https://example.org/news,', 'html,https://example.org/news,"{""lastPost"": ""time""}"');
    expect(parseAccounts(text, 'csv')).toHaveLength(2);
  });

  it('points at the url line of the repeated YAML entry', () => {
    const text = [
      '- platform: feed',
      '  url: https://example.org/rss',
      '- platform: feed',
      '  name: again',
      '  url: https://example.org/rss/',
    ].join('\n');
    expect(problems(() => parseAccounts(text, 'yaml'))).toEqual([
      'line 5, field "url": duplicate of the account on line 1 (same platform and URL)',
    ]);
  });
});

describe('invalid YAML and JSON files', () => {
  it('points at the line of each bad field, including nested options', () => {
    const text = [
      'accounts:',
      '  - platform: telegram',
      '    url: https://t.me/s/a',
      '    interval: soon',
      '  - platform: html',
      '    url: https://example.org/news',
      '    options:',
      '      lastPost: "div >"',
      '  - platform: feed',
      '    url: https://example.org/rss',
      '    owner: me',
    ].join('\n');
    expect(problems(() => parseAccounts(text, 'yaml'))).toEqual([
      'line 4, field "interval": expected a duration like 30m, 6h or 1d, got "soon"',
      expect.stringMatching(/^line 8, field "options\.lastPost": is not a valid CSS selector/),
      'line 11, field "owner": unknown field; ' +
        'expected one of platform, url, name, unit, region, group, policy, interval, timezone, options, access',
    ]);
  });

  it('points a missing field at the start of its entry', () => {
    expect(problems(() => parseAccounts('- platform: telegram\n- name: x\n  platform: feed\n', 'yaml'))).toEqual([
      'line 1, field "url": is required',
      'line 2, field "url": is required',
    ]);
  });

  it('rejects an entry that is not a mapping', () => {
    expect(problems(() => parseAccounts('- https://t.me/s/durov\n', 'yaml'))).toEqual(['line 1: expected a mapping of account fields']);
  });

  it('rejects other top-level keys next to accounts', () => {
    expect(problems(() => parseAccounts('defaults: {}\naccounts:\n  - platform: telegram\n    url: https://t.me/s/a\n', 'yaml'))).toEqual([
      'line 1, field "defaults": unknown top-level key; expected a list of accounts, or a mapping with an "accounts" list',
    ]);
  });

  it('rejects a document that is neither a list nor a mapping', () => {
    expect(problems(() => parseAccounts('"just text"', 'json'))).toEqual([
      'line 1: expected a list of accounts, or a mapping with an "accounts" list',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const text = '- platform: telegram\n  url: https://t.me/s/a\n- platform: feed\n url: x\n';
    expect(problems(() => parseAccounts(text, 'yaml'))).toEqual(['line 4: not valid YAML: Sequence item without - indicator']);
  });

  it('reports JSON syntax errors with their line and column', () => {
    const text = '[\n  {\n    "platform": "telegram",\n    "url": "https://t.me/s/a",\n  }\n]';
    expect(problems(() => parseAccounts(text, 'json'))).toEqual([expect.stringMatching(/^line 5: not valid JSON at column 3: /)]);
  });

  it('rejects a JSON key given twice, which JSON.parse would silently accept', () => {
    const text = '[\n  {\n    "platform": "telegram",\n    "url": "https://t.me/s/a",\n    "url": "https://t.me/s/b"\n  }\n]';
    expect(problems(() => parseAccounts(text, 'json'))).toEqual([
      expect.stringMatching(/^line 5: not valid YAML: Map keys must be unique/),
    ]);
  });

  it('points at the line of a bad field in JSON', () => {
    const text = JSON.stringify(
      [
        { platform: 'telegram', url: 'https://t.me/s/a' },
        { platform: 'feed', url: 'https://example.org/rss', timezone: 'Beijing' },
      ],
      null,
      2,
    );
    expect(problems(() => parseAccounts(text, 'json'))).toEqual([
      'line 9, field "timezone": expected an IANA time zone like Asia/Shanghai or Europe/Berlin, got "Beijing"',
    ]);
  });
});

describe('files without accounts', () => {
  it.each([
    ['an empty CSV file', '', 'csv'],
    ['a CSV file with only a BOM and blank lines', '\uFEFF\n\n', 'csv'],
    ['a CSV file with only a header', `${HEADER}\n`, 'csv'],
    ['an empty YAML file', '# nothing yet\n', 'yaml'],
    ['an empty YAML accounts list', 'accounts: []\n', 'yaml'],
    ['an empty JSON array', '[]', 'json'],
    ['a JSON object with an empty accounts list', '{ "accounts": [] }', 'json'],
  ] as const)('rejects %s', (_, text, format) => {
    expect(() => parseAccounts(text, format)).toThrow(InvalidInputError);
    expect(() => parseAccounts(text, format)).toThrow(/empty|no accounts/);
  });
});

describe('loadAccountsFile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sleepwatch-accounts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(name: string, content: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }

  it.each([
    ['accounts.csv', csv('platform,url', 'telegram,https://t.me/s/durov')],
    ['accounts.CSV', csv('platform,url', 'telegram,https://t.me/s/durov')],
    ['accounts.yaml', '# watched\n- platform: telegram\n  url: https://t.me/s/durov\n'],
    ['accounts.yml', 'accounts:\n  - platform: telegram\n    url: https://t.me/s/durov\n'],
    ['accounts.json', '[\n{"platform": "telegram", "url": "https://t.me/s/durov"}]'],
  ])('picks the format of %s from its extension', async (name, content) => {
    expect(await loadAccountsFile(await file(name, content))).toEqual([durov]);
  });

  it('refuses an extension it cannot map to a format', async () => {
    await expect(loadAccountsFile(await file('accounts.txt', 'platform,url\n'))).rejects.toThrow(/\.csv, \.yaml, \.yml or \.json/);
  });

  it('says when the file does not exist', async () => {
    await expect(loadAccountsFile(join(dir, 'missing.csv'))).rejects.toThrow(/does not exist/);
  });

  it('names the first line that is not UTF-8 (a spreadsheet saved as GBK)', async () => {
    const gbkName = Buffer.from([0xc4, 0xcf, 0xbe, 0xa9]); // "南京" in GBK
    const content = Buffer.concat([Buffer.from('platform,url,name\ntelegram,https://t.me/s/a,'), gbkName, Buffer.from('\n')]);
    const err = await loadAccountsFile(await file('gbk.csv', content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues[0]?.line).toBe(2);
  });

  it('returns nothing when a single entry is bad, and says so', async () => {
    const path = await file(
      'one-bad.csv',
      csv('platform,url,interval', 'telegram,https://t.me/s/a,', 'telegram,https://t.me/s/b,1x', 'feed,https://example.org/rss,'),
    );
    const err = await loadAccountsFile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).message).toMatch(/has 1 problem; no account was loaded/);
    expect((err as InvalidInputError).issues).toEqual([
      { line: 3, field: 'interval', message: 'expected a duration like 30m, 6h or 1d, got "1x"' },
    ]);
  });
});

describe('access profiles', () => {
  const profiles = {
    hasProfile: (name: string) => ['city-office', 'overseas'].includes(name),
    profileNames: () => ['city-office', 'overseas'],
  };

  it('keeps the access profile an entry names, and none for an entry that names none', () => {
    const accounts = parseAccounts(
      csv('platform,url,access', 'telegram,https://t.me/s/a,city-office', 'telegram,https://t.me/s/b,'),
      'csv',
      {
        accessProfiles: profiles,
      },
    );
    expect(accounts.map((a) => a.access)).toEqual(['city-office', undefined]);
  });

  it('refuses a profile the platform settings do not define, naming the line and the field', () => {
    const text = ['- platform: telegram', '  url: https://t.me/s/a', '  access: city-ofice'].join('\n');
    expect(problems(() => parseAccounts(text, 'yaml', { accessProfiles: profiles }))).toEqual([
      'line 3, field "access": unknown access profile "city-ofice"; expected one of city-office, overseas',
    ]);
    expect(problems(() => parseAccounts(text, 'yaml'))).toEqual([
      'line 3, field "access": unknown access profile "city-ofice"; SLEEPWATCH_PLATFORM_SETTINGS defines no profiles',
    ]);
  });

  it('refuses a profile name no settings file could define', () => {
    expect(problems(() => parseAccounts(csv('platform,url,access', 'telegram,https://t.me/s/a,two words'), 'csv'))).toEqual([
      'line 2, field "access": invalid access profile name "two words": letters, digits, ".", "_" and "-" only',
    ]);
  });
});
