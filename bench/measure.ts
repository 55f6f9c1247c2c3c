/** Wall time, CPU time and peak memory of one measured run; measured inside the process that did the work. */
export interface Timing {
  accountsPerSec: number;
  cpuMsPerAccount: number;
  peakRssMb: number;
  seconds: number;
}

/** What one run of `check`'s path or of the baseline reports. */
export interface RunFigures extends Timing {
  pagesFetched: number;
  /** Accounts whose newest post time the run could not read (should be 0: every page is healthy). */
  unread: number;
}

/**
 * Runs `work` and measures wall time, CPU time and peak resident memory of this process,
 * per account; whatever `work` returns is reported beside them.
 */
export async function measure<T extends object>(accounts: number, work: () => Promise<T>): Promise<Timing & T> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    accountsPerSec: round(accounts / seconds),
    cpuMsPerAccount: round((cpu.user + cpu.system) / 1000 / accounts),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    seconds: round(seconds),
    ...result,
  };
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
