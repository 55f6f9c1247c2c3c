import { pick, type Random } from './random.ts';

/**
 * Display names and url-safe keys for simulated accounts: the kind of units that run public
 * accounts (district offices, bureaus, campus groups), in Chinese and in English.
 */

const CHINESE_PLACES: ReadonlyArray<readonly [string, string]> = [
  ['南京', 'nanjing'],
  ['江宁', 'jiangning'],
  ['玄武', 'xuanwu'],
  ['秦淮', 'qinhuai'],
  ['鼓楼', 'gulou'],
  ['建邺', 'jianye'],
  ['栖霞', 'qixia'],
  ['雨花台', 'yuhuatai'],
  ['浦口', 'pukou'],
  ['六合', 'luhe'],
  ['溧水', 'lishui'],
  ['高淳', 'gaochun'],
  ['苏州', 'suzhou'],
  ['无锡', 'wuxi'],
  ['常州', 'changzhou'],
  ['镇江', 'zhenjiang'],
  ['扬州', 'yangzhou'],
  ['泰州', 'taizhou'],
  ['南通', 'nantong'],
  ['盐城', 'yancheng'],
  ['淮安', 'huaian'],
  ['宿迁', 'suqian'],
  ['连云港', 'lianyungang'],
  ['徐州', 'xuzhou'],
];

const CHINESE_STREETS: ReadonlyArray<readonly [string, string]> = [
  ['湖熟街道', 'hushu'],
  ['秣陵街道', 'moling'],
  ['东山街道', 'dongshan'],
  ['淳化街道', 'chunhua'],
  ['禄口街道', 'lukou'],
  ['横溪街道', 'hengxi'],
  ['谷里街道', 'guli'],
  ['汤山街道', 'tangshan'],
  ['麒麟街道', 'qilin'],
  ['江宁街道', 'jiangningjd'],
  ['梅山街道', 'meishan'],
  ['仙林街道', 'xianlin'],
];

const CHINESE_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['市场监管', 'scjg'],
  ['发布', 'fabu'],
  ['公安', 'gongan'],
  ['教育', 'jiaoyu'],
  ['卫健委', 'wjw'],
  ['文旅', 'wenlv'],
  ['团委', 'tuanwei'],
  ['融媒体中心', 'rongmei'],
  ['交警', 'jiaojing'],
  ['消防', 'xiaofang'],
  ['税务', 'shuiwu'],
  ['人社', 'renshe'],
  ['生态环境', 'shengtai'],
  ['应急管理', 'yingji'],
  ['气象', 'qixiang'],
  ['图书馆', 'tushuguan'],
  ['妇联', 'fulian'],
  ['司法', 'sifa'],
  ['城管', 'chengguan'],
  ['民政', 'minzheng'],
];

const STREET_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['', 'jd'],
  ['社区', 'shequ'],
  ['便民服务', 'bianmin'],
  ['党建', 'dangjian'],
  ['志愿者', 'zhiyuan'],
];

const ENGLISH_PLACES: ReadonlyArray<readonly [string, string]> = [
  ['Campus', 'campus'],
  ['City', 'city'],
  ['Riverside', 'riverside'],
  ['Harbour', 'harbour'],
  ['North Hill', 'northhill'],
  ['Lakeside', 'lakeside'],
  ['Old Town', 'oldtown'],
  ['West End', 'westend'],
  ['Eastgate', 'eastgate'],
  ['Valley', 'valley'],
];

const ENGLISH_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['Radio', 'radio'],
  ['Library', 'library'],
  ['Council', 'council'],
  ['Health Office', 'health'],
  ['Museum', 'museum'],
  ['Fire Service', 'fire'],
  ['Transit', 'transit'],
  ['Student Union', 'union'],
  ['Weather Desk', 'weather'],
  ['Archives', 'archives'],
  ['Press Office', 'press'],
  ['Sports Club', 'sports'],
];

export interface AccountName {
  displayName: string;
  /** Lowercase letters, digits and underscores: valid as a Telegram or Mastodon username and in a URL path. */
  slug: string;
  /** Posts of this account are written in Chinese. */
  chinese: boolean;
}

/** A plausible account name; about two in three are Chinese government or campus units. */
export function randomName(random: Random): AccountName {
  const r = random();
  if (r < 0.45) {
    const [place, placeSlug] = pick(random, CHINESE_PLACES);
    const [unit, unitSlug] = pick(random, CHINESE_UNITS);
    return { displayName: `${place}${unit}`, slug: `${placeSlug}_${unitSlug}`, chinese: true };
  }
  if (r < 0.65) {
    const [street, streetSlug] = pick(random, CHINESE_STREETS);
    const [unit, unitSlug] = pick(random, STREET_UNITS);
    return { displayName: `${street}${unit}`, slug: `${streetSlug}_${unitSlug}`, chinese: true };
  }
  const [place, placeSlug] = pick(random, ENGLISH_PLACES);
  const [unit, unitSlug] = pick(random, ENGLISH_UNITS);
  return { displayName: `${place} ${unit}`, slug: `${placeSlug}_${unitSlug}`, chinese: false };
}
