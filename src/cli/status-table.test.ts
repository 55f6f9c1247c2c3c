import { describe, expect, it } from 'vitest';
import type { Status } from '../domain/account-status.ts';
import { statusSummary, withStatusNames, worstFirst } from './status-table.ts';

const row = (name: string, status: Status, daysSilent: number | null) => ({ name, status, daysSilent });

const register = [
  row('busy', 'active', 1),
  row('quiet', 'drifting', 11),
  row('gone', 'closed', null),
  row('long gone', 'zombie', 200),
  row('blocked', 'unknown', null),
  row('shell', 'empty', null),
  row('late', 'sleeping', 20),
  row('later', 'sleeping', 40),
  row('busier', 'active', 0),
];

describe('tables of statuses', () => {
  it('put the accounts that fail a spot check first, the longest silent first within a status, the register order otherwise', () => {
    expect(worstFirst(register).map((r) => r.name)).toEqual([
      'long gone',
      'later',
      'late',
      'shell',
      'quiet',
      'blocked',
      'gone',
      'busy',
      'busier',
    ]);
  });

  it('end with a summary line in the reader’s language, worst first', () => {
    expect(statusSummary(register, 'en')).toBe('9 accounts: zombie 1, sleeping 2, empty 1, drifting 1, unknown 1, closed 1, active 2\n');
    expect(statusSummary(register, 'zh-CN')).toBe('共 9 个账号：僵尸 1，睡眠 2，空壳 1，临近睡眠 1，未知 1，已关停 1，活跃 2\n');
    expect(statusSummary([row('one', 'active', 0)], 'en')).toBe('1 account: active 1\n');
  });

  it('name statuses as the national checklist does in Chinese, and by their ids in English', () => {
    expect(withStatusNames(register, 'zh-CN').map((r) => r.status)).toEqual([
      '活跃',
      '临近睡眠',
      '已关停',
      '僵尸',
      '未知',
      '空壳',
      '睡眠',
      '睡眠',
      '活跃',
    ]);
    expect(withStatusNames(register, 'en').map((r) => r.status)).toEqual(register.map((r) => r.status));
  });
});
