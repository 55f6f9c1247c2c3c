/**
 * Recognises pages that platforms serve instead of content: captchas, login walls, bot checks.
 * Only consulted after an adapter failed to read a page, so a healthy page that merely
 * mentions "log in" somewhere is never called blocked.
 */
const SIGNS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /captcha|recaptcha|hcaptcha|geetest|turnstile|验证码|滑块验证|人机验证/i, what: 'captcha page' },
  { pattern: /cf-chl-|challenge-platform|just a moment\.\.\.|checking your browser|ddos-guard/i, what: 'bot check page' },
  { pattern: /安全验证|访问验证|异常访问|访问过于频繁|请求过于频繁|too many requests|rate limit(ed)?\b/i, what: 'rate-limit page' },
  {
    pattern: new RegExp(
      [
        '请先登录|登录后查看|登录后可见|扫码登录',
        String.raw`passport\.weibo`,
        'log ?in to (continue|see|view)',
        'sign in to (continue|see|view)',
        'you must (log|sign) in',
        `type=["']?password`,
      ].join('|'),
      'i',
    ),
    what: 'login wall',
  },
  // Not a JSON key: Bilibili's dynamics say `"forbidden": false` of every item's comments and likes.
  { pattern: /access denied|forbidden(?!"\s*:)|访问被拒绝/i, what: 'access-denied page' },
];

/** Returns what kind of block page this is, or null when it looks like ordinary content. */
export function detectBlockPage(body: string): string | null {
  // Block pages are small; scanning only the head keeps this cheap on large healthy pages.
  const head = body.length > 64_000 ? body.slice(0, 64_000) : body;
  for (const sign of SIGNS) if (sign.pattern.test(head)) return sign.what;
  return null;
}
