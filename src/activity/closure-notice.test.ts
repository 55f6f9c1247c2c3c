import { describe, expect, it } from 'vitest';
import { readClosureNotice } from './closure-notice.ts';

describe('readClosureNotice', () => {
  describe('reads a notice that names where service moved, and returns the bare name', () => {
    it.each([
      ['本账号将于2024年1月1日起停止更新，相关信息迁移至“南京食药监”微信公众号发布', '停止更新', '南京食药监'],
      ['本号停更，请关注“魅力湖熟”', '停更', '魅力湖熟'],
      ['本公众号即日起不再更新，今后请关注「江宁发布」官方微博。', '不再更新', '江宁发布'],
      ['因机构改革，本账号暂停更新，今后请关注《南京市场监管》公众号', '暂停更新', '南京市场监管'],
      ['本号内容已整合至"南京发布"微信公众号', '整合至', '南京发布'],
      ['相关信息迁移到南京食药监微信公众号发布', '迁移到', '南京食药监'],
      ['本号将于近日注销，敬请关注我们的新账号“玄武发布”', '注销', '玄武发布'],
      ['本账号已停止运营，服务并入“我的南京”客户端', '停止运营', '我的南京'],
      ['本号停更，新账号：@南京发布微博', '停更', '@南京发布'],
      ['This account will no longer be updated. Please follow @CityOfExample for news.', 'will no longer be updated', '@CityOfExample'],
      ['We have moved to @example@mastodon.social. See you there!', 'We have moved to', '@example@mastodon.social'],
      ['This channel is closed. Our new home: https://t.me/example_news.', 'This channel is closed', 'https://t.me/example_news'],
      ['This account has closed; find us at @example.bsky.social', 'This account has closed', '@example.bsky.social'],
      ["We've moved to Bluesky: follow our new account 'City Hall News'", "We've moved to", 'City Hall News'],
      ['本号停更，请关注“南京发布微信公众号”', '停更', '南京发布微信公众号'],
      ['为进一步整合资源，本号将并入“南京发布”', '并入', '南京发布'],
      ['请关注“魅力湖熟”。本号自2024年起停更', '停更', '魅力湖熟'],
    ])('%s → %s, %s', (text, phrase, target) => {
      expect(readClosureNotice(text)).toEqual({ phrase, target });
    });
  });

  describe('reads a notice that names no target (to be flagged for it)', () => {
    it.each([
      ['本账号已注销', '注销'],
      ['本账号将于2024年1月1日起正式注销', '注销'],
      ['本号停更', '停更'],
      ['本账号因工作调整，将于近日注销。感谢大家一直以来的关注与支持！', '注销'],
      ['本微博即日起停止更新，感谢关注。', '停止更新'],
      ['经研究决定，注销本公众号', '注销'],
      ['This account is no longer updated.', 'no longer updated'],
      ['This account is no longer active. Thank you for following!', 'This account is no longer active'],
      ['Our page will be discontinued at the end of March.', 'Our page will be discontinued'],
      ['This Twitter account is now closed and no longer monitored', 'This Twitter account is now closed'],
    ])('%s → %s, no target', (text, phrase) => {
      expect(readClosureNotice(text)).toEqual({ phrase, target: null });
    });
  });

  describe('ignores ordinary posts', () => {
    it.each([
      ['欢迎关注我们，获取最新资讯'],
      ['近期气温骤降，请关注天气变化'],
      ['请关注“南京发布”微信公众号报名参加本周末的活动'],
      ['请关注“某某”活动'],
      ['某某路段临时关停，请绕行'],
      ['本号提醒：某某路段临时关停，请绕行'],
      ['停车场暂停使用，请市民合理安排出行'],
      ['您反映的问题已转至相关部门办理'],
      ['因天气原因，活动移至室内举行'],
      ['市食药监局职能并入市场监管局'],
      ['我们会不停更新内容，敬请期待'],
      ['日本号称将关停部分核电站'],
      ['如何注销账号？点击查看教程'],
      ['该账号已被依法注销'],
      ['本平台将于今晚停止使用旧版页面'],
      ['即日起，会议资料迁移至“市民中心”'],
      ['Updated opening hours for the library'],
      ['The concert has been moved to Friday'],
      ['We have moved to a new office on Main Street'],
      ['This page shows which roads are closed today'],
      ['Please follow @CityTraffic for road updates'],
      ['The ferry service will be discontinued in winter'],
      [''],
    ])('%s → null', (text) => {
      expect(readClosureNotice(text)).toBeNull();
    });
  });
});
