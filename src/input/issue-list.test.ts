import { describe, expect, it } from 'vitest';
import { IssueList } from './issue-list.ts';

describe('a list of problems', () => {
  it('keeps the first ones in line order, shortened, and counts the rest, so its error stays small', () => {
    const issues = new IssueList(3);
    for (let line = 10; line > 0; line--) issues.add({ line, field: 'f'.repeat(1000), message: 'm'.repeat(100_000) });
    const err = issues.error('accounts file a.csv', '; no account was loaded');
    expect(err.issues.map((i) => i.line)).toEqual([8, 9, 10]);
    expect(err.moreIssues).toBe(7);
    expect(err.message.split('\n')).toHaveLength(1 + 3 + 1);
    expect(err.message.split('\n')[0]).toBe('accounts file a.csv has 10 problems; no account was loaded');
    expect(err.message.split('\n').at(-1)).toBe('  … and 7 more problems');
    expect(err.message.length).toBeLessThan(1000);
  });

  it('throws nothing while empty', () => {
    expect(() => new IssueList().throwIfAny('x')).not.toThrow();
  });
});
