import { describe, expect, it } from 'vitest';
import { jsonObject } from './flags.ts';

describe('jsonObject', () => {
  const options = jsonObject('--options', { chars: 40, setting: 'SLEEPWATCH_MAX_OPTIONS_CHARS' });

  it('reads a JSON object up to the limit', () => {
    expect(options(JSON.stringify({ lastPost: 'x'.repeat(40 - 15) }))).toEqual({ lastPost: 'x'.repeat(25) });
  });

  it('refuses a longer value by its length alone, naming the setting', () => {
    // Not JSON at all: a parse would say so; the length is what is said.
    expect(() => options(`{${'x'.repeat(40)}`)).toThrow(
      /--options.*is 41 characters long; the limit is 40 \(SLEEPWATCH_MAX_OPTIONS_CHARS\)/s,
    );
  });
});
