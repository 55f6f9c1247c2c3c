import { afterEach, describe, expect, it } from 'vitest';
import { evaluateJsonPath, isJsonPath, jsonPathProblem } from './jsonpath.ts';

const DOCUMENT = {
  data: { list: [{ created_at: 1, tags: ['a'] }, { created_at: '2025-07-01' }] },
  41: { post: { data: [{ createTime: 5 }] } },
};

describe('JSONPath expressions', () => {
  it('are told from CSS selectors by their leading $', () => {
    expect(isJsonPath(' $.data')).toBe(true);
    expect(isJsonPath('article time@datetime')).toBe(false);
  });

  it.each([
    ['$.data.list[*].created_at', ['/data/list/0/created_at', '/data/list/1/created_at']],
    ['$.*.post.data[*].createTime', ['/41/post/data/0/createTime']],
    ['$..createTime', ['/41/post/data/0/createTime']],
    ["$['data'].list[0].created_at", ['/data/list/0/created_at']],
    ['$.data.list[-1:].created_at', ['/data/list/1/created_at']],
    ['$.data.list[0,1].created_at', ['/data/list/0/created_at', '/data/list/1/created_at']],
    ['$.data.missing', []],
  ])('select %s', (expression, pointers) => {
    expect(jsonPathProblem(expression)).toBeNull();
    expect(evaluateJsonPath(expression, DOCUMENT).map((match) => match.pointer)).toEqual(pointers);
  });

  it.each([
    ['an unclosed bracket', '$.data.list['],
    ['a trailing dot', '$.data.'],
    ['an empty bracket', '$.data[]'],
    ['a missing root', 'data.list'],
    ['a space inside a name', '$.data list'],
    ['a parent operator', '$.data.list^'],
  ])('reject %s, which jsonpath-plus would read leniently', (_what, expression) => {
    expect(jsonPathProblem(expression)).toMatch(/is not a valid JSONPath expression/);
  });

  it.each(['$.data.list[?(@.created_at > 0)]', '$.data.list[(@.length-1)]', '$..[?(@.constructor.constructor("return process")())]'])(
    'reject the filter or script in %s: options never run code',
    (expression) => {
      expect(jsonPathProblem(expression)).toMatch(/filter or script .* never run/);
    },
  );
});

describe('JSONPath evaluation', () => {
  const global = globalThis as { sleepwatchProbe?: unknown };
  afterEach(() => {
    delete global.sleepwatchProbe;
  });

  it('runs no script even when handed an expression validation would refuse', () => {
    for (const expression of [
      '$..[?(globalThis.sleepwatchProbe = 1)]',
      '$..[?(@.constructor.constructor("globalThis.sleepwatchProbe = 2")())]',
      '$.data.list[(globalThis.sleepwatchProbe = 3)]',
    ]) {
      expect(() => evaluateJsonPath(expression, DOCUMENT)).toThrow(/prevented/);
    }
    expect(global.sleepwatchProbe).toBeUndefined();
  });
});
