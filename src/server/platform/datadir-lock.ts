// PGlite keeps no lock on its data directory, and two processes writing one directory lose
// committed rows (ARCHITECTURE §5). We take an exclusive lock file holding our pid; a second
// process finds a live pid there and is refused with a clear message. A lock left by a process
// that died is taken over.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `数据目录 ${dataDir} 正被另一个进程（pid ${pid}）使用。内嵌数据库不能被两个进程同时打开：` +
        `请先停止那个进程，或设置 DATABASE_URL 使用 PostgreSQL 运行多个实例。`,
    );
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'chengjie.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return { release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
      if (holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Stale lock from a process that is gone: remove it and try again.
      try {
        fs.unlinkSync(file);
      } catch {
        /* raced with another starter; retry */
      }
    }
  }
  throw new Error(`无法锁定数据目录 ${dataDir}`);
}
