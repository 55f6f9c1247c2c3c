/**
 * What one page of a look hands to the parse of the next (`PageRequest.carry`): whose account
 * it is, which answer is expected, and the counts later pages check their lists against.
 * Carried values are strings; this module is their one reader and writer.
 */

/** The answers that follow the card, in the order a look asks for them. */
export type Step = 'nav' | 'uploads' | 'dynamics';

export interface LookState {
  /** The account's numeric user id. */
  mid: string;
  expect: Step;
  /** Videos the card or the uploads list counted, when one did. */
  videos?: number;
  /** The uploads list was read and was empty, with a count of 0 to match. */
  noUploads?: boolean;
}

const STEPS: readonly Step[] = ['nav', 'uploads', 'dynamics'];

export function toCarry(state: LookState): Record<string, string> {
  return {
    mid: state.mid,
    expect: state.expect,
    ...(state.videos !== undefined ? { videos: String(state.videos) } : {}),
    ...(state.noUploads ? { noUploads: 'yes' } : {}),
  };
}

/** The state a request carried, or null for a look's first page (or a page read on its own). */
export function fromCarry(carry: Readonly<Record<string, string>> | undefined): LookState | null {
  const mid = carry?.mid;
  const expect = STEPS.find((step) => step === carry?.expect);
  if (!carry || !mid || !expect) return null;
  const videos = carry.videos !== undefined && /^\d+$/.test(carry.videos) ? Number(carry.videos) : undefined;
  return { mid, expect, ...(videos !== undefined ? { videos } : {}), ...(carry.noUploads === 'yes' ? { noUploads: true } : {}) };
}
