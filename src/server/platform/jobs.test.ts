// The periodic job runner: interval from the environment, ticks that never overlap within one
// process, failures logged and the next tick still scheduled, stop waiting for a running tick.
import { describe, expect, it } from 'vitest';
import { DEFAULT_JOB_INTERVAL_SECONDS, jobIntervalMs, startJobRunner, type Job, type JobLog } from './jobs.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function memoryLog() {
  const lines: { level: 'info' | 'error'; obj: Record<string, unknown> }[] = [];
  const log: JobLog = { info: (obj) => lines.push({ level: 'info', obj: obj as Record<string, unknown> }), error: (obj) => lines.push({ level: 'error', obj: obj as Record<string, unknown> }) };
  return { log, lines };
}

describe('job interval (JOB_INTERVAL_SECONDS)', () => {
  it('defaults, reads seconds, disables with 0 and refuses nonsense', () => {
    expect(jobIntervalMs({})).toBe(DEFAULT_JOB_INTERVAL_SECONDS * 1000);
    expect(jobIntervalMs({ JOB_INTERVAL_SECONDS: '60' })).toBe(60_000);
    expect(jobIntervalMs({ JOB_INTERVAL_SECONDS: '0' })).toBeNull();
    expect(() => jobIntervalMs({ JOB_INTERVAL_SECONDS: '-5' })).toThrow('JOB_INTERVAL_SECONDS 无效');
    expect(() => jobIntervalMs({ JOB_INTERVAL_SECONDS: 'abc' })).toThrow('JOB_INTERVAL_SECONDS 无效');
  });
});

describe('job runner', () => {
  it('runs the jobs periodically without overlapping, logs failures and keeps going', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const slow: Job = {
      name: 'slow',
      run: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(30);
        running--;
        runs++;
        return { runs };
      },
    };
    const failing: Job = { name: 'failing', run: async () => Promise.reject(new Error('boom')) };
    const { log, lines } = memoryLog();
    const runner = startJobRunner({ jobs: [slow, failing], intervalMs: 5, firstDelayMs: 0, log });
    await sleep(200);
    await runner.tick(); // by hand, while the timer also runs: still no overlap
    await runner.stop();
    const after = runs;
    await sleep(50);
    expect(runs).toBe(after); // stopped: nothing more
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(maxRunning).toBe(1);
    expect(lines.some((l) => l.level === 'error' && l.obj.job === 'failing')).toBe(true);
    expect(lines.filter((l) => l.level === 'info' && l.obj.job === 'slow').length).toBe(runs);
  });

  it('passes the clock to the jobs', async () => {
    const seen: Date[] = [];
    const { log } = memoryLog();
    const at = new Date('2027-07-01T02:00:00Z');
    const runner = startJobRunner({ jobs: [{ name: 'clock', run: async (now) => seen.push(now) }], intervalMs: 60_000, firstDelayMs: 60_000, log, clock: () => at });
    await runner.tick();
    await runner.stop();
    expect(seen).toEqual([at]);
  });
});
