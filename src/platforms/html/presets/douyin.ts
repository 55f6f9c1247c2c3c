import type { HtmlPreset } from './preset.ts';

/** Where the profile data sits in Douyin's server-rendered state: under a numeric key that changes between releases. */
const PROFILE = '$.*';

/**
 * A Douyin (抖音) profile. The grid of videos shows no dates, so the times come from the state
 * the server renders into `<script id="RENDER_DATA">` (percent-encoded JSON): each post's
 * `createTime` in Unix seconds, beside the user's counts.
 */
export const douyin: HtmlPreset = {
  id: 'douyin',
  page: 'https://www.douyin.com/user/<sec_uid>',
  reads:
    'name, followers and total posts from the user in RENDER_DATA; ' +
    'post times (createTime) of the posts the page rendered with it, pinned ones included',
  limits:
    'needs the browser (Douyin answers plain HTTP with a script challenge); ' +
    'when a release no longer embeds the posts in RENDER_DATA, or a verify page ("验证码") shows, the look is unknown, never silent',
  options: {
    render: 'browser',
    // The visible header: the state script is never "visible", so waiting for it would always time out.
    waitFor: '[data-e2e="user-info"], [data-e2e="user-post-list"]',
    jsonScript: 'script#RENDER_DATA',
    lastPost: `${PROFILE}.post.data[*].createTime`,
    posts: `${PROFILE}.post.data[*]`,
    name: `${PROFILE}.user.user.nickname`,
    followers: `${PROFILE}.user.user.followerCount`,
    postsCount: `${PROFILE}.user.user.awemeCount`,
    // The account's own post count: 0 says no posts; an empty list alone could be a list not loaded.
    empty: `${PROFILE}.user.user.awemeCount`,
  },
};
