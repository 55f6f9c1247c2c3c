import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeUrl, trustedHtml } from './html.ts';

describe('html', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const name = '<img src=x onerror=alert(1)>';
    expect(String(html`<td>${name}</td>`)).toBe('<td>&lt;img src=x onerror=alert(1)&gt;</td>');
    const quote = `" onmouseover="alert(1)' x=\`y`;
    // prettier-ignore
    expect(String(html`<input value="${quote}">`)).toBe('<input value="&quot; onmouseover=&quot;alert(1)&#39; x=&#96;y">');
    expect(escapeHtml('a & b')).toBe('a &amp; b');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });

  it('escapes strings inside lists, and passes markup it built itself', () => {
    const rows = ['<script>alert(1)</script>', 'ok'].map((t) => html`<li>${t}</li>`);
    // prettier-ignore
    expect(String(html`<ul>${rows}</ul>`)).toBe('<ul><li>&lt;script&gt;alert(1)&lt;/script&gt;</li><li>ok</li></ul>');
    expect(String(html`<p>${['<b>', html`<i>x</i>`]}</p>`)).toBe('<p>&lt;b&gt;<i>x</i></p>');
  });

  it('renders numbers as text and null, undefined and false as nothing', () => {
    expect(String(html`${0}|${12.5}|${null}|${undefined}|${false}|${true}`)).toBe('0|12.5||||true');
  });

  it('does not treat a string that looks like markup, or an object with toString, as markup', () => {
    const sneaky = { toString: () => '<b>' } as unknown as string;
    expect(String(html`${sneaky}`)).toBe('&lt;b&gt;');
    expect(String(html`${trustedHtml('<b>')}`)).toBe('<b>');
  });

  it('lets only http(s) and site-relative URLs into links', () => {
    expect(safeUrl('https://weibo.com/x?a=1&b=2')).toBe('https://weibo.com/x?a=1&b=2');
    expect(safeUrl('/accounts/3')).toBe('/accounts/3');
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' javascript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<b>')).toBe('#');
    expect(safeUrl('//evil.example/')).toBe('#');
    // prettier-ignore
    expect(String(html`<a href="${safeUrl('https://x/"><script>')}">`)).toBe('<a href="https://x/&quot;&gt;&lt;script&gt;">');
  });
});
