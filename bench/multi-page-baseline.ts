/**
 * The baseline's minimal reading of the platforms a look reads in several pages (Bluesky,
 * YouTube, WeChat, Weibo, Bilibili): the first page each adapter asks for, the next page it
 * leads to, and the post times on the last one, found the quickest way that works on the
 * simulated pages. Weibo's relative times ("3小时前") are left unread.
 */

/** The first page of an account of one of these platforms, or null for any other platform. */
export function multiPageFirst(platform: string, accountUrl: string): string | null {
  const u = new URL(accountUrl);
  switch (platform) {
    case 'bluesky':
      return `${u.origin}/xrpc/app.bsky.actor.getProfile?actor=${u.pathname.split('/')[2] ?? ''}`;
    case 'youtube':
      return `${u.origin}${u.pathname}/videos`;
    case 'wechat':
      return u.href;
    case 'weibo':
      return `${u.origin}/api/container/getIndex?type=uid&value=${u.pathname.split('/')[2] ?? ''}`;
    case 'bilibili':
      return `${u.origin}/x/web-interface/card?mid=${u.pathname.slice(1)}`;
    default:
      return null;
  }
}

/** The post times a page shows and the page to read next, if any. */
export function multiPageRead(platform: string, pageUrl: string, text: string): { times: Array<string | undefined>; next?: string } {
  const origin = new URL(pageUrl).origin;
  switch (platform) {
    case 'bluesky': {
      const answer = JSON.parse(text) as {
        did?: string;
        feed?: Array<{ post: { record: { createdAt?: string } }; reason?: { indexedAt?: string } }>;
      };
      if (answer.feed) return { times: answer.feed.map((item) => item.reason?.indexedAt ?? item.post.record.createdAt) };
      return { times: [], next: `${origin}/xrpc/app.bsky.feed.getAuthorFeed?actor=${answer.did}&limit=20&includePins=true` };
    }
    case 'youtube': {
      if (text.startsWith('<?xml')) return { times: [...text.matchAll(/<entry>[\s\S]*?<published>([^<]+)</g)].map((m) => m[1]) };
      const channel = /"externalId":"(UC[\w-]{22})"/.exec(text)?.[1];
      return { times: [], next: `${origin}/feeds/videos.xml?channel_id=${channel}` };
    }
    case 'wechat': {
      const list = /var msgList = '([^']*)'/.exec(text)?.[1];
      if (list !== undefined) {
        const json = list
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&');
        const messages = (JSON.parse(json) as { list: Array<{ comm_msg_info: { datetime: number } }> }).list;
        return { times: messages.map((m) => new Date(m.comm_msg_info.datetime * 1000).toISOString()) };
      }
      const biz = /var biz = ""\|\|"([^"]+)"/.exec(text)?.[1] ?? '';
      return { times: [], next: `${origin}/mp/profile_ext?action=home&__biz=${encodeURIComponent(biz)}` };
    }
    case 'weibo': {
      const answer = JSON.parse(text) as { data: { userInfo?: { id: number }; cards?: Array<{ mblog?: { created_at: string } }> } };
      const user = answer.data.userInfo;
      if (user) return { times: [], next: `${origin}/api/container/getIndex?type=uid&value=${user.id}&containerid=107603${user.id}` };
      const times = (answer.data.cards ?? []).map((c) => c.mblog?.created_at).filter((t) => t !== undefined && /\+0800 \d{4}$/.test(t));
      return { times: times.map((t) => new Date(Date.parse(t!)).toISOString()) };
    }
    case 'bilibili': {
      const answer = JSON.parse(text) as {
        data: { card?: { mid: string }; items?: Array<{ modules: { module_author: { pub_ts: number } } }> };
      };
      if (answer.data.card) return { times: [], next: `${origin}/x/polymer/web-dynamic/v1/feed/space?host_mid=${answer.data.card.mid}` };
      return { times: (answer.data.items ?? []).map((i) => new Date(i.modules.module_author.pub_ts * 1000).toISOString()) };
    }
    default:
      return { times: [] };
  }
}
