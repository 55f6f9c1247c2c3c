import { TextDecoder } from 'node:util';

/**
 * Turns a response's bytes into text the way browsers pick the encoding (WHATWG "encoding
 * sniffing", simplified): a byte order mark wins over everything, then the charset of the
 * Content-Type header, then a charset the document declares near its start (`<meta charset>`,
 * `<meta http-equiv="Content-Type" content="…; charset=…">`, `<?xml … encoding="…"?>`), else
 * UTF-8. Chinese government sites often declare GBK, GB2312 or Big5 in the page alone.
 */

/** How far into the body a declaration is looked for; browsers look in the first 1024 bytes, some pages put theirs a bit later. */
export const SNIFF_BYTES = 2048;

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
];

const HEADER_CHARSET = /;\s*charset\s*=\s*["']?([^"';\s]+)/i;
const XML_DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;
const META_CHARSET = /<meta\s[^>]*?\bcharset\s*=\s*["']?([A-Za-z0-9._:-]+)/i;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;

export function decodeBody(bytes: Uint8Array, contentType: string | null | undefined): string {
  return decoderFor(bytes, contentType).decode(bytes);
}

/** The encoding the body is decoded with, by the order described above. */
export function bodyEncoding(bytes: Uint8Array, contentType: string | null | undefined): string {
  return decoderFor(bytes, contentType).encoding;
}

function decoderFor(bytes: Uint8Array, contentType: string | null | undefined): TextDecoder {
  const bom = BOMS.find(({ bytes: mark }) => mark.every((b, i) => bytes[i] === b));
  if (bom) return new TextDecoder(bom.encoding);
  const declared = contentType ? HEADER_CHARSET.exec(contentType)?.[1] : undefined;
  const fromHeader = declared ? decoderNamed(declared) : null;
  if (fromHeader) return fromHeader;
  const inDocument = documentCharset(bytes);
  const fromDocument = inDocument ? decoderNamed(inDocument) : null;
  // A page cannot declare itself UTF-16 in ASCII-compatible bytes: browsers read such a declaration as UTF-8.
  if (fromDocument && !fromDocument.encoding.startsWith('utf-16')) return fromDocument;
  return new TextDecoder('utf-8');
}

/** The charset a markup document declares at its start; null for non-markup bodies (JSON) and pages that declare none. */
function documentCharset(bytes: Uint8Array): string | null {
  // Declarations are ASCII, and every encoding sniffed here keeps ASCII bytes as they are.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES)).toString('latin1');
  if (!head.trimStart().startsWith('<')) return null;
  const xml = XML_DECLARATION.exec(head);
  if (xml?.[1]) return xml[1];
  return META_CHARSET.exec(head.replace(COMMENT, ''))?.[1] ?? null;
}

/** A decoder for a WHATWG encoding label ("gb2312" is GBK, "big5", "x-gbk", …); null for labels no browser knows. */
function decoderNamed(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label.trim());
  } catch {
    return null;
  }
}
