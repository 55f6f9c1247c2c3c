import type { EventMessage, Segment } from './event-message.ts';

const ELLIPSIS = '…';

/**
 * Renders `message` and, when the result measures more than `max`, shortens it until it
 * fits: the longest plain text first (with an ellipsis), links last. Text is cut between
 * code points before rendering, so the output is valid UTF-8 with intact escapes and link
 * syntax. Links turn into plain text only when nothing else is left to shorten.
 */
export function renderWithin(
  message: EventMessage,
  render: (message: EventMessage) => string,
  measure: (rendered: string) => number,
  max: number,
): string {
  const title = draft({ text: message.title });
  const lines = message.lines.map((line) => line.map(draft));
  const all = [title, ...lines.flat()];
  const current = () => render({ title: shown(title).text, lines: lines.map((line) => line.map(shown)) });
  const fits = () => measure(current()) <= max;

  for (;;) {
    if (fits()) return current();
    const text = longest(all.filter((d) => d.href === undefined && d.keep > 0));
    if (!text) {
      const link = longest(all.filter((d) => d.href !== undefined));
      if (!link) return current(); // nothing left to shorten: the limit is below the bare layout
      link.href = undefined;
      continue;
    }
    // The longest prefix that fits; if even none does, this segment goes and the next is shortened.
    let low = 0;
    let high = text.keep - 1;
    text.keep = 0;
    if (!fits()) continue;
    while (low < high) {
      const keep = Math.ceil((low + high) / 2);
      text.keep = keep;
      if (fits()) low = keep;
      else high = keep - 1;
    }
    text.keep = low;
  }
}

/** A segment being shortened: `keep` code points of `chars` are shown, with an ellipsis when cut. */
interface Draft {
  chars: string[];
  keep: number;
  href: string | undefined;
}

function draft(segment: Segment): Draft {
  const chars = Array.from(segment.text);
  return { chars, keep: chars.length, href: segment.href };
}

function shown(d: Draft): Segment {
  const whole = d.keep === d.chars.length;
  const text = whole ? d.chars.join('') : d.keep === 0 ? '' : d.chars.slice(0, d.keep).join('') + ELLIPSIS;
  return d.href !== undefined && whole ? { text, href: d.href } : { text };
}

function longest(drafts: Draft[]): Draft | undefined {
  let best: Draft | undefined;
  for (const d of drafts) if (!best || d.keep > best.keep) best = d;
  return best;
}

/** Size in bytes once encoded as UTF-8. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
