/** What one benchmark run reports; measured inside the process that did the work. */
export interface RunFigures {
  accountsPerSec: number;
  cpuMsPerAccount: number;
  peakRssMb: number;
  seconds: number;
  pagesFetched: number;
  /** Accounts whose newest post time the run could not read (should be 0: every page is healthy). */
  unread: number;
}

/** Runs `work` and measures wall time, CPU time and peak resident memory of this process. */
export async function measure(accounts: number, work: () => Promise<{ pagesFetched: number; unread: number }>): Promise<RunFigures> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { pagesFetched, unread } = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    accountsPerSec: round(accounts / seconds),
    cpuMsPerAccount: round((cpu.user + cpu.system) / 1000 / accounts),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    seconds: round(seconds),
    pagesFetched,
    unread,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
