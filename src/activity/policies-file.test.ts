import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.ts';
import { parsePolicies } from './policies-file.ts';

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
    const book = parsePolicies(['policies:', '  campus: { warnDays: 7, redLineDays: 14, zombieDays: 60, repostsCount: false }', 'groups:', '  学院: campus'].join('\n'));
    expect(book.names()).toEqual(['gov-cn', 'campus']);
    expect(book.forAccount({ policy: null, group: '学院' })).toEqual({ name: 'campus', warnDays: 7, redLineDays: 14, zombieDays: 60, lookAheadDays: 7, repostsCount: false });
    expect(book.forAccount({ policy: 'gov-cn', group: '学院' }).name).toBe('gov-cn');
    expect(book.forAccount({ policy: null, group: '其他' }).name).toBe('gov-cn');
  });

  it('rejects the whole file with the line and field of every problem', () => {
    expect(
      problems(['policies:', '  strict:', '    warnDays: 20', '    redLineDays: 14', '    zombieDays: 90', '  loose: { warnDays: -1, redLineDays: 30, zombieDays: 90 }', 'groups:', '  学院: nosuch'].join('\n')),
    ).toEqual([
      'line 3, policies.strict: expected warnDays ≤ redLineDays ≤ zombieDays',
      expect.stringMatching(/^line 6, policies\.loose\.warnDays: /),
    ]);
    expect(problems('groups:\n  学院: nosuch\n')).toEqual(['line 2, groups.学院: unknown policy "nosuch"']);
    expect(problems('policies: [\n')[0]).toMatch(/^line \d+, undefined: /);
  });
});
