/** Invisible marks platforms sprinkle into text (bidi controls, zero-width spaces, BOM). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** Collapses whitespace and drops invisible marks. */
export function cleanText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** A short, single-line excerpt of post text for tables and alerts. */
export function excerpt(text: string, maxChars = 140): string | null {
  const clean = cleanText(text);
  if (!clean) return null;
  const chars = Array.from(clean);
  return chars.length <= maxChars ? clean : `${chars.slice(0, maxChars - 1).join('')}…`;
}
