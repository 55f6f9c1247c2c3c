import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from '../input/input-limits.ts';
import { loadAccountsFile, parseAccounts } from './load-accounts.ts';
import { PLATFORM_IDS } from '../platforms/platform-ids.ts';

/** Small limits, so each can be passed with a few bytes. */
const LIMITS: InputLimits = { registerBytes: 2000, yamlBytes: 1000, registerAccounts: 3, textChars: 10, urlChars: 40, optionsChars: 30 };

function rejection(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidInputError) return err;
    throw err;
  }
  throw new Error('expected the accounts to be rejected');
}

const problems = (run: () => unknown) => rejection(run).issues.map((i) => formatIssue(i).trim());
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('field lengths', () => {
  it.each([
    ['name', 'x'.repeat(11), 'SLEEPWATCH_MAX_TEXT_FIELD_CHARS'],
    ['unit', '单'.repeat(11), 'SLEEPWATCH_MAX_TEXT_FIELD_CHARS'],
    ['region', 'r'.repeat(11), 'SLEEPWATCH_MAX_TEXT_FIELD_CHARS'],
    ['group', 'g'.repeat(11), 'SLEEPWATCH_MAX_TEXT_FIELD_CHARS'],
  ])('refuses a %s longer than its limit, and names the setting', (field, value, setting) => {
    expect(
      problems(() => parseAccounts(csv(`platform,url,${field}`, `telegram,https://t.me/s/a,${value}`), 'csv', { limits: LIMITS })),
    ).toEqual([`line 2, field "${field}": is 11 characters long; the limit is 10 characters (${setting})`]);
  });

  it('accepts values exactly at their limits', () => {
    const url = `https://t.me/s/${'a'.repeat(40 - 'https://t.me/s/'.length)}`;
    const options = JSON.stringify({ lastPost: 'x'.repeat(30 - '{"lastPost":""}'.length) });
    const text = JSON.stringify([{ platform: 'html', url, name: 'n'.repeat(10), unit: 'u'.repeat(10), options }]);
    expect(parseAccounts(text, 'json', { limits: LIMITS })).toHaveLength(1);
  });

  it('refuses a URL longer than its limit without repeating it', () => {
    const url = `https://user:s3cret@t.me/s/${'a'.repeat(40)}`;
    const err = rejection(() => parseAccounts(csv('platform,url', `telegram,${url}`), 'csv', { limits: LIMITS }));
    expect(err.issues).toEqual([
      { line: 2, field: 'url', message: 'is 67 characters long; the limit is 40 characters (SLEEPWATCH_MAX_URL_CHARS)' },
    ]);
    expect(err.message).not.toContain('s3cret');
  });

  it('measures options given as an object by their JSON, and never parses options too long', () => {
    const yaml = ['- platform: html', '  url: https://example.org/', '  options:', `    lastPost: "${'.a'.repeat(20)}"`].join('\n');
    expect(problems(() => parseAccounts(yaml, 'yaml', { limits: LIMITS }))).toEqual([
      'line 3, field "options": is 55 characters long as JSON; the limit is 30 characters (SLEEPWATCH_MAX_OPTIONS_CHARS)',
    ]);
    // Not valid JSON either: only the length is said, so it was not parsed.
    expect(
      problems(() => parseAccounts(csv('platform,url,options', `html,https://example.org/,{${'x'.repeat(40)}`), 'csv', { limits: LIMITS })),
    ).toEqual(['line 2, field "options": is 41 characters long; the limit is 30 characters (SLEEPWATCH_MAX_OPTIONS_CHARS)']);
  });

  it('judges a short field (interval, time zone, policy, platform) by its length before any pattern', () => {
    // Whitespace between digits is what makes a careless duration pattern backtrack for ever.
    const interval = `1${' '.repeat(200)}x`;
    expect(
      problems(() =>
        parseAccounts(csv('platform,url,interval,timezone', `telegram,https://t.me/s/a,${interval},${'Asia/'.repeat(30)}`), 'csv'),
      ),
    ).toEqual([
      'line 2, field "interval": is 202 characters long; the limit is 100 characters',
      'line 2, field "timezone": is 150 characters long; the limit is 100 characters',
    ]);
  });

  it('quotes user text in messages shortened, however long the limits allow it to be', () => {
    const policy = 'p'.repeat(80);
    const text = csv(`platform,url,policy,${'c'.repeat(500)}`, `telegram,https://t.me/s/a,${policy},x`);
    const lines = rejection(() => parseAccounts(text, 'csv')).message.split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.length).toBeLessThan(200);
    expect(lines[2]).toMatch(/invalid policy name "p{59}…"/);
  });
});

describe('many problems', () => {
  const badRows = (n: number) => Array.from({ length: n }, (_, i) => `myspace,https://t.me/s/${i}`);

  it('keeps the first hundred problems in line order and counts the rest', () => {
    const err = rejection(() => parseAccounts(csv('platform,url', ...badRows(250)), 'csv'));
    expect(err.issues).toHaveLength(100);
    expect(err.issues.map((i) => i.line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(err.moreIssues).toBe(150);
    expect(err.message.split('\n')[0]).toBe('accounts file has 250 problems; no account was loaded');
    expect(err.message.split('\n').at(-1)).toBe('  … and 150 more problems');
  });

  it('stops reading at the first account past the limit on accounts, in CSV and in YAML', () => {
    const rows = [
      'telegram,https://t.me/s/a',
      'myspace,https://t.me/s/b',
      'telegram,https://t.me/s/c',
      'telegram,https://t.me/s/d',
      'myspace,https://t.me/s/e',
    ];
    const expected = [
      `line 3, field "platform": unknown platform "myspace"; expected one of ${PLATFORM_IDS.join(', ')}`,
      'line 5: more than 3 accounts (SLEEPWATCH_MAX_REGISTER_ACCOUNTS); the rest of the file was not read',
    ];
    expect(problems(() => parseAccounts(csv('platform,url', ...rows), 'csv', { limits: LIMITS }))).toEqual(expected);
    const yaml = rows
      .map((r) => r.split(','))
      .map(([platform, url]) => `- { platform: ${platform}, url: "${url}" }`)
      .join('\n');
    expect(problems(() => parseAccounts(`# accounts\n${yaml}`, 'yaml', { limits: LIMITS }))).toEqual(expected);
  });

  it('refuses a too-long account count even when every account is valid', () => {
    const rows = ['a', 'b', 'c', 'd'].map((k) => `telegram,https://t.me/s/${k}`);
    expect(problems(() => parseAccounts(csv('platform,url', ...rows), 'csv', { limits: LIMITS }))).toEqual([
      'line 5: more than 3 accounts (SLEEPWATCH_MAX_REGISTER_ACCOUNTS); the rest of the file was not read',
    ]);
  });

  it('stops at a CSV record far longer than any valid entry while reading it', () => {
    const text = csv('platform,url,name', `telegram,https://t.me/s/a,"${'x'.repeat(100_000)}`, 'myspace,https://t.me/s/b,b');
    expect(problems(() => parseAccounts(text, 'csv', { limits: LIMITS }))).toEqual([
      'line 2, field "name": this record is longer than any valid account entry (a cell far past its field’s limit); ' +
        'the rest of the file was not read',
    ]);
  });
});

describe('register sources', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sleepwatch-register-limits-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const file = async (name: string, content: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  const register = csv('platform,url', 'telegram,https://t.me/s/durov');

  it('refuses CSV over SLEEPWATCH_MAX_REGISTER_BYTES, and YAML or JSON over SLEEPWATCH_MAX_YAML_BYTES, before reading it', async () => {
    const big = await file('big.csv', `${register}${'#'.repeat(2000)}`);
    await expect(loadAccountsFile(big, { limits: LIMITS })).rejects.toThrow(
      /big\.csv is 2,043 bytes, larger than the limit of 2,000 bytes \(SLEEPWATCH_MAX_REGISTER_BYTES\)/,
    );
    const yaml = await file('big.yaml', `- platform: telegram\n  url: https://t.me/s/durov\n${'#'.repeat(1000)}\n`);
    await expect(loadAccountsFile(yaml, { limits: LIMITS })).rejects.toThrow(
      /larger than the limit of 1,000 bytes \(SLEEPWATCH_MAX_YAML_BYTES\)/,
    );
  });

  it('reads standard input for "-" in the format given, and stops reading it past the limit', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.from(register);
      }
    }
    await expect(loadAccountsFile('-', { format: 'csv', limits: LIMITS, stdin: endless() })).rejects.toThrow(
      /standard input is larger than the limit of 2,000 bytes/,
    );
    expect(pulled).toBe(Math.ceil(2001 / register.length));
    const accounts = await loadAccountsFile('-', { format: 'csv', stdin: Readable.from([Buffer.from(register)]) });
    expect(accounts.map((a) => a.url)).toEqual(['https://t.me/s/durov']);
  });

  it('needs the format for standard input', async () => {
    await expect(loadAccountsFile('-', { stdin: Readable.from([Buffer.from(register)]) })).rejects.toThrow(
      /--input-format csv\|yaml\|json/,
    );
  });

  it('takes the format given over the file name', async () => {
    expect(await loadAccountsFile(await file('register.txt', register), { format: 'csv' })).toHaveLength(1);
  });

  it.each(['folder.csv', 'folder'])('says a folder named %s is a directory, whatever its name says', async (name) => {
    await mkdir(join(dir, name));
    await expect(loadAccountsFile(join(dir, name))).rejects.toThrow(/is a directory/);
    await expect(loadAccountsFile(`${join(dir, name)}/`)).rejects.toThrow(/is a directory/);
  });

  it('defaults to limits that fit real registers', () => {
    expect(DEFAULT_INPUT_LIMITS).toEqual({
      registerBytes: 20 * 1024 * 1024,
      yamlBytes: 1024 * 1024,
      registerAccounts: 100_000,
      textChars: 200,
      urlChars: 2048,
      optionsChars: 16 * 1024,
    });
  });
});
