/**
 * More `sleepwatch worker` processes for a sweep, started before it is timed: how an
 * installation scales out on one machine. Their CPU time is read from /proc, so a sweep can
 * report the client CPU of every worker process together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ownCpuMs } from './server-cpu.ts';

export interface ExtraWorkers {
  /** CPU ms the worker processes have used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export async function startExtraWorkers(count: number, env: Record<string, string>, concurrency: number): Promise<ExtraWorkers> {
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
          }),
      ),
    );
  };
  try {
    for (let i = 0; i < count; i++) {
      const child = spawn(process.execPath, ['bin/sleepwatch.mjs', 'worker', '--concurrency', String(concurrency)], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      children.push(child);
      await ready(child);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    cpuMs: () => children.reduce((sum, child) => sum + ownCpuMs(child.pid), 0),
    stop,
  };
}

/** A worker says on stderr which queue it serves once it takes jobs. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    const seen: string[] = [];
    lines.on('line', (line) => {
      seen.push(line);
      if (line.includes('sleepwatch worker: queue on')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`a worker process exited with ${code} before it was ready: ${seen.slice(-3).join(' | ')}`)),
    );
  });
}
