/**
 * Values WeChat pages set in inline scripts. The pages assign them as `var ct = "1523110915";`
 * or with fallbacks, `var biz = "" || "MzA4ODUzNjAxOA==";`, where the first non-empty
 * string literal is the value the page's own script would use.
 */

const STRING_LITERAL = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/y;
const OR = /\s*\|\|\s*/y;

/**
 * The value a page's script assigns to `name` (`var name = …`, `name = …`, `name: …`), or null
 * when no assignment of a string literal is there. Only string literals are read: an expression
 * names nothing this reader could vouch for.
 */
export function scriptString(body: string, name: string): string | null {
  const assignment = new RegExp(`(?:^|[\\s;,{(])(?:var\\s+|window\\.)?${name}\\s*[=:]\\s*`, 'g');
  for (const match of body.matchAll(assignment)) {
    const value = firstNonEmptyLiteral(body, match.index + match[0].length);
    if (value !== null) return value;
  }
  return null;
}

function firstNonEmptyLiteral(body: string, start: number): string | null {
  let at = start;
  let seen: string | null = null;
  for (;;) {
    STRING_LITERAL.lastIndex = at;
    const literal = STRING_LITERAL.exec(body);
    if (!literal) return seen;
    const value = unescapeJs(literal[1] ?? literal[2] ?? '');
    if (value !== '') return value;
    seen = value;
    OR.lastIndex = STRING_LITERAL.lastIndex;
    if (!OR.exec(body)) return seen;
    at = OR.lastIndex;
  }
}

function unescapeJs(text: string): string {
  return text.replace(/\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))/g, (_, u: string, x: string, c: string) => {
    if (u) return String.fromCharCode(parseInt(u, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    return c === 'n' ? '\n' : c;
  });
}

const ENTITIES: Readonly<Record<string, string>> = { quot: '"', amp: '&', apos: "'", lt: '<', gt: '>', nbsp: ' ', yen: '¥' };

/** Decodes the HTML entities WeChat writes into JSON it embeds in pages (`&quot;`, `&amp;`, `&#39;`). */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-z]{2,6}));/gi, (whole, dec: string, hex: string, name: string) => {
    const code = dec ? parseInt(dec, 10) : hex ? parseInt(hex, 16) : undefined;
    if (code !== undefined) return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
