import { z } from 'zod';
import type { AnyPlatformAdapter } from '../../src/platforms/adapter.ts';

/**
 * An adapter made up for a test: over HTTP, no options, reading whatever `parse` says. Tests
 * give what they exercise (how it fetches, how it reads) and take the rest as it comes.
 */
export function testAdapter(fields: Pick<AnyPlatformAdapter, 'id' | 'parse'> & Partial<AnyPlatformAdapter>): AnyPlatformAdapter {
  return {
    title: `the ${fields.id} test adapter`,
    about: {
      reads: { name: false, followers: true, postsCount: false, lastPost: true },
      urlForms: [],
      fetchers: ['http'],
      requiredSettings: [],
      politeness: {},
    },
    optionsSchema: z.object({}),
    fetcher: () => 'http',
    firstRequest: (url) => ({ url }),
    ...fields,
  };
}
