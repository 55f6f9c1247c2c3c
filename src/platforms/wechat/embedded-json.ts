/**
 * Cuts one JSON object or array out of a script, starting at `start`: brackets are counted
 * outside strings, so the JSON can be parsed alone. Returns null when it never closes (a page
 * cut short), or runs past `maxChars`.
 */
export function embeddedJson(text: string, start: number, maxChars = 4_000_000): string | null {
  const open = text[start];
  if (open !== '{' && open !== '[') return null;
  let depth = 0;
  let inString = false;
  const end = Math.min(text.length, start + maxChars);
  for (let i = start; i < end; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}
