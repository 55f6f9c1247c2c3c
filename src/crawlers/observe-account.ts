import type { Observation, PageFacts } from '../domain/observation.ts';
import { failedObservation, okObservation, readPage } from '../platforms/parse-page.ts';
import type { AnyPlatformAdapter, Fetcher, PageRequest } from '../platforms/adapter.ts';
import type { AccessKey } from './access-settings.ts';
import type { FetchResult } from './fetch-result.ts';

/** What observing needs to know about an account. */
export interface ObservationTarget {
  platform: string;
  url: string;
  timeZone: string;
  /** Already validated against the adapter's option schema. */
  options: unknown;
  /** The access profile whose settings override the platform's (see `AccessBook`); none: the platform's own. */
  access?: string | null;
}

/**
 * An account ready to be observed: the adapter that reads it and the request its look starts
 * with. Made once, before the fetch, so that whoever schedules the fetch (the crawl worker's
 * host gate and politeness rules) sees the very host the look goes to.
 */
export interface PlannedObservation {
  target: ObservationTarget;
  adapter: AnyPlatformAdapter;
  firstRequest: PageRequest;
  /** The host of the first request: the host the look is fetched from. */
  host: string;
}

/** Plans a look at `target` with the adapter given. Bad account URLs throw `InvalidInputError` here, before any fetch. */
export function planObservation(target: ObservationTarget, adapter: AnyPlatformAdapter): PlannedObservation {
  const firstRequest = adapter.firstRequest(target.url, target.options);
  return { target, adapter, firstRequest, host: new URL(firstRequest.url).host };
}

export interface PageSource {
  /** Fetches a page with the access settings (cookies, headers, proxy) of `access`'s platform and profile. */
  fetch(request: PageRequest, via: Fetcher, access?: AccessKey): Promise<FetchResult>;
}

/**
 * Whether earlier pages already said something about activity: a post time, posts, or a
 * post count of zero. Without that, a failed follow-up page leaves nothing to judge.
 */
function hasActivityEvidence(facts: PageFacts | undefined): facts is PageFacts {
  return !!facts && (facts.lastPostAt != null || (facts.posts?.length ?? 0) > 0 || facts.postsCount === 0);
}

/** Pages one look may read (Bilibili: card, signing keys, uploads, dynamics). */
const MAX_PAGES = 4;

/**
 * Fetches an account's pages and reads them into one Observation. A failure on the first
 * page is the observation's outcome; a failed follow-up page keeps what the first page
 * showed (less exact, still true) and says so in `error`.
 */
export async function observeAccount(
  plan: PlannedObservation,
  source: PageSource,
  now: () => Date = () => new Date(),
): Promise<Observation> {
  const { target, adapter } = plan;
  const via = adapter.fetcher(target.options);
  let request: PageRequest | undefined = plan.firstRequest;
  let facts: PageFacts | undefined;
  let httpStatus: number | null = null;
  let note: string | null = null;
  let incomplete: string | undefined;
  const started = now();
  const access: AccessKey = { platform: target.platform, profile: target.access ?? null };
  const env = () => ({ platform: target.platform, url: target.url, fetchedAt: started, httpStatus });

  for (let page = 0; request && page < MAX_PAGES; page++) {
    const fetched: FetchResult = await source.fetch(request, via, access);
    if (fetched.kind === 'failure' && fetched.outcome === 'not_found' && request.fallbackUrl) {
      request = { ...request, url: request.fallbackUrl, fallbackUrl: undefined };
      page--;
      continue;
    }
    if (fetched.kind === 'failure') {
      if (!facts) httpStatus = fetched.httpStatus;
      if (incomplete) return failedObservation(env(), { ...fetched, error: `${incomplete} (${fetched.error})` });
      if (!hasActivityEvidence(facts)) return failedObservation(env(), fetched);
      note = `follow-up page not read (${fetched.error}); using the account page alone`;
      break;
    }
    if (!facts) httpStatus = fetched.page.status;
    const read = readPage(adapter, fetched.page, {
      now: now(),
      timeZone: target.timeZone,
      options: target.options,
      previous: facts,
      carry: request.carry,
    });
    if (!read.ok) {
      if (incomplete) return failedObservation(env(), { ...read, error: `${incomplete} (${read.error})` });
      if (!hasActivityEvidence(facts)) return failedObservation(env(), read);
      note = `follow-up page not read (${read.error}); using the account page alone`;
      break;
    }
    facts = read.reading.facts;
    request = read.reading.next;
    incomplete = read.reading.incompleteWithoutNext;
  }
  if (incomplete) return failedObservation(env(), { outcome: 'error', error: incomplete });
  return okObservation(env(), facts ?? {}, note);
}
