import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../domain/errors.ts';
import { DEFAULT_INPUT_LIMITS } from '../input/input-limits.ts';
import { loadPoliciesFile, parsePolicies } from './policies-file.ts';

const problems = (text: string) => {
  try {
    parsePolicies(text);
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues.map((i) => `line ${i.line}, ${i.field}: ${i.message}`);
    throw err;
  }
  return [];
};

describe('policies file', () => {
  it('defines policies beside the built-in gov-cn and assigns them by account, group or default', () => {
    const book = parsePolicies(
      ['policies:', '  campus: { warnDays: 7, redLineDays: 14, zombieDays: 60, repostsCount: false }', 'groups:', '  学院: campus'].join(
        '\n',
      ),
    );
    expect(book.names()).toEqual(['gov-cn', 'campus']);
    expect(book.forAccount({ policy: null, group: '学院' })).toEqual({
      name: 'campus',
      warnDays: 7,
      redLineDays: 14,
      zombieDays: 60,
      lookAheadDays: 7,
      repostsCount: false,
    });
    expect(book.forAccount({ policy: 'gov-cn', group: '学院' }).name).toBe('gov-cn');
    expect(book.forAccount({ policy: null, group: '其他' }).name).toBe('gov-cn');
  });

  it('rejects the whole file with the line and field of every problem', () => {
    expect(
      problems(
        [
          'policies:',
          '  strict:',
          '    warnDays: 20',
          '    redLineDays: 14',
          '    zombieDays: 90',
          '  loose: { warnDays: -1, redLineDays: 30, zombieDays: 90 }',
          'groups:',
          '  学院: nosuch',
        ].join('\n'),
      ),
    ).toEqual([
      'line 3, policies.strict: expected warnDays ≤ redLineDays ≤ zombieDays',
      expect.stringMatching(/^line 6, policies\.loose\.warnDays: /),
    ]);
    expect(problems('groups:\n  学院: nosuch\n')).toEqual(['line 2, groups.学院: unknown policy "nosuch"']);
    expect(problems('policies: [\n')[0]).toMatch(/^line \d+, undefined: /);
  });

  it('refuses a file larger than SLEEPWATCH_MAX_YAML_BYTES before reading it, and a folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sleepwatch-policies-'));
    try {
      const path = join(dir, 'policies.yaml');
      await writeFile(path, `groups:\n  学院: gov-cn\n${'#'.repeat(200)}\n`);
      const limits = { ...DEFAULT_INPUT_LIMITS, yamlBytes: 100 };
      expect(() => loadPoliciesFile(path, limits)).toThrow(
        /policies\.yaml is 226 bytes, larger than the limit of 100 bytes \(SLEEPWATCH_MAX_YAML_BYTES\)/,
      );
      expect(loadPoliciesFile(path).names()).toEqual(['gov-cn']);
      await mkdir(join(dir, 'folder.yaml'));
      expect(() => loadPoliciesFile(join(dir, 'folder.yaml'))).toThrow(/is a directory/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('holds group names to the length of an account group', () => {
    const limits = { ...DEFAULT_INPUT_LIMITS, textChars: 10 };
    const text = `groups:\n  ${'学'.repeat(11)}: gov-cn\n`;
    const err = (() => {
      try {
        parsePolicies(text, 'policies', limits);
      } catch (e) {
        return e as InvalidInputError;
      }
    })();
    expect(err?.issues.map((i) => i.message)).toEqual(['at most 10 characters (SLEEPWATCH_MAX_TEXT_FIELD_CHARS)']);
    expect(parsePolicies(text).names()).toEqual(['gov-cn']);
  });
});
