import { douyin } from './douyin.ts';
import type { HtmlPreset } from './preset.ts';
import { toutiao } from './toutiao.ts';

export type { HtmlPreset, PresetOptions } from './preset.ts';

/** Every preset, by the name accounts give in `options.preset`. */
export const htmlPresets: readonly HtmlPreset[] = [douyin, toutiao];

export const presetIds: readonly string[] = htmlPresets.map((preset) => preset.id);

export function findPreset(id: string): HtmlPreset | undefined {
  return htmlPresets.find((preset) => preset.id === id);
}
