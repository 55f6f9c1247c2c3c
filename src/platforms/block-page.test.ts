import { describe, expect, it } from 'vitest';
import { detectBlockPage } from './block-page.ts';

describe('detectBlockPage', () => {
  it.each([
    ['<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>', 'access-denied page'],
    ['<html><body>Access denied</body></html>', 'access-denied page'],
    ['<html><body><div class="geetest_holder">请完成验证码</div></body></html>', 'captcha page'],
  ])('recognises %s', (body, what) => {
    expect(detectBlockPage(body)).toBe(what);
  });

  it('does not take a JSON answer’s "forbidden" field for an access-denied page', () => {
    const answer = '{"code":0,"data":{"items":[{"modules":{"module_stat":{"comment":{"count":3,"forbidden":false}}}}]}}';
    expect(detectBlockPage(answer)).toBeNull();
  });
});
