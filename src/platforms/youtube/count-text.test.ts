import { describe, expect, it } from 'vitest';
import { isSubscriberText, isVideoCountText, readYoutubeCount } from './count-text.ts';

describe('readYoutubeCount', () => {
  it.each([
    ['25M subscribers', 25_000_000, true, 1_000_000],
    ['25m subscribers', 25_000_000, true, 1_000_000],
    ['13.9万位订阅者', 139_000, true, 1_000],
    ['2.5 crore subscribers', 25_000_000, true, 1_000_000],
    ['1.25 crore subscribers', 12_500_000, true, 100_000],
    ['12 lakh subscribers', 1_200_000, true, 100_000],
    ['4.5 लाख सब्सक्राइबर', 450_000, true, 10_000],
    ['1 subscriber', 1, false, 1],
    ['337 videos', 337, false, 1],
  ])('reads "%s" as %d (approximate: %s)', (text, value, approximate, resolution) => {
    expect(readYoutubeCount(text)).toMatchObject({ value, approximate, resolution, lowerBound: false });
  });

  it('reads no number as no count, never zero', () => {
    expect(readYoutubeCount('No subscribers')).toBeNull();
  });
});

describe('header count words', () => {
  it.each(['25M subscribers', '13.9万位订阅者', '2.5 crore subscribers', '1,2 k abonnés', 'チャンネル登録者数 12.3万人'])(
    'knows "%s" as subscribers',
    (text) => {
      expect(isSubscriberText(text)).toBe(true);
      expect(isVideoCountText(text)).toBe(false);
    },
  );

  it.each(['337 videos', '86个视频', '1 video', '412 vídeos'])('knows "%s" as a video count', (text) => {
    expect(isVideoCountText(text)).toBe(true);
    expect(isSubscriberText(text)).toBe(false);
  });

  it('does not take a handle for either', () => {
    expect(isSubscriberText('@harbourweather')).toBe(false);
    expect(isVideoCountText('@harbourweather')).toBe(false);
  });
});
