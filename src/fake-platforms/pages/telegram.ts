import { seededRandom } from '../random.ts';
import { timeline, type FakePost } from '../timeline.ts';
import { escapeHtml, HTML_TYPE, isoSecondsUtc, pad2, type PageContext, type RenderedPage } from './page.ts';

/**
 * The t.me/s/<channel> public preview: channel header with the subscriber counter, then the
 * history oldest first (newest post last), a "load more" placeholder on top, a service
 * message somewhere in the middle and now and then a forwarded post.
 */

/** Posts on one preview page, like the real one. */
const PAGE_SIZE = 20;

export function renderTelegramPreview(ctx: PageContext): RenderedPage {
  const { account, base } = ctx;
  const key = escapeHtml(account.key);
  const name = escapeHtml(account.displayName);
  // The preview has no pinned slot: history runs oldest first, newest last.
  const posts = timeline({ ...account, pinnedOld: false }, ctx.now, PAGE_SIZE).reverse();
  const counter = formatTelegramCount(account.followers);
  const counters =
    channelCounter(counter, 'subscribers') +
    channelCounter(Math.floor(account.postCount / 4), 'photos') +
    channelCounter(Math.floor(account.postCount / 7), 'links');
  const html = `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>${name} – Telegram</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta property="og:title" content="${name}">
    <meta property="og:site_name" content="Telegram">
    <meta property="og:description" content="${name} official channel">
  </head>
  <body class="widget_frame_base tgme_webpage_preview">
<header class="tgme_header search_collapsed">
  <div class="tgme_header_right_column">
    <section class="tgme_right_column">
      <div class="tgme_channel_info">
        <div class="tgme_channel_info_header">
          <i class="tgme_page_photo_image bgcolor${account.followers % 8}" data-content="${escapeHtml(initial(account.displayName))}"></i>
          <div class="tgme_channel_info_header_title_wrap">
            <div class="tgme_channel_info_header_title"><span dir="auto">${name}</span></div>
          </div>
          <div class="tgme_channel_info_header_username"><a href="${base}/${key}">@${key}</a></div>
        </div>
        <div class="tgme_channel_info_counters">${counters}</div>
        <div class="tgme_channel_info_description">${name} official channel</div>
      </div>
    </section>
  </div>
  <div class="tgme_header_info">
    <a class="tgme_header_link" href="${base}/${key}">
      <div class="tgme_header_title">${name}</div>
      <div class="tgme_header_counter">${counter} subscribers</div>
    </a>
  </div>
</header>
<main class="tgme_main" data-url="/${key}">
  <div class="tgme_container">
    <section class="tgme_channel_history js-message_history">
      ${renderHistory(ctx, posts)}
    </section>
  </div>
</main>
    <script src="//telegram.org/js/telegram-web.js?14"></script>
    <script>TWeb.init();
</script>
  </body>
</html>
`;
  return {
    status: 200,
    contentType: HTML_TYPE,
    body: ctx.changedMarkup ? html.replaceAll('tgme_', 'tg2_') : html,
  };
}

function channelCounter(value: string | number, type: string): string {
  return (
    '<div class="tgme_channel_info_counter">' +
    `<span class="counter_value">${value}</span> <span class="counter_type">${type}</span></div>`
  );
}

/** "8532" below ten thousand, then three significant digits: "12.3K", "247K", "1.23M", "10.1M". */
export function formatTelegramCount(n: number): string {
  if (n < 10_000) return String(n);
  const [value, unit] = n >= 1_000_000 ? [n / 1_000_000, 'M'] : [n / 1_000, 'K'];
  const decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const factor = 10 ** decimals;
  // Rounded down, so the abbreviation never claims more subscribers than there are.
  return `${Number((Math.floor(value * factor) / factor).toFixed(decimals))}${unit}`;
}

function renderHistory(ctx: PageContext, posts: FakePost[]): string {
  if (posts.length === 0) return '';
  const first = posts[0];
  // A service message ("channel photo updated") takes a message id between two posts.
  const serviceAfter = posts.length >= 3 ? (posts[Math.floor(posts.length / 2) - 1]?.seq ?? null) : null;
  const messageId = (seq: number) => (serviceAfter !== null && seq > serviceAfter ? seq + 1 : seq);
  const parts: string[] = [];
  if (first && first.seq > 1) {
    const before = messageId(first.seq);
    parts.push(
      '<div class="tgme_widget_message_centered js-messages_more_wrap">' +
        `<a href="/s/${escapeHtml(ctx.account.key)}?before=${before}" class="tme_messages_more js-messages_more" data-before="${before}">` +
        '</a></div>',
    );
  }
  for (const post of posts) {
    parts.push(renderMessage(ctx, post, messageId(post.seq)));
    if (post.seq === serviceAfter) parts.push(renderServiceMessage(ctx, post.seq + 1));
  }
  return parts.join('');
}

function renderMessage(ctx: PageContext, post: FakePost, id: number): string {
  const { account, base } = ctx;
  const key = escapeHtml(account.key);
  const name = escapeHtml(account.displayName);
  const views = formatTelegramCount(Math.round(account.followers * (0.2 + seededRandom(`${account.key}:views:${post.seq}`)())));
  const forwarded = post.repost
    ? '\n    <div class="tgme_widget_message_forwarded_from accent_color">Forwarded from ' +
      `<a class="tgme_widget_message_forwarded_from_name" href="${base}/city_news_hub"><span dir="auto">City News Hub</span></a></div>`
    : '';
  const time = `${pad2(post.at.getUTCHours())}:${pad2(post.at.getUTCMinutes())}`;
  // The long lines of the markup are built apart, so the template below still shows its line breaks.
  const opening =
    '<div class="tgme_widget_message_wrap js-widget_message_wrap">' +
    '<div class="tgme_widget_message text_not_supported_wrap js-widget_message" ' +
    `data-post="${key}/${id}" data-view="${viewToken(account.key, id)}">`;
  const user =
    `<div class="tgme_widget_message_user"><a href="${base}/${key}">` +
    `<i class="tgme_widget_message_user_photo bgcolor${account.followers % 8}" ` +
    `data-content="${escapeHtml(initial(account.displayName))}"></i>` +
    '</a></div>';
  const author =
    '<div class="tgme_widget_message_author accent_color">' +
    `<a class="tgme_widget_message_owner_name" href="${base}/${key}"><span dir="auto">${name}</span></a></div>`;
  const text =
    '<div class="media_supported_cont"><div class="tgme_widget_message_text js-message_text" dir="auto">' +
    `<b>${escapeHtml(post.title)}</b><br/><br/>${escapeHtml(post.body)}</div></div>`;
  const info =
    `<span class="tgme_widget_message_views">${views}</span><span class="copyonly"> views</span>` +
    '<span class="tgme_widget_message_meta">' +
    `<span class="tgme_widget_message_from_author" dir="auto">${name}</span>,&nbsp;` +
    `<a class="tgme_widget_message_date" href="${base}/${key}/${id}">` +
    `<time datetime="${isoSecondsUtc(post.at)}" class="time">${time}</time></a>` +
    '</span>';
  return `${opening}
  ${user}
  <div class="tgme_widget_message_bubble">
    <i class="tgme_widget_message_bubble_tail"></i>
    ${author}${forwarded}
    ${text}
    <div class="tgme_widget_message_footer compact js-message_footer">
      <div class="tgme_widget_message_info short js-message_info">
        ${info}
      </div>
    </div>
  </div>
</div></div>`;
}

function renderServiceMessage(ctx: PageContext, id: number): string {
  const opening =
    '<div class="tgme_widget_message_wrap js-widget_message_wrap">' +
    `<div class="tgme_widget_message service_message js-widget_message" data-post="${escapeHtml(ctx.account.key)}/${id}">`;
  return `${opening}
  <div class="tgme_widget_message_bubble">
    <div class="tgme_widget_message_text js-message_text" dir="auto">Channel photo updated</div>
  </div>
</div></div>`;
}

function initial(name: string): string {
  return Array.from(name)[0] ?? '?';
}

/** An opaque token like the real data-view attribute (base64 of a small JSON). */
function viewToken(key: string, id: number): string {
  return Buffer.from(JSON.stringify({ c: key.length, p: id })).toString('base64url');
}
