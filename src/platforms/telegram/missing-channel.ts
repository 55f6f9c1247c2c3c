import type { CheerioAPI } from 'cheerio/slim';

/** Channels and groups show their audience on the contact page; a missing username shows none. */
const AUDIENCE_COUNTER = /\b(subscribers?|members?|followers?)\b/i;

/**
 * Whether a page is t.me's contact page for a username with no channel behind it: the preview of
 * a missing channel redirects there, and it shows only "If you have Telegram, you can contact @x
 * right away". A person's page looks the same; for a channel watcher that too means the channel
 * is gone. A channel whose preview is merely unavailable shows its subscriber count there, so it
 * is not taken for a missing one.
 */
export function isMissingChannelPage($: CheerioAPI): boolean {
  if ($('.tgme_page').length === 0 || $('.tgme_channel_info').length > 0) return false;
  if (AUDIENCE_COUNTER.test($('.tgme_page_extra').text())) return false;
  const description = $('.tgme_page_description');
  return description.find('.tgme_username_link').length > 0 && /you can contact\b[\s\S]*\bright away/i.test(description.text());
}
