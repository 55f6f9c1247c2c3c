import { describe, expect, it } from 'vitest';
import { newFeedToken } from './subscriptions-repository.ts';

describe('feed tokens', () => {
  it('are 43 URL-safe characters, all different, and never start with "-" (a command line would read an option)', () => {
    // Without the rule, about one token in 64 starts with "-": 2,000 of them would show it.
    const tokens = Array.from({ length: 2000 }, newFeedToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
