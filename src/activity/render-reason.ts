import type { Locale } from '../domain/locale.ts';
import { elapsedText } from '../domain/durations.ts';
import { DEPENDENCY_NAMES } from '../domain/dependency.ts';
import type { Reason } from '../domain/reason.ts';

/**
 * A reason as one sentence in the reader's language, e.g.
 * "已 11 天未更新；平时约每 2 天发布一次；距两周红线还有 3 天".
 */
export function renderReason(reason: Reason, locale: Locale): string {
  return locale === 'zh-CN' ? zh(reason) : en(reason);
}

function zh(r: Reason): string {
  switch (r.code) {
    case 'active':
      return `最近一次发布于 ${day(r.lastPostAt)}（${r.daysSilent} 天前）`;
    case 'silent': {
      const line =
        r.line === 'zombie'
          ? `已超过 ${r.zombieDays} 天僵尸线`
          : r.line === 'red-line'
            ? `已超过${redLineZh(r.redLineDays)}`
            : `距${redLineZh(r.redLineDays)}还有 ${Math.max(1, r.redLineDays - r.daysSilent)} 天`;
      return `已 ${r.daysSilent} 天未更新（最近一次发布于 ${day(r.lastPostAt)}）；${line}`;
    }
    case 'late-for-cadence':
      return `已 ${r.daysSilent} 天未更新；平时约每 ${num(r.usualGapDays)} 天发布一次；距${redLineZh(r.redLineDays)}还有 ${r.daysToRedLine} 天`;
    case 'never-posted':
      return '账号从未发布内容（空壳）';
    case 'closure-notice':
      return r.target
        ? `最新内容为关停公告（“${r.phrase}”），迁移至“${r.target}”`
        : `最新内容为关停公告（“${r.phrase}”），但未说明迁移去向`;
    case 'gone':
      return `账号页面连续 ${r.consecutiveFailures} 次无法找到，账号可能已注销`;
    case 'fetch-failed': {
      const known = r.lastKnownDaysSilent === null ? '此前状态未知' : `上次成功读取时已 ${r.lastKnownDaysSilent} 天未更新`;
      return `最近 ${r.consecutiveFailures} 次读取失败（${OUTCOME_ZH[r.outcome]}${r.error ? `：${r.error}` : ''}）；${known}`;
    }
    case 'no-post-time':
      return '页面已读取，但未找到发布时间';
    case 'unreachable': {
      const last = r.lastSuccessAt ? `；上次成功读取于 ${day(r.lastSuccessAt)}` : '；从未成功读取';
      return `连续 ${r.consecutiveFailures} 次无法读取账号页面${last}`;
    }
    case 'follower-anomaly': {
      const moved = r.direction === 'jump' ? '异常上涨' : '异常下跌';
      const bought = r.direction === 'jump' ? '；可能存在买粉' : '';
      return `${r.day} 粉丝数${moved} ${signed(r.change)}（${r.from} → ${r.to}），平时每日变化约 ${signed(r.typicalChange)}${bought}`;
    }
    case 'parser-broken':
      return `${r.platform} 最近 ${r.total} 次读取中有 ${r.failed} 次无法解析，页面结构可能已改变；相关账号暂不单独告警`;
    case 'unchecked': {
      const oldest = r.lastCheckedAt ? `；最早一次检查于 ${minute(r.lastCheckedAt)}` : '；从未检查';
      return `${r.accounts} 个账号超过两个检查周期（${num(r.intervalHours * 2)} 小时）未检查${oldest}，调度或抓取可能已停止`;
    }
    case 'infrastructure': {
      const lost = `自 ${minute(r.since)} 起与 ${DEPENDENCY_NAMES[r.dependency]}（${r.target}）的连接中断（${r.cause}）`;
      if (r.until) {
        const outage = elapsedText(Date.parse(r.until) - Date.parse(r.since), 'zh-CN');
        return `与 ${DEPENDENCY_NAMES[r.dependency]}（${r.target}）的连接已恢复，中断 ${outage}（${r.cause}）`;
      }
      return `${lost}：期间账号暂停检查，不会因此判定任何账号`;
    }
    case 'woke-up':
      return `账号已恢复更新（最新发布于 ${day(r.lastPostAt)}）`;
  }
}

function en(r: Reason): string {
  switch (r.code) {
    case 'active':
      return `last post ${day(r.lastPostAt)} (${days(r.daysSilent)} ago)`;
    case 'silent': {
      const line =
        r.line === 'zombie'
          ? `over the ${r.zombieDays}-day zombie line`
          : r.line === 'red-line'
            ? `past the ${r.redLineDays}-day red line`
            : `${days(Math.max(1, r.redLineDays - r.daysSilent))} to the ${r.redLineDays}-day red line`;
      return `silent ${days(r.daysSilent)} (last post ${day(r.lastPostAt)}); ${line}`;
    }
    case 'late-for-cadence':
      return (
        `silent ${days(r.daysSilent)}; usually posts every ${days(r.usualGapDays)}; ` +
        `${days(r.daysToRedLine)} to the ${r.redLineDays}-day red line`
      );
    case 'never-posted':
      return 'the account has never posted (empty shell)';
    case 'closure-notice':
      return r.target
        ? `the newest post is a closure notice ("${r.phrase}") naming its successor "${r.target}"`
        : `the newest post is a closure notice ("${r.phrase}") that names no successor`;
    case 'gone':
      return `the account page was not found on ${r.consecutiveFailures} fetches in a row; the account is probably deleted`;
    case 'fetch-failed': {
      const known =
        r.lastKnownDaysSilent === null ? 'nothing known before' : `silent ${days(r.lastKnownDaysSilent)} at the last successful read`;
      const fetches = r.consecutiveFailures === 1 ? 'fetch' : `${r.consecutiveFailures} fetches`;
      return `the last ${fetches} failed (${OUTCOME_EN[r.outcome]}${r.error ? `: ${r.error}` : ''}); ${known}`;
    }
    case 'no-post-time':
      return 'the page was read but showed no post time';
    case 'unreachable': {
      const last = r.lastSuccessAt ? `; last read ${day(r.lastSuccessAt)}` : '; never read';
      return `the account page could not be read ${r.consecutiveFailures} times in a row${last}`;
    }
    case 'follower-anomaly': {
      const moved = r.direction === 'jump' ? 'jumped' : 'collapsed';
      const bought = r.direction === 'jump' ? '; possibly bought followers' : '';
      return (
        `followers ${moved} by ${signed(r.change)} on ${r.day} (${r.from} → ${r.to}); ` +
        `a usual day changes by ${signed(r.typicalChange)}${bought}`
      );
    }
    case 'parser-broken':
      return (
        `${r.failed} of the last ${r.total} ${r.platform} fetches could not be parsed; ` +
        'the page layout probably changed, so its accounts are not alerted one by one'
      );
    case 'unchecked': {
      const accounts = r.accounts === 1 ? '1 account' : `${r.accounts} accounts`;
      const oldest = r.lastCheckedAt ? `; the oldest last checked ${minute(r.lastCheckedAt)}` : '; never checked';
      return (
        `${accounts} not checked for more than twice the interval (${num(r.intervalHours * 2)} hours)${oldest}: ` +
        'the scheduler or the workers may have stopped'
      );
    }
    case 'infrastructure': {
      const dependency = DEPENDENCY_NAMES[r.dependency];
      if (r.until) {
        const outage = elapsedText(Date.parse(r.until) - Date.parse(r.since));
        return `the connection to ${dependency} at ${r.target} is back after ${outage} (${r.cause})`;
      }
      return (
        `lost connection to ${dependency} at ${r.target} since ${minute(r.since)} (${r.cause}): ` +
        'accounts wait to be checked meanwhile, and none is judged by it'
      );
    }
    case 'woke-up':
      return `the account posted again (newest post ${day(r.lastPostAt)})`;
  }
}

const OUTCOME_ZH = { not_found: '页面不存在', blocked: '被平台拦截', error: '读取出错' } as const;
const OUTCOME_EN = { not_found: 'page not found', blocked: 'blocked by the platform', error: 'could not read the page' } as const;

function redLineZh(redLineDays: number): string {
  return redLineDays === 14 ? '两周红线' : `${redLineDays} 天红线`;
}

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const num = (n: number) => String(Math.round(n * 10) / 10);
const days = (n: number) => `${num(n)} day${n === 1 ? '' : 's'}`;
const signed = (n: number) => `${n > 0 ? '+' : ''}${Math.round(n)}`;
