import nodemailer from 'nodemailer';
import { describe, expect, it, vi } from 'vitest';
import { escapeMarkdown } from './bot-markdown.ts';
import type { Locale } from '../../domain/locale.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { renderReason } from '../../activity/render-reason.ts';
import type { AlertEvent } from '../../domain/alert.ts';
import { ACCOUNT_URL, POST_URL, silenceOpened } from './sample-event.ts';
import { describeEvent } from '../event-text.ts';
import { dingtalkBody, dingtalkFormat } from './dingtalk.ts';
import { feishuBody, feishuFormat } from './feishu.ts';
import { genericBody, genericFormat } from './generic.ts';
import { createEmailNotifier } from './send-email.ts';
import { redactSecrets, urlSecrets } from './redact-secrets.ts';
import { SLACK_MAX_SECTION_CHARS, slackBody, slackFormat } from './slack.ts';
import { WEBHOOK_FORMATS, WEBHOOK_PAYLOAD_FORMATS } from './webhook-formats.ts';
import { WECOM_MAX_CONTENT_BYTES, wecomBody, wecomFormat } from './wecom.ts';

const event = silenceOpened();
const LOCALES: Locale[] = ['zh-CN', 'en'];
const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

describe('the format registry', () => {
  it('has one format per name, each knowing its own name', () => {
    expect(WEBHOOK_FORMATS).toEqual(['generic', 'wecom', 'dingtalk', 'feishu', 'slack']);
    for (const name of WEBHOOK_FORMATS) expect(WEBHOOK_PAYLOAD_FORMATS[name].format).toBe(name);
  });

  it.each(WEBHOOK_FORMATS.flatMap((name) => LOCALES.map((locale) => [name, locale] as const)))(
    '%s builds a JSON body in %s',
    (name, locale) => {
      const body = WEBHOOK_PAYLOAD_FORMATS[name].build(event, locale);
      expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    },
  );
});

describe('generic', () => {
  it.each(LOCALES)('carries the event, the alert, the account and the evidence as data, and the text in %s', (locale) => {
    const body = genericBody(event, locale);
    const text = describeEvent(event, locale);
    expect(body).toEqual({
      id: '1207',
      event: '1207',
      type: 'opened',
      kind: 'silence',
      at: '2025-07-24T08:00:00.000Z',
      locale,
      alert: {
        id: 31,
        key: 'silence:42',
        kind: 'silence',
        state: 'open',
        severity: 'critical',
        status: 'sleeping',
        platform: 'weibo',
        reason: event.alert.reason,
        reasonText: renderReason(event.alert.reason, locale),
        title: expect.any(String),
        openedAt: '2025-07-24T08:00:00.000Z',
        resolvedAt: null,
      },
      account: event.alert.account,
      evidence: event.alert.evidence,
      text,
    });
  });

  it('titles the alert without the event word, which belongs to the event', () => {
    expect(genericBody(event, 'zh-CN').alert.title).toBe('平安某市 (weibo)：睡眠(两周未更新)');
    expect(genericBody(event, 'en').alert.title).toBe('平安某市 (weibo): sleeping (past the red line)');
  });

  it('has null account and evidence for platform-level alerts', () => {
    const parserBroken: AlertEvent = {
      ...event,
      alert: {
        ...event.alert,
        key: 'parser-broken:weibo',
        kind: 'parser-broken',
        status: null,
        account: null,
        evidence: null,
        reason: { code: 'parser-broken', platform: 'weibo', failed: 9, total: 10 },
      },
    };
    const body = genericBody(parserBroken, 'en');
    expect(body.account).toBeNull();
    expect(body.evidence).toBeNull();
    expect(body.kind).toBe('parser-broken');
  });
});

describe('wecom', () => {
  it.each(LOCALES)('is a markdown message with the title in bold, the reason and both links in %s', (locale) => {
    const body = wecomBody(event, locale);
    expect(body.msgtype).toBe('markdown');
    const { content } = body.markdown;
    expect(content.split('\n')[0]).toBe(`**${escapeMarkdown(describeEvent(event, locale).title)}**`);
    expect(content).toContain(renderReason(event.alert.reason, locale));
    expect(content).toContain(`](${ACCOUNT_URL})`);
    expect(content).toContain(`](${POST_URL})`);
  });

  it('stays within 4096 UTF-8 bytes, cutting text between characters and keeping the links', () => {
    const long = silenceOpened({ name: '很长的账号名'.repeat(400), unit: '单位'.repeat(600) });
    const { content } = wecomBody(long, 'zh-CN').markdown;
    expect(utf8(content)).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
    expect(utf8(content)).toBeGreaterThan(WECOM_MAX_CONTENT_BYTES - 100);
    expect(content).not.toContain('\uFFFD');
    expect(Buffer.from(content, 'utf8').toString('utf8')).toBe(content);
    expect(content).toContain('…');
    expect(content).toContain(`](${ACCOUNT_URL})`);
    expect(content).toContain(`](${POST_URL})`);
    expect(content).toMatch(/^\*\*【告警】很长的账号名.*…\*\*\n/);
  });

  it('cuts emoji and escaped characters whole', () => {
    const long = silenceOpened({ name: '😀*'.repeat(3000) });
    const { content } = wecomBody(long, 'en').markdown;
    expect(utf8(content)).toBeLessThanOrEqual(WECOM_MAX_CONTENT_BYTES);
    expect(content).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
    expect(content).not.toMatch(/(^|[^\\])(\\\\)*\\…/); // no escape cut in half
  });

  it('escapes markdown and tags in names so they cannot format, link or mention', () => {
    const { content } = wecomBody(silenceOpened({ name: '**假** [点我](https://evil.example) <@all>' }), 'en').markdown;
    expect(content).toContain('\\*\\*假\\*\\* \\[点我\\](https://evil.example) &lt;@all&gt;');
    expect(content).not.toContain('<@all>');
  });
});

describe('dingtalk', () => {
  it.each(LOCALES)('is a markdown message with a plain preview title, a heading, the reason and both links in %s', (locale) => {
    const body = dingtalkBody(event, locale);
    const { title } = describeEvent(event, locale);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(title);
    const paragraphs = body.markdown.text.split('\n\n');
    expect(paragraphs[0]).toBe(`#### ${escapeMarkdown(title)}`);
    expect(paragraphs).toContain(renderReason(event.alert.reason, locale));
    expect(body.markdown.text).toContain(`](${ACCOUNT_URL})`);
    expect(body.markdown.text).toContain(`](${POST_URL})`);
  });

  it('escapes the brackets of the English event word', () => {
    expect(dingtalkBody(event, 'en').markdown.text).toMatch(/^#### \\\[Alert\\\] /);
  });

  it('separates lines with a blank line, as DingTalk joins single newlines', () => {
    expect(dingtalkBody(event, 'en').markdown.text).not.toMatch(/[^\n]\n[^\n]/);
  });

  it('escapes markdown characters and tags in names', () => {
    const { text } = dingtalkBody(silenceOpened({ name: '_x_ #1 `code` <font color="warning">red</font>' }), 'zh-CN').markdown;
    expect(text).toContain('\\_x\\_ \\#1 \\`code\\` &lt;font color="warning"&gt;red&lt;/font&gt;');
    expect(text).not.toContain('<font');
  });

  it('keeps a parenthesis in a URL from ending the link early', () => {
    const { text } = dingtalkBody(silenceOpened({ url: 'https://example.org/a_(b)' }), 'en').markdown;
    expect(text).toContain('[https://example.org/a\\_(b)](https://example.org/a_%28b%29)');
  });
});

describe('feishu', () => {
  it.each([
    ['zh-CN', 'zh_cn'],
    ['en', 'en_us'],
  ] as const)('is a rich-text post in %s under %s, with text and link elements', (locale, language) => {
    const body = feishuBody(event, locale);
    expect(body.msg_type).toBe('post');
    expect(Object.keys(body.content.post)).toEqual([language]);
    const post = body.content.post[language]!;
    expect(post.title).toBe(describeEvent(event, locale).title);
    expect(post.content[0]).toEqual([{ tag: 'text', text: renderReason(event.alert.reason, locale) }]);
    const elements = post.content.flat();
    expect(elements).toContainEqual({ tag: 'a', text: ACCOUNT_URL, href: ACCOUNT_URL });
    expect(elements).toContainEqual({ tag: 'a', text: POST_URL, href: POST_URL });
    for (const line of post.content) expect(line.every((e) => e.tag === 'text' || e.tag === 'a')).toBe(true);
  });

  it('leaves a non-web evidence URL as text, never as a link', () => {
    const body = feishuBody(silenceOpened({}, 'javascript:alert(1)'), 'en');
    const elements = body.content.post.en_us!.content.flat();
    expect(elements.filter((e) => e.tag === 'a').map((e) => (e.tag === 'a' ? e.href : ''))).toEqual([ACCOUNT_URL]);
    expect(elements.some((e) => e.text.includes('javascript:alert(1)'))).toBe(true);
  });
});

describe('slack', () => {
  it.each(LOCALES)('is a fallback text and one mrkdwn section with the title, the reason and both links in %s', (locale) => {
    const body = slackBody(event, locale);
    const { title } = describeEvent(event, locale);
    expect(body.text).toBe(title);
    expect(body.blocks).toHaveLength(1);
    expect(body.blocks[0]!.type).toBe('section');
    expect(body.blocks[0]!.text.type).toBe('mrkdwn');
    const section = body.blocks[0]!.text.text;
    expect(section.split('\n')[0]).toBe(`*${title}*`);
    expect(section).toContain(renderReason(event.alert.reason, locale));
    expect(section).toContain(`<${ACCOUNT_URL}|${ACCOUNT_URL}>`);
    expect(section).toContain(
      '<https://weibo.com/1234567890/Pq7xYz?from=page_100606&amp;mod=weibotime' +
        '|https://weibo.com/1234567890/Pq7xYz?from=page_100606&amp;mod=weibotime>',
    );
  });

  it('escapes &, < and > so names cannot mention the channel or fake a link', () => {
    const body = slackBody(silenceOpened({ name: 'A&B <!channel> <https://evil.example|click>' }), 'en');
    const escaped = 'A&amp;B &lt;!channel&gt; &lt;https://evil.example|click&gt;';
    expect(body.text).toContain(escaped);
    expect(body.blocks[0]!.text.text).toContain(escaped);
    expect(body.blocks[0]!.text.text).not.toContain('<!channel>');
  });

  it("stays within Slack's section limit", () => {
    const body = slackBody(silenceOpened({ name: 'x'.repeat(5000) }), 'en');
    expect(body.blocks[0]!.text.text.length).toBeLessThanOrEqual(SLACK_MAX_SECTION_CHARS);
    expect(body.blocks[0]!.text.text).toContain(`<${ACCOUNT_URL}|${ACCOUNT_URL}>`);
  });
});

describe('reading answers', () => {
  const ok = { ok: true };
  const refused = (retry: boolean) => expect.objectContaining({ ok: false, retry, reason: expect.any(String) });

  it.each([
    ['generic', 200, '', ok],
    ['generic', 204, '', ok],
    ['generic', 302, '', refused(false)],
    ['generic', 400, 'bad', refused(false)],
    ['generic', 404, '', refused(false)],
    ['generic', 429, '', refused(true)],
    ['generic', 503, '', refused(true)],
    ['wecom', 200, '{"errcode":0,"errmsg":"ok"}', ok],
    ['wecom', 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', refused(false)],
    ['wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}', refused(true)],
    ['wecom', 200, '<html>proxy login</html>', refused(false)],
    ['wecom', 502, '', refused(true)],
    ['dingtalk', 200, '{"errcode":0,"errmsg":"ok"}', ok],
    ['dingtalk', 200, '{"errcode":310000,"errmsg":"keywords not in content"}', refused(false)],
    ['dingtalk', 200, '{"errcode":130101,"errmsg":"send too fast"}', refused(true)],
    ['dingtalk', 200, '{"errcode":90030,"errmsg":"webhook over limit"}', refused(true)],
    ['feishu', 200, '{"code":0,"msg":"success","data":{}}', ok],
    ['feishu', 200, '{"StatusCode":0,"StatusMessage":"success"}', ok],
    ['feishu', 200, '{"code":19021,"msg":"sign match fail or timestamp is not within one hour from current time"}', refused(false)],
    ['feishu', 200, '{"code":11232,"msg":"frequency limited"}', refused(true)],
    ['feishu', 400, '{"code":9499,"msg":"Bad Request"}', refused(false)],
    ['slack', 200, 'ok', ok],
    ['slack', 200, 'not ok', refused(false)],
    ['slack', 400, 'invalid_payload', refused(false)],
    ['slack', 404, 'no_service', refused(false)],
    ['slack', 429, 'rate_limited', refused(true)],
    ['slack', 500, 'rollup_error', refused(true)],
  ] as const)('%s: HTTP %i %j', (name, status, body, verdict) => {
    expect(WEBHOOK_PAYLOAD_FORMATS[name].accepted(status, body)).toEqual(verdict);
  });

  it("quotes the platform's error code and message", () => {
    expect(wecomFormat.accepted(200, '{"errcode":93000,"errmsg":"invalid webhook url"}')).toEqual({
      ok: false,
      retry: false,
      reason: 'WeCom errcode 93000: invalid webhook url',
    });
    expect(dingtalkFormat.accepted(200, '{"errcode":310000,"errmsg":"sign not match"}')).toMatchObject({
      reason: 'DingTalk errcode 310000: sign not match',
    });
    expect(feishuFormat.accepted(200, '{"code":19024,"msg":"Key Words Not Found"}')).toMatchObject({
      reason: 'Feishu code 19024: Key Words Not Found',
    });
    expect(slackFormat.accepted(403, 'action_prohibited')).toMatchObject({ reason: 'HTTP 403: action_prohibited' });
    expect(genericFormat.accepted(500, 'x'.repeat(1000))).toMatchObject({ reason: expect.stringMatching(/^HTTP 500: x{200}…$/) });
  });
});

describe('keeping secrets out of reasons', () => {
  it('masks query values, long path segments and credentials, and leaves the rest readable', () => {
    const secrets = urlSecrets('https://user:p%40ss@qyapi.weixin.qq.com/hooks/T0ABCDEF/0123456789abcdefXYZ?key=693a91f6-7xxx&debug=1');
    const text =
      'sent to https://user:p%40ss@qyapi.weixin.qq.com/hooks/T0ABCDEF/0123456789abcdefXYZ?key=693a91f6-7xxx&debug=1, ' +
      'key=693a91f6-7xxx, password p@ss, 0123456789abcdefXYZ, team T0ABCDEF';
    const redacted = redactSecrets(text, secrets);
    for (const secret of ['693a91f6-7xxx', 'p@ss', 'p%40ss', '0123456789abcdefXYZ']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('T0ABCDEF');
    expect(redacted).toContain('qyapi.weixin.qq.com/hooks/T0ABCDEF/***?***');
  });
});

describe('e-mail', () => {
  const SMTP_PASSWORD = 'smtp-pa55/word';
  const settings = {
    url: `smtps://alerts%40example.org:${encodeURIComponent(SMTP_PASSWORD)}@smtp.example.org:465`,
    from: '"sleepwatch" <alerts@example.org>',
  };

  /** A notifier writing messages as JSON instead of sending them, and the messages it wrote. */
  function jsonNotifier() {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const sendMail = vi.spyOn(transport, 'sendMail');
    const sent = async () =>
      Promise.all(
        sendMail.mock.results.map(
          async (result) => JSON.parse(((await result.value) as { message: string }).message) as Record<string, unknown>,
        ),
      );
    return { notifier: createEmailNotifier(settings, transport), sent };
  }

  /** A transport that fails every message with `error`. */
  function failingNotifier(error: Error & { code?: string; responseCode?: number }) {
    const transport = nodemailer.createTransport({
      name: 'failing',
      version: '1',
      send: (_mail, callback) => callback(error, undefined as never),
    });
    return createEmailNotifier(settings, transport);
  }

  it.each(LOCALES)('sends one message in %s: subject the title, body the event text with its links', async (locale) => {
    const { notifier, sent } = jsonNotifier();
    expect(await notifier.send(['duty@example.org', 'lead@example.org'], event, locale)).toEqual({ ok: true, status: 250 });
    const messages = await sent();
    expect(messages).toHaveLength(1);
    const { title, body } = describeEvent(event, locale);
    expect(messages[0]).toMatchObject({
      from: { address: 'alerts@example.org', name: 'sleepwatch' },
      to: [
        { address: 'duty@example.org', name: '' },
        { address: 'lead@example.org', name: '' },
      ],
      subject: title,
      text: body,
      headers: { 'X-Sleepwatch-Event': '1207' },
    });
    expect(messages[0]!.text).toContain(ACCOUNT_URL);
    expect(messages[0]!.text).toContain(POST_URL);
  });

  it('sends nothing without recipients', async () => {
    const { notifier, sent } = jsonNotifier();
    expect(await notifier.send([], event, 'en')).toMatchObject({ ok: false, retry: false, status: null });
    expect(await sent()).toEqual([]);
  });

  it('retries a temporary SMTP refusal (4xx) but not a final one (5xx)', async () => {
    const temporary = Object.assign(new Error('Message failed: 451 4.3.0 try again later'), { code: 'EMESSAGE', responseCode: 451 });
    const final = Object.assign(new Error("Can't send mail - all recipients were rejected: 550 5.1.1 no such user"), {
      code: 'EENVELOPE',
      responseCode: 550,
    });
    expect(await failingNotifier(temporary).send(['duty@example.org'], event, 'en')).toMatchObject({ ok: false, retry: true, status: 451 });
    expect(await failingNotifier(final).send(['duty@example.org'], event, 'en')).toMatchObject({ ok: false, retry: false, status: 550 });
  });

  it('retries connection trouble but not bad credentials', async () => {
    const down = Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' });
    const badLogin = Object.assign(new Error('Invalid login'), { code: 'EAUTH' });
    expect(await failingNotifier(down).send(['duty@example.org'], event, 'en')).toMatchObject({ ok: false, retry: true, status: null });
    expect(await failingNotifier(badLogin).send(['duty@example.org'], event, 'en')).toMatchObject({ ok: false, retry: false });
  });

  it('never shows the SMTP password, even when an error quotes it', async () => {
    const echo = Object.assign(
      new Error(`535 Authentication failed for alerts@example.org / ${SMTP_PASSWORD} (${encodeURIComponent(SMTP_PASSWORD)})`),
      { code: 'EAUTH', responseCode: 535 },
    );
    const result = await failingNotifier(echo).send(['duty@example.org'], event, 'en');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('smtps://smtp.example.org:465');
    expect(result.reason).not.toContain(SMTP_PASSWORD);
    expect(result.reason).not.toContain(encodeURIComponent(SMTP_PASSWORD));
  });

  it('never shows the SMTP password when the server cannot be reached', async () => {
    const notifier = createEmailNotifier({ ...settings, url: `smtp://alerts:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:1` });
    const result = await notifier.send(['duty@example.org'], event, 'en');
    expect(result).toMatchObject({ ok: false, retry: true, status: null });
    if (!result.ok) expect(result.reason).not.toMatch(/pa55/);
  });

  it('refuses a URL that is not SMTP, without showing its credentials', () => {
    expect(() => createEmailNotifier({ ...settings, url: `https://alerts:${SMTP_PASSWORD}@mail.example.org` })).toThrow(InvalidInputError);
    expect(() => createEmailNotifier({ ...settings, url: `https://alerts:${SMTP_PASSWORD}@mail.example.org` })).not.toThrow(/pa55/);
  });
});
