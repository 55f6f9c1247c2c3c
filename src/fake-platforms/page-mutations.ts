import { pick, type Random } from './random.ts';

/**
 * Damage done to a page the way a fuzzer does it, for specifications that hostile and
 * corrupted pages are never read as silence. Each mutation is deterministic for its random
 * source, so a failing case replays from its seed.
 */
export interface Mutation {
  readonly name: string;
  /**
   * Whether the mutation breaks the page's structure (tags, nesting, JSON syntax) rather
   * than its content. A content change may legitimately change what the page says (a flipped
   * digit in a date is a different date); a structural one must never read as silence.
   */
  readonly breaksStructure: boolean;
  /** The damaged page, or null when this page offers nothing to damage that way. */
  apply(body: string, random: Random): string | null;
}

/** Elements nested by `nestDeeply`: far past any depth a reader accepts. */
export const FUZZ_NESTING = 5_000;

const TAG = /<\/?[A-Za-z][^\s/>]*/g;

/** A tag's name with one character replaced, as a flipped bit in transit or on disk leaves it (`</titl?>`). */
export const garbleTagName: Mutation = {
  name: 'garble a tag name',
  breaksStructure: true,
  apply(body, random) {
    const tag = pickMatch(body, TAG, random);
    if (!tag) return null;
    const nameStart = tag.index + (tag.text[1] === '/' ? 2 : 1);
    const at = nameStart + Math.floor(random() * (tag.index + tag.text.length - nameStart));
    const replacement = pick(random, ['?', '_', 'q', 'Z']);
    return body.slice(0, at) + (body[at] === replacement ? '!' : replacement) + body.slice(at + 1);
  },
};

/** A tag without its closing `>`: its attributes run on into what follows. */
export const dropTagEnd: Mutation = {
  name: 'drop the > of a tag',
  breaksStructure: true,
  apply(body, random) {
    const tag = pickMatch(body, TAG, random);
    const end = tag ? body.indexOf('>', tag.index) : -1;
    return end === -1 ? null : body.slice(0, end) + body.slice(end + 1);
  },
};

/** A whole start or end tag gone. */
export const dropTag: Mutation = {
  name: 'drop a whole tag',
  breaksStructure: true,
  apply(body, random) {
    const tag = pickMatch(body, TAG, random);
    const end = tag ? body.indexOf('>', tag.index) : -1;
    return !tag || end === -1 ? null : body.slice(0, tag.index) + body.slice(end + 1);
  },
};

/** The page cut off somewhere in its second half, as a dropped connection leaves it. */
export const truncate: Mutation = {
  name: 'cut the page short',
  breaksStructure: true,
  apply(body, random) {
    return body.slice(0, Math.floor(body.length * (0.5 + 0.45 * random())));
  },
};

/** One of JSON's structural marks (a bracket, comma, colon or string quote; none inside a string) replaced by another. */
export const garbleJson: Mutation = {
  name: 'garble a JSON structural mark',
  breaksStructure: true,
  apply(body, random) {
    const marks = jsonStructuralMarks(body);
    if (marks.length === 0) return null;
    const at = pick(random, marks);
    const others = JSON_MARKS.filter((c) => c !== body[at]);
    return body.slice(0, at) + pick(random, others) + body.slice(at + 1);
  },
};

const JSON_MARKS = ['{', '}', '[', ']', '"', ',', ':'];

/** Where JSON's structural characters are: outside strings, plus the quotes around each string. */
function jsonStructuralMarks(body: string): number[] {
  const marks: number[] = [];
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') {
        inString = false;
        marks.push(i);
      }
    } else if (c === '"') {
      inString = true;
      marks.push(i);
    } else if (c !== undefined && JSON_MARKS.includes(c)) {
      marks.push(i);
    }
  }
  return marks;
}

/** Thousands of unclosed elements opened before a random tag. */
export const nestDeeply: Mutation = {
  name: 'nest thousands of elements',
  breaksStructure: true,
  apply(body, random) {
    const tag = pickMatch(body, TAG, random);
    return tag ? body.slice(0, tag.index) + '<div>'.repeat(FUZZ_NESTING) + body.slice(tag.index) : null;
  },
};

/** Any one byte of the page changed, markup or content. */
export const flipCharacter: Mutation = {
  name: 'flip one character',
  breaksStructure: false,
  apply(body, random) {
    const at = Math.floor(random() * body.length);
    return body.slice(0, at) + String.fromCharCode(body.charCodeAt(at) ^ (1 << Math.floor(random() * 7))) + body.slice(at + 1);
  },
};

/** A megabyte-long attribute on a random start tag. */
export const hugeAttribute: Mutation = {
  name: 'add a 1 MB attribute',
  breaksStructure: false,
  apply(body, random) {
    const tag = pickMatch(body.replace(/<\//g, '<!'), TAG, random);
    if (!tag) return null;
    const at = tag.index + tag.text.length;
    return `${body.slice(0, at)} data-x="${'tgme_widget_message post pinned '.repeat(32_768)}"${body.slice(at)}`;
  },
};

/**
 * "Billion laughs": a document type declaring entities that expand to a billion copies, and a
 * reference to the largest inside the page's content. A reader that expands entities runs out
 * of memory; htmlparser2 expands none beyond the standard ones.
 */
export const entityExpansion: Mutation = {
  name: 'declare and use an exponentially expanding entity',
  breaksStructure: false,
  apply(body, random) {
    const declarations = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) declarations.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const doctype = `<!DOCTYPE lolz [${declarations.join('')}]>`;
    const tag = pickMatch(body, TAG, random);
    const withReference = tag ? `${body.slice(0, tag.index)}&lol9;${body.slice(tag.index)}` : body;
    // After an XML declaration, or first, where a document type belongs.
    const prolog = /^\s*<\?xml[^>]*\?>/.exec(withReference)?.[0] ?? '';
    return prolog + doctype + withReference.slice(prolog.length);
  },
};

function pickMatch(body: string, pattern: RegExp, random: Random): { index: number; text: string } | null {
  const matches = [...body.matchAll(pattern)];
  if (matches.length === 0) return null;
  const match = pick(random, matches);
  return { index: match.index, text: match[0] };
}
