/**
 * Chinese text in the legacy encodings government sites still serve, as bytes. Each sample is
 * spelled out in hex so that the tests depend on no encoder: the decoder under test is the
 * only thing that turns them back into text.
 */
export const ENCODED = {
  /** "北京市人民政府 发布时间：2026年05月19日 09时30分" in GBK. */
  gbk: {
    text: '北京市人民政府 发布时间：2026年05月19日 09时30分',
    hex: 'b1b1bea9cad0c8cbc3f1d5feb8ae20b7a2b2bccab1bce4a3ba32303236c4ea3035d4c23139c8d5203039cab13330b7d6',
  },
  /** "臺北市政府 發布日期：2026年05月19日" in Big5. */
  big5: {
    text: '臺北市政府 發布日期：2026年05月19日',
    hex: 'bb4fa55fa5abac46a9b220b56fa5aca4e9b4c1a14732303236a67e3035a4eb3139a4e9',
  },
  /** "广州市人民政府门户网站" in GB2312. */
  gb2312Title: { text: '广州市人民政府门户网站', hex: 'b9e3d6ddcad0c8cbc3f1d5feb8aec3c5bba7cdf8d5be' },
  /** "关于春耕的通知" in GB2312. */
  gb2312Item: { text: '关于春耕的通知', hex: 'b9d8d3dab4bab8fbb5c4cda8d6aa' },
} as const;

/** Joins ASCII markup and encoded samples into one body. */
export function encodedBody(...parts: Array<string | { hex: string }>): Buffer {
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part.hex, 'hex'))));
}
