import { BlockedPageError, UnreadablePageError } from '../../domain/errors.ts';

/**
 * Pages WeChat serves in place of an article or a history page. Each says something about
 * the fetch, nothing about when the account last posted, so none may read as silence.
 */
const NOTICES: ReadonlyArray<{ pattern: RegExp; error: () => Error }> = [
  {
    pattern: /wappoc_appmsgcaptcha|完成验证后即可继续访问|环境异常/,
    error: () => new BlockedPageError('WeChat verification page ("环境异常", captcha) instead of the page'),
  },
  {
    pattern: /请在微信客户端打开链接|请在微信中打开|请使用微信扫描二维码/,
    error: () =>
      new BlockedPageError('WeChat asks for its app ("请在微信客户端打开链接"): the history page needs a logged-in WeChat client'),
  },
  {
    pattern:
      /此帐号已被屏蔽|此账号已被屏蔽|帐号已被封|账号已被封|此帐号已自主注销|此账号已自主注销|该公众号已迁移|此帐号已迁移|此账号已迁移/,
    error: () => new BlockedPageError('WeChat says the account is blocked, deleted or migrated; the page shows none of its posts'),
  },
  {
    // A deleted or withdrawn article is gone, not the account: "not found" here would, on the
    // second look, close an account that may well be posting every day.
    pattern: /该内容已被发布者删除|此内容因违规无法查看|此内容被投诉且经审核涉嫌侵权|该内容已被删除|内容已被发布者删除/,
    error: () => new UnreadablePageError('the article was deleted or withdrawn: the page says nothing about the account’s other posts'),
  },
];

/** Throws the error for the WeChat notice this page is, if it is one. */
export function rejectNoticePage(body: string): void {
  const head = body.length > 64_000 ? body.slice(0, 64_000) : body;
  for (const notice of NOTICES) if (notice.pattern.test(head)) throw notice.error();
}
