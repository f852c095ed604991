// How long code keeps the event loop busy, for the tests that bound it (audit-checkpoint.load,
// documents). The machine's two cores are shared by several test runs, so a late timer (wall time)
// also holds the time the OS gave the cores to other processes; and the process's CPU time
// (process.cpuUsage) holds its other threads' — the collector's helpers, libuv's pool — which run
// beside the loop and do not hold it. Under three busy loops beside it, the process counted 71 ms
// in a gap where the loop's own thread ran 27 ms. What the code itself kept the loop busy is the
// loop thread's CPU time within a gap.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * CPU time of the calling thread in ms: on Linux the event loop's own thread
 * (/proc/thread-self/schedstat: nanoseconds on a CPU), elsewhere the whole process's.
 */
export const threadCpuMs: () => number = (() => {
  const file = '/proc/thread-self/schedstat';
  try {
    fs.readFileSync(file, 'utf8');
    return () => Number(fs.readFileSync(file, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return () => {
      const c = process.cpuUsage();
      return (c.user + c.system) / 1000;
    };
  }
})();

export interface LoopMeasure<T> {
  value: T;
  /** the longest the loop's thread ran within one gap between 5 ms timer ticks */
  maxBusyMs: number;
  /** the longest gap between ticks, wall time */
  maxGapMs: number;
  /** perf_hooks' event-loop delay histogram's maximum, wall time */
  histMaxMs: number;
  /** how long `fn` took, wall time */
  ms: number;
}

/** Runs `fn` with a 5 ms timer beside it and measures the longest the event loop was kept from it. */
export async function measureEventLoop<T>(fn: () => Promise<T>): Promise<LoopMeasure<T>> {
  const hist = monitorEventLoopDelay({ resolution: 10 });
  let last = performance.now();
  let lastCpu = threadCpuMs();
  let maxGapMs = 0;
  let maxBusyMs = 0;
  const sample = () => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const gap = now - last;
    maxGapMs = Math.max(maxGapMs, gap);
    maxBusyMs = Math.max(maxBusyMs, Math.min(gap, cpu - lastCpu));
    last = now;
    lastCpu = threadCpuMs();
  };
  const tick = setInterval(sample, 5);
  hist.enable();
  const t0 = performance.now();
  try {
    const value = await fn();
    const ms = performance.now() - t0;
    sample();
    return { value, maxBusyMs, maxGapMs, histMaxMs: hist.max / 1e6, ms };
  } finally {
    clearInterval(tick);
    hist.disable();
  }
}
