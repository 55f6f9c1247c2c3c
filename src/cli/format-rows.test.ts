import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatRows } from './format-rows.ts';

const columns = [
  { key: 'name', header: '名称' },
  { key: 'status', header: 'Status' },
  { key: 'silentDays', header: 'Silent days' },
];

const rows = [
  { name: '南京发布', status: '睡眠', silentDays: 15, url: 'https://t.me/s/nanjing' },
  { name: 'Durov, "the" founder', status: 'active', silentDays: null, url: 'https://t.me/s/durov' },
  { name: 'two\nlines', status: 'unknown', silentDays: 0, url: 'https://example.org/' },
];

/** Display width with East Asian wide characters counted as two columns. */
function displayWidth(line: string): number {
  let width = 0;
  for (const ch of line) width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFF00-\uFF60]/u.test(ch) ? 2 : 1;
  return width;
}

describe('formatRows as json', () => {
  it('prints every row with all its keys, not only the listed columns', () => {
    const out = formatRows(rows, 'json', columns);
    expect(JSON.parse(out)).toEqual(rows);
  });

  it('pretty-prints one key per line', () => {
    expect(formatRows([{ a: 1, b: null }], 'json', [])).toBe('[\n  {\n    "a": 1,\n    "b": null\n  }\n]\n');
  });
});

describe('formatRows as csv', () => {
  const out = formatRows(rows, 'csv', columns);

  it('starts with the column headers', () => {
    expect(out.split('\n')[0]).toBe('名称,Status,Silent days');
  });

  it('quotes commas, quotes and newlines so the values read back unchanged', () => {
    expect(out).toContain('"Durov, ""the"" founder"');
    expect(out).toContain('"two\nlines"');
    expect(parse(out)).toEqual([
      ['名称', 'Status', 'Silent days'],
      ['南京发布', '睡眠', '15'],
      ['Durov, "the" founder', 'active', ''],
      ['two\nlines', 'unknown', '0'],
    ]);
  });

  it('leaves out keys that are not columns', () => {
    expect(out).not.toContain('t.me');
  });

  it('writes dates as ISO 8601 and objects as JSON', () => {
    const out2 = formatRows([{ at: new Date(Date.UTC(2025, 6, 10)), extra: { a: 1 } }], 'csv', [
      { key: 'at', header: 'at' },
      { key: 'extra', header: 'extra' },
    ]);
    expect(parse(out2)).toEqual([
      ['at', 'extra'],
      ['2025-07-10T00:00:00.000Z', '{"a":1}'],
    ]);
  });
});

describe('formatRows as table', () => {
  const out = formatRows(rows, 'table', columns);
  const lines = out.trimEnd().split('\n');

  it('shows the headers and the Chinese names', () => {
    expect(out).toContain('名称');
    expect(out).toContain('Silent days');
    expect(out).toContain('南京发布');
    expect(out).toContain('睡眠');
  });

  it('shows a missing value as a dash', () => {
    const durovLine = lines.find((l) => l.includes('Durov'));
    expect(durovLine).toMatch(/│ — +│\s*$/);
  });

  it('keeps every line the same display width when cells hold wide characters', () => {
    const widths = new Set(lines.map(displayWidth));
    expect(widths.size).toBe(1);
  });

  it('contains no colour escape codes by default, so files and pipes stay clean', () => {
    expect(out).not.toContain('\u001b[');
  });

  it('leaves out keys that are not columns', () => {
    expect(out).not.toContain('t.me');
  });
});
