/** Text from users goes into messages shortened, so a pasted blob cannot flood a report. */

/** `text` cut to at most `max` characters, marked with "…" where it was cut. */
export function clipped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A user value quoted for a message (`"durov"`), shortened to 60 characters. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(clipped(text, 60));
}
