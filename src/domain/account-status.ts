/** 活跃, 临近睡眠, 睡眠(两周未更新), 僵尸, 空壳, 已关停, 未知: an account as judged from its observations. */
export type Status = 'active' | 'drifting' | 'sleeping' | 'zombie' | 'empty' | 'closed' | 'unknown';

export const STATUSES: readonly Status[] = ['active', 'drifting', 'sleeping', 'zombie', 'empty', 'closed', 'unknown'];

/** The order tables and lists show statuses in: the most urgent trouble first, an account known to be fine last. */
export const WORST_FIRST: readonly Status[] = ['zombie', 'sleeping', 'empty', 'drifting', 'unknown', 'closed', 'active'];
