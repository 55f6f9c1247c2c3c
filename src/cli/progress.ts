import { SingleBar } from 'cli-progress';

/** A progress bar on stderr, shown only on a terminal so pipes and files stay clean. */
export function progressBar(total: number): { tick: () => void; stop: () => void } {
  if (!process.stderr.isTTY || total === 0) return { tick() {}, stop() {} };
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'checking {bar} {value}/{total} accounts | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
