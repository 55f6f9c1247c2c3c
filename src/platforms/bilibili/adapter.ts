import { z } from 'zod';
import { PageMismatchError } from '../../domain/errors.ts';
import type { FetchedPage, PageReading, ParseContext, PlatformAdapter } from '../adapter.ts';
import { parseJson } from '../json-answer.ts';
import { readEnvelope, requireSuccess } from './api-answer.ts';
import { isCardData, readCard } from './card.ts';
import { isDynamicsData, readDynamics } from './dynamics.ts';
import { fromCarry, type Step } from './look-state.ts';
import { isNavData, readNav } from './nav.ts';
import { isRelationStatData, readRelationStat } from './relation-stat.ts';
import { firstRequest } from './space-url.ts';
import { isUploadsData, readUploads } from './uploads.ts';

const optionsSchema = z.strictObject({});

/** Bilibili takes no per-account options: the space URL names the account's user id. */
export type BilibiliOptions = z.infer<typeof optionsSchema>;

/**
 * Bilibili through the web client's public API, up to four answers a look: the user card
 * (name, followers, videos), the navigation answer (the day's WBI signing keys), the uploads
 * list signed with them, and the space's dynamics. The newest of uploads and dynamics is the
 * account's newest activity, a pinned dynamic counting by its own date.
 */
export const bilibili: PlatformAdapter<BilibiliOptions> = {
  id: 'bilibili',
  title: 'Bilibili (space: uploads and dynamics)',
  about: {
    reads: { name: true, followers: true, postsCount: true, lastPost: true },
    urlForms: [
      'https://space.bilibili.com/<mid>',
      'https://m.bilibili.com/space/<mid>',
      'https://api.bilibili.com/x/web-interface/card?mid=<mid>',
    ],
    fetchers: ['http'],
    requiredSettings: [],
    // Risk control (-352, -412, -799) answers bursts from one client: one request at a time, spaced out.
    politeness: { 'api.bilibili.com': { maxConcurrency: 1, minDelayMs: 1500 } },
  },
  optionsSchema,
  fetcher: () => 'http',
  firstRequest: (accountUrl) => firstRequest(accountUrl),
  parse: parseBilibiliAnswer,
};

const STEP_NAMES: Readonly<Record<Step, string>> = {
  nav: 'the navigation answer with the WBI keys',
  uploads: 'the uploads list',
  dynamics: 'the dynamics feed',
};

/**
 * Tells the answers apart by shape, and checks that a follow-up is the answer its request asked
 * for. The navigation answer comes with code -101 to visitors who are not logged in and is read
 * all the same; any other answer must succeed (see `requireSuccess`).
 */
function parseBilibiliAnswer(page: FetchedPage, ctx: ParseContext<BilibiliOptions>): PageReading {
  const answer = readEnvelope(parseJson(page.body));
  const state = fromCarry(ctx.carry);
  const origin = apiOrigin(page.url);
  if (isNavData(answer.data) && (answer.code === 0 || answer.code === -101)) {
    expectStep(state?.expect, 'nav');
    return readNav(answer.data, state, origin, ctx);
  }
  requireSuccess(answer, state === null);
  const data = answer.data;
  if (isUploadsData(data)) {
    expectStep(state?.expect, 'uploads');
    return readUploads(data, state, origin, page.url, ctx);
  }
  if (isDynamicsData(data)) {
    expectStep(state?.expect, 'dynamics');
    return readDynamics(data, state, ctx);
  }
  if (state) throw new PageMismatchError(`expected ${STEP_NAMES[state.expect]}, got an answer of another shape`);
  if (isCardData(data)) return readCard(data, origin);
  if (isRelationStatData(data)) return readRelationStat(data, origin);
  throw new PageMismatchError('the answer is none of the card, relation, uploads or dynamics answers this reader knows');
}

/** Throws unless the answer is the one the request asked for (any, on a look's first page). */
function expectStep(expected: Step | undefined, got: Step): void {
  if (expected !== undefined && expected !== got) {
    throw new PageMismatchError(`expected ${STEP_NAMES[expected]}, got ${STEP_NAMES[got]}`);
  }
}

/** Follow-ups go to the origin that answered; a saved answer read from a file goes to the API's. */
function apiOrigin(pageUrl: string): string {
  try {
    const url = new URL(pageUrl);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // Not a URL: a saved answer with no address of its own.
  }
  return 'https://api.bilibili.com';
}
