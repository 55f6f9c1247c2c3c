import { parseCount, type CountReading } from '../../parsing/count.ts';

/**
 * Words that mark a header count as subscribers, in the languages YouTube's header is served in
 * most for our accounts' audiences. A count in any other wording is not guessed at.
 */
const SUBSCRIBER_WORDS = new RegExp(
  [
    'subscriber',
    '订阅者',
    '訂閱者',
    '訂閱人數',
    'チャンネル登録者',
    '구독자',
    'abonné',
    'abonnent',
    'suscriptor',
    'inscrito',
    'iscritt',
    'подписчик',
    'người đăng ký',
    'सब्सक्राइबर',
  ].join('|'),
  'i',
);

/** Words that mark a header count as the channel's number of videos. */
const VIDEO_WORDS = /\bvideos?\b|vídeos?|vidéos?|个视频|個影片|部影片|本の動画|동영상|видео|वीडियो/i;

export const isSubscriberText = (text: string): boolean => SUBSCRIBER_WORDS.test(text);
export const isVideoCountText = (text: string): boolean => VIDEO_WORDS.test(text);

/** South Asian units YouTube uses for India ("2.5 crore subscribers", "12 lakh subscribers"). */
const INDIAN_UNIT = /(?<![\d.,])(\d+(?:\.\d+)?)\s*(crore|lakh|करोड़|लाख)/i;
const INDIAN_MULTIPLIERS: Readonly<Record<string, number>> = { crore: 1e7, करोड़: 1e7, lakh: 1e5, लाख: 1e5 };

/**
 * Reads a count as YouTube prints it. The general reader knows K, M, 万 and the like; crore and
 * lakh are read here because only YouTube's Indian locales print them.
 */
export function readYoutubeCount(text: string): CountReading | null {
  const indian = INDIAN_UNIT.exec(text);
  if (indian?.[1] && indian[2]) {
    const multiplier = INDIAN_MULTIPLIERS[indian[2].toLowerCase()] ?? INDIAN_MULTIPLIERS[indian[2]];
    if (multiplier !== undefined) {
      const decimals = indian[1].split('.')[1]?.length ?? 0;
      return {
        value: Math.round(Number(indian[1]) * multiplier),
        approximate: true,
        lowerBound: false,
        resolution: Math.max(1, Math.round(multiplier / 10 ** decimals)),
      };
    }
  }
  return parseCount(text);
}
