/**
 * The ids of the supported platforms, apart from their adapters so that the command line's
 * help can name them without loading every parser. The registry refuses to load when the two
 * disagree, so this list cannot drift from the adapters.
 */
export const PLATFORM_IDS: readonly string[] = [
  'telegram',
  'mastodon',
  'feed',
  'html',
  'bluesky',
  'youtube',
  'wechat',
  'weibo',
  'bilibili',
];
