import { timeline, type FakePost } from '../timeline.ts';
import { escapeHtml, HTML_TYPE, isoSecondsAtOffset, JSON_TYPE, pad2, type PageContext, type RenderedPage } from './page.ts';

/**
 * A generic profile page of the kind many Chinese platforms and local sites serve, in two
 * builds: rendered on the server (`/pages/KEY`), and an app shell that fetches its data and
 * renders the same markup in the browser (`/app/KEY`), which only a browser can read.
 */

const LIST_SIZE = 20;
const CHINA_OFFSET_MINUTES = 480;

/** Class names the page uses; a redesign swaps them all. */
interface ProfileClasses {
  profile: string;
  name: string;
  followers: string;
  posts: string;
  post: string;
  pinned: string;
  noPosts: string;
}

const CLASSES: ProfileClasses = {
  profile: 'profile',
  name: 'name',
  followers: 'followers',
  posts: 'posts',
  post: 'post',
  pinned: 'pinned',
  noPosts: 'no-posts',
};
const REDESIGNED: ProfileClasses = {
  profile: 'user-card',
  name: 'nickname',
  followers: 'fans-count',
  posts: 'feed-list',
  post: 'feed-item',
  pinned: 'is-top',
  noPosts: 'feed-empty',
};

/** The selectors an accounts file gives the generic html adapter for these pages. */
export function profileOptions(render: 'http' | 'browser'): Record<string, string> {
  return {
    lastPost: `.${CLASSES.post} time@datetime`,
    followers: `.${CLASSES.followers}`,
    posts: `.${CLASSES.post}`,
    name: `.${CLASSES.name}`,
    empty: `.${CLASSES.noPosts}`,
    render,
  };
}

/** What both builds show, as the app's data endpoint serves it. */
interface ProfileData {
  name: string;
  followers: string;
  posts: Array<{ id: number; url: string; text: string; datetime: string; display: string; pinned: boolean }>;
}

function profileData(ctx: PageContext): ProfileData {
  const prefix = ctx.account.variant === 'browser' ? 'app' : 'pages';
  return {
    name: ctx.account.displayName,
    followers: `${formatChineseCount(ctx.account.followers)} 粉丝`,
    posts: timeline(ctx.account, ctx.now, LIST_SIZE).map((post: FakePost) => ({
      id: post.seq,
      url: `/${prefix}/${ctx.account.key}/posts/${post.seq}`,
      text: post.text,
      datetime: isoSecondsAtOffset(post.at, CHINA_OFFSET_MINUTES),
      display: chineseDisplayTime(post.at),
      pinned: post.pinned,
    })),
  };
}

/** GET /pages/KEY: the server-rendered build. */
export function renderStaticProfile(ctx: PageContext): RenderedPage {
  const c = ctx.changedMarkup ? REDESIGNED : CLASSES;
  const data = profileData(ctx);
  const list = data.posts.length
    ? `<ul class="${c.posts}">\n${data.posts
        .map(
          (p) =>
            `    <li class="${p.pinned ? `${c.post} ${c.pinned}` : c.post}" data-id="${p.id}">` +
            `${p.pinned ? '<span class="badge">置顶</span>' : ''}` +
            `<a href="${p.url}">${escapeHtml(p.text)}</a><time datetime="${p.datetime}">${p.display}</time></li>`,
        )
        .join('\n')}\n  </ul>`
    : `<p class="${c.noPosts}">还没有发布内容</p>`;
  return html(`<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${escapeHtml(data.name)} - 个人主页</title></head>
<body>
<div class="${c.profile}">
  <h1 class="${c.name}">${escapeHtml(data.name)}</h1>
  <span class="${c.followers}">${data.followers}</span>
  ${list}
</div>
</body>
</html>
`);
}

/** GET /app/KEY: an empty shell whose script fetches the data and renders the static build's markup. */
export function renderAppShell(ctx: PageContext): RenderedPage {
  const c = ctx.changedMarkup ? REDESIGNED : CLASSES;
  const dataUrl = JSON.stringify(`/app/${ctx.account.key}/data.json`);
  return html(`<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>加载中…</title></head>
<body>
<div id="app"></div>
<script>
(async function () {
  var c = ${JSON.stringify(c)};
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  var data = await (await fetch(${dataUrl})).json();
  document.title = data.name + ' - 个人主页';
  var root = el('div', c.profile);
  root.appendChild(el('h1', c.name, data.name));
  root.appendChild(el('span', c.followers, data.followers));
  if (data.posts.length === 0) {
    root.appendChild(el('p', c.noPosts, '还没有发布内容'));
  } else {
    var list = el('ul', c.posts);
    data.posts.forEach(function (p) {
      var li = el('li', p.pinned ? c.post + ' ' + c.pinned : c.post);
      li.setAttribute('data-id', String(p.id));
      if (p.pinned) li.appendChild(el('span', 'badge', '置顶'));
      var a = el('a', '', p.text);
      a.href = p.url;
      li.appendChild(a);
      var t = el('time', '', p.display);
      t.setAttribute('datetime', p.datetime);
      li.appendChild(t);
      list.appendChild(li);
    });
    root.appendChild(list);
  }
  document.getElementById('app').appendChild(root);
})();
</script>
</body>
</html>
`);
}

/** GET /app/KEY/data.json: what the shell's script fetches. */
export function renderAppData(ctx: PageContext): RenderedPage {
  return { status: 200, contentType: JSON_TYPE, body: JSON.stringify(profileData(ctx)) };
}

/** Counts as Chinese sites print them: exact below 10 000, then "1.2万", "3.4亿" (rounded down). */
export function formatChineseCount(n: number): string {
  if (n < 10_000) return String(n);
  const [value, unit] = n >= 100_000_000 ? [n / 100_000_000, '亿'] : [n / 10_000, '万'];
  return `${Math.floor(value * 10) / 10}${unit}`;
}

/** "2025年7月10日 14:30" in China time. */
function chineseDisplayTime(at: Date): string {
  const d = new Date(at.getTime() + CHINA_OFFSET_MINUTES * 60_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

function html(body: string): RenderedPage {
  return { status: 200, contentType: HTML_TYPE, body };
}
