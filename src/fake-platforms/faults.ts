/**
 * The ways a simulated platform misbehaves, and the pages it serves when it does.
 * Each mode exists to prove one promise of the product: a failure never looks like silence.
 */

export type FaultMode =
  | 'slow'
  | 'server-error'
  | 'flaky'
  | 'rate-limited'
  | 'captcha'
  | 'login-wall'
  | 'truncated'
  | 'changed-markup'
  | 'not-found'
  | 'hang'
  | 'hostile';

/**
 * How often each mode appears among faulty accounts. `hang` is rare because every hung
 * request costs the client its whole time limit.
 */
export const FAULT_WEIGHTS: Readonly<Record<FaultMode, number>> = {
  slow: 2,
  flaky: 2,
  'server-error': 1.5,
  'rate-limited': 1.5,
  captcha: 1.5,
  'login-wall': 1.5,
  truncated: 1.5,
  'changed-markup': 1.5,
  'not-found': 1.5,
  hang: 0.5,
  // Never drawn for a random population: a 2 MB answer per request would dominate a sweep's
  // traffic. Tests that need one name it.
  hostile: 0,
};

export const FAULT_MODES = Object.keys(FAULT_WEIGHTS) as readonly FaultMode[];

/** Delay before a `slow` account answers: long enough to notice, well within a sane time limit. */
export const SLOW_DELAY_MS = 2_000;

/** Seconds a `rate-limited` account asks the client to wait. */
export const RETRY_AFTER_SECONDS = 120;

/**
 * Whether a client that behaves well can still read the account's real status.
 * A slow answer and a single failed attempt must not cost the status; everything else must
 * end as `unknown`.
 */
export function faultHidesStatus(mode: FaultMode | null): boolean {
  return mode !== null && mode !== 'slow' && mode !== 'flaky';
}

/** Cuts a page in half, the way a dropped connection or a half-written cache entry does. */
export function truncateBody(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}

/** Levels of nesting a `hostile` page is buried under: about 1.9 MB of markup, within a 2 MiB response limit. */
export const HOSTILE_NESTING = 170_000;

/**
 * The page buried under nesting far deeper than any real page, its content intact at the
 * bottom: elements just inside the root element of HTML and XML, arrays around JSON. A reader
 * that follows the nesting costs time quadratic in it, or runs out of stack.
 */
export function buryUnderNesting(body: string): string {
  const trimmed = body.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return `${'['.repeat(HOSTILE_NESTING)}${trimmed}${']'.repeat(HOSTILE_NESTING)}`;
  const root = /<[A-Za-z][^>]*>/.exec(body);
  const at = root ? root.index + root[0].length : 0;
  return `${body.slice(0, at)}${'<div>'.repeat(HOSTILE_NESTING)}${'</div>'.repeat(HOSTILE_NESTING)}${body.slice(at)}`;
}

const PAGE_STYLE = 'body{font-family:sans-serif;margin:3em auto;max-width:30em;text-align:center}';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${title}</title><style>${PAGE_STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

/** The page a platform shows when it suspects a robot. */
export function captchaPage(): string {
  return page(
    '安全验证',
    `<div class="verify-wrap">
  <h2>安全验证</h2>
  <p>检测到您的访问存在异常，请完成验证后继续访问。</p>
  <form class="captcha-form" method="post" action="/verify">
    <img class="captcha-image" src="/verify/captcha.png" alt="验证码" width="120" height="40">
    <input type="text" name="captcha" placeholder="请输入验证码" autocomplete="off">
    <button type="submit">验证</button>
  </form>
</div>`,
  );
}

/** The page a platform shows instead of content to visitors who are not signed in. */
export function loginWallPage(): string {
  return page(
    '登录',
    `<div class="login-box">
  <h2>请先登录</h2>
  <p>登录后查看更多内容</p>
  <form class="login-form" method="post" action="/login">
    <input type="text" name="username" placeholder="手机号/邮箱">
    <input type="password" name="password" placeholder="密码">
    <button type="submit">登录</button>
  </form>
</div>`,
  );
}

export function notFoundPage(): string {
  return page('404 Not Found', '<h1>404</h1>\n<p>页面不存在或已被删除 (page not found)</p>');
}

export function serviceUnavailablePage(): string {
  return page('503 Service Unavailable', '<h1>503</h1>\n<p>服务暂时不可用，请稍后再试 (service unavailable)</p>');
}

export function tooManyRequestsPage(): string {
  return page('429 Too Many Requests', '<h1>429</h1>\n<p>访问过于频繁，请稍后再试 (too many requests)</p>');
}
