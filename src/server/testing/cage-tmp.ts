// For tests of the server's shared cage: its job directories go under a temporary directory of the
// test file's own (TMPDIR while the test runs), so that "nothing left behind" is judged there and
// not disturbed by other test processes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CAGE_DIR_PREFIX } from '../platform/untrusted/cage.js';
import { closeUntrustedCage } from '../modules/untrusted-jobs.js';

export interface CageTmp {
  root: string;
  /** the cage's job directories still under root */
  leftovers(): string[];
  /** closes the cage, puts TMPDIR back and removes root */
  restore(): Promise<void>;
}

/** Closes the shared cage (the next one is made on first use, under the new TMPDIR) and points TMPDIR at a new directory. */
export async function isolateCageTmp(prefix: string): Promise<CageTmp> {
  const saved = process.env.TMPDIR;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  await closeUntrustedCage();
  process.env.TMPDIR = root;
  return {
    root,
    leftovers: () => fs.readdirSync(root).filter((d) => d.startsWith(CAGE_DIR_PREFIX)),
    async restore() {
      await closeUntrustedCage();
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
