// A small periodic job runner for the server process (SUP-2, SUP-7 overdue alerts; X-1 audit
// checkpoints). Each tick runs the jobs one after another; the next tick is scheduled only when
// the previous one has finished, so one process never overlaps itself. Several processes may run
// the same jobs against one PostgreSQL: each job must be safe to run concurrently (the overdue
// alerts claim rows with one UPDATE … RETURNING, see modules/supervision/milestones.ts; a
// checkpoint is signed under the audit append lock, once per head, platform/audit-checkpoint.ts). The state lives in the database;
// nothing here is remembered between ticks. Tests do not start it; they call the jobs directly.
import { ConfigError } from '../config.js';

export interface Job {
  name: string;
  /** `now` is the tick's clock (tests pass their own); the result is logged. */
  run(now: Date): Promise<unknown>;
}

export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobRunner {
  /** Runs every job once now (also what each tick does); errors are logged, not thrown. */
  tick(): Promise<void>;
  /** Stops scheduling and waits for a running tick to finish. */
  stop(): Promise<void>;
}

/** Default interval between ticks. */
export const DEFAULT_JOB_INTERVAL_SECONDS = 300;

/**
 * The interval from the environment: JOB_INTERVAL_SECONDS (default 300); 0 disables the jobs in this
 * process (e.g. when another process runs them — running them in several is safe too).
 */
export function jobIntervalMs(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.JOB_INTERVAL_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_JOB_INTERVAL_SECONDS * 1000;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`JOB_INTERVAL_SECONDS 无效：${raw}（应为不小于 0 的秒数，0 表示不运行定时任务）`);
  return n === 0 ? null : Math.max(1, Math.round(n * 1000));
}

export function startJobRunner(opts: { jobs: Job[]; intervalMs: number; log: JobLog; firstDelayMs?: number; clock?: () => Date }): JobRunner {
  const clock = opts.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;

  const tick = async (): Promise<void> => {
    for (const job of opts.jobs) {
      if (stopped) return;
      const t0 = Date.now();
      try {
        const result = await job.run(clock());
        opts.log.info({ job: job.name, ms: Date.now() - t0, result }, '定时任务完成');
      } catch (e) {
        opts.log.error({ job: job.name, err: e }, '定时任务失败');
      }
    }
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      if (running) return schedule(opts.intervalMs); // a tick asked for by hand is still running
      running = tick().finally(() => {
        running = null;
        schedule(opts.intervalMs);
      });
    }, delay);
    timer.unref();
  };

  schedule(opts.firstDelayMs ?? Math.min(opts.intervalMs, 10_000));

  return {
    tick: async () => {
      while (running) await running;
      running = tick().finally(() => {
        running = null;
      });
      await running;
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      while (running) await running;
    },
  };
}
