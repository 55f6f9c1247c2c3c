/** The languages reasons, feeds, webhooks and e-mails are written in. */
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
