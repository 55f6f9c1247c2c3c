import type { HtmlPreset } from './preset.ts';

/** The three kinds of card a Toutiao profile lists: articles, 微头条 (short posts) and videos. */
const CARDS = ['.profile-article-card-wrapper', '.profile-wtt-card-wrapper', '.profile-normal-video-card-wrapper'];

/**
 * A Toutiao (今日头条) profile, rendered by scripts: feed cards with relative times ("3小时前",
 * "昨天 14:22", "07-18") read against the fetch time in the account's time zone.
 */
export const toutiao: HtmlPreset = {
  id: 'toutiao',
  page: 'https://www.toutiao.com/c/user/token/<token>/',
  reads: 'name and followers ("12.3万粉丝") from the header; the time of every feed card shown (articles, 微头条, videos)',
  limits:
    'needs the browser; reads the cards of the first screen of the default tab; ' +
    'relative times are as exact as the page prints them (hour, minute or day); ' +
    'a profile with no posts at all reads unknown (no empty marker)',
  options: {
    render: 'browser',
    posts: CARDS.join(', '),
    lastPost: CARDS.map((card) => `${card} .feed-card-footer-time-cmp, ${card} .time`).join(', '),
    name: '.profile-info-wrapper .name',
    followers: '.profile-info-wrapper .relation-stat .stat-item:contains("粉丝")',
  },
};
