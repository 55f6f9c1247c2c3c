import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUnderTest, type ApiUnderTest } from '../../../tests/support/api-app.ts';
import type { Account } from '../../accounts/account.ts';
import { importAccounts } from '../../store/accounts-repository.ts';

const STATUSES = ['active', 'drifting', 'sleeping', 'zombie', 'empty', 'unknown'] as const;

/**
 * The dashboard in a real browser: sign in through the form, the overview, the accounts table
 * filtered by status. Screenshots go to a temporary folder (its path is printed) for a person
 * to look at; `SLEEPWATCH_SCREENSHOTS` chooses another.
 */
describe('the dashboard in Chromium', () => {
  let api: ApiUnderTest;
  let browser: Browser;
  let base: string;
  let shots: string;

  beforeAll(async () => {
    api = await openApiUnderTest('pglite', { SLEEPWATCH_LOCALE: 'zh-CN' });
    const db = api.context.store.db;
    const accounts: Account[] = Array.from({ length: 24 }, (_, i) => ({
      platform: ['weibo', 'bilibili', 'douyin'][i % 3]!,
      url: `https://example.org/b${i}`,
      name: i === 0 ? '<img src=x onerror=alert(1)>' : `市${['教育局', '卫健委', '文旅局', '交通局'][i % 4]}发布 ${i}`,
      unit: ['市教育局', '市卫健委', '市文旅局'][i % 3]!,
      region: null,
      group: null,
      policy: null,
      intervalMs: 86_400_000,
      timeZone: 'Asia/Shanghai',
      options: {},
    }));
    await importAccounts(db, accounts, new Date());
    for (const row of await db.selectFrom('accounts').select(['id', 'url']).execute()) {
      const i = Number(/b(\d+)$/.exec(row.url)![1]);
      await db
        .updateTable('account_state')
        .set({
          status: STATUSES[i % STATUSES.length]!,
          days_silent: i * 2,
          last_post_at: new Date(Date.now() - i * 2 * 86_400_000),
          last_post_excerpt: i === 0 ? '<script>alert(1)</script>' : `第 ${i} 条动态的摘要`,
          last_checked_at: new Date(),
        })
        .where('account_id', '=', row.id)
        .execute();
    }
    base = await api.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    shots = process.env.SLEEPWATCH_SCREENSHOTS ?? (await mkdtemp(path.join(tmpdir(), 'sleepwatch-dashboard-shots-')));
    console.log(`dashboard screenshots: ${shots}`);
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('signs in through the form, shows the overview and the accounts, and filters by status', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused/i.test(message.text())) violations.push(message.text());
    });

    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.screenshot({ path: path.join(shots, '1-signin.png') });
    await page.getByLabel('API 令牌').fill(api.tokens.viewer);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    await expect(page.getByRole('heading', { name: '按状态统计账号' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(shots, '2-overview.png'), fullPage: true });

    await page.getByRole('link', { name: '账号', exact: true }).click();
    await page.waitForURL(`${base}/accounts`);
    await page.screenshot({ path: path.join(shots, '3-accounts.png'), fullPage: true });
    await page.getByLabel('状态', { exact: true }).selectOption('sleeping');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/status=sleeping/);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('main table tbody .status').allTextContents()).toEqual(['睡眠', '睡眠', '睡眠', '睡眠']);
    await page.screenshot({ path: path.join(shots, '4-accounts-sleeping.png'), fullPage: true });

    await page.goto(`${base}/accounts?lang=en`);
    await page.screenshot({ path: path.join(shots, '5-accounts-en.png'), fullPage: true });
    await page.getByRole('link', { name: '<img src=x onerror=alert(1)>' }).click();
    await page.waitForURL(/\/accounts\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('<img src=x onerror=alert(1)>');
    await page.screenshot({ path: path.join(shots, '6-account.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/signin`);

    // The hostile name and excerpt were shown as text: nothing ran, and the stylesheet was allowed.
    expect(dialogs).toEqual([]);
    expect(violations).toEqual([]);
  }, 60_000);
});
