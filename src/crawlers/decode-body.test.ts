import { describe, expect, it } from 'vitest';
import { SNIFF_BYTES, bodyEncoding, decodeBody } from './decode-body.ts';
import { ENCODED, encodedBody } from './encoded-samples.ts';

const { gbk, big5 } = ENCODED;

describe('decodeBody: the encoding a page declares', () => {
  it('reads a GBK page that declares its charset only in <meta http-equiv="Content-Type">', () => {
    const body = encodedBody(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><p>',
      gbk,
      '</p></body></html>',
    );
    expect(decodeBody(body, 'text/html')).toBe(
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body><p>${gbk.text}</p></body></html>`,
    );
  });

  it('reads a Big5 page that declares <meta charset="big5">, with no Content-Type at all', () => {
    const body = encodedBody('<!DOCTYPE html>\n<html><head><meta charset="big5"><title>', big5, '</title></head></html>');
    expect(decodeBody(body, null)).toContain(`<title>${big5.text}</title>`);
  });

  it('reads GB2312 (decoded as its superset GBK) from an XML declaration', () => {
    const body = encodedBody(
      '<?xml version="1.0" encoding="GB2312"?><rss><channel><title>',
      ENCODED.gb2312Title,
      '</title></channel></rss>',
    );
    expect(bodyEncoding(body, 'application/rss+xml')).toBe('gbk');
    expect(decodeBody(body, 'application/rss+xml')).toContain(ENCODED.gb2312Title.text);
  });

  it('lets the Content-Type header win over the page’s own declaration', () => {
    const body = encodedBody('<html><head><meta charset="utf-8"></head><body>', gbk, '</body></html>');
    expect(decodeBody(body, 'text/html; charset=GBK')).toContain(gbk.text);
  });

  it('lets a byte order mark win over the header and the page', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<meta charset="gbk"><p>人民政府</p>')]);
    expect(decodeBody(body, 'text/html; charset=big5')).toBe('<meta charset="gbk"><p>人民政府</p>');
  });

  it('reads UTF-8 when nothing declares an encoding', () => {
    expect(decodeBody(Buffer.from('<p>人民政府</p>'), 'text/html')).toBe('<p>人民政府</p>');
  });

  it('ignores a declaration past the first bytes, inside a comment, or in a body that is not markup', () => {
    const late = Buffer.from(`<html><head>${' '.repeat(SNIFF_BYTES)}<meta charset="gbk"></head><p>人民</p></html>`);
    expect(bodyEncoding(late, 'text/html')).toBe('utf-8');
    expect(bodyEncoding(Buffer.from('<!-- <meta charset="gbk"> --><p>人民</p>'), null)).toBe('utf-8');
    expect(bodyEncoding(Buffer.from('{"html":"<meta charset=\\"gbk\\">","name":"人民"}'), 'application/json')).toBe('utf-8');
  });

  it('falls back to what comes next when a label is unknown, and never reads ASCII bytes as UTF-16', () => {
    const body = encodedBody('<meta charset="gbk"><p>', gbk, '</p>');
    expect(decodeBody(body, 'text/html; charset=no-such-charset')).toContain(gbk.text);
    expect(bodyEncoding(Buffer.from('<meta charset="utf-16"><p>人民</p>'), null)).toBe('utf-8');
  });
});
