// Issue 10 §1: parsers that misbehave on purpose, and the worker entry of the cage's tests that
// serves them (cage.int.test.ts): each stands for a way a real parser has failed or could fail on
// a crafted file.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UntrustedFileError } from '../refusal.js';
import { serveCageJobs, type Parser } from '../worker.js';

/** A temp file the way libraries make them: under os.tmpdir(), which the cage points at the job's directory. */
const tempFile = (name: string) => path.join(os.tmpdir(), name);

export const parsers: Record<string, Parser> = {
  /** answers the size of the file and its argument back */
  echo: async (bytes, args) => ({ length: bytes.length, first: bytes[0], args, tmp: os.tmpdir() }),
  /** a deliberate refusal */
  refuses: async () => {
    throw new UntrustedFileError('malformed', '文件格式不对（测试）');
  },
  /** a parser bug */
  throws: async () => {
    fs.writeFileSync(tempFile('left-by-throws.tmp'), 'x'.repeat(1024));
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
  /** exceljs's temporary-file stream: an `error` event nobody listens to, after a temp file was written and left open */
  'unhandled-error': async () => {
    const fd = fs.openSync(tempFile('sheet.tmp'), 'w');
    fs.writeSync(fd, 'x'.repeat(1024 * 1024));
    setImmediate(() => new EventEmitter().emit('error', new Error('ENOENT: no such file or directory, open sheet.tmp')));
    return new Promise(() => {}); // never answers: the uncaught error ends the thread
  },
  /** a string that grows without end (the huge-cell workbook without a cap) */
  oom: async () => {
    fs.writeFileSync(tempFile('before-oom.tmp'), 'x');
    const keep: string[] = [];
    for (let i = 0; ; i++) keep.push(`${i}`.repeat(1000) + i);
  },
  /** a scan that never ends (the rescan-per-reference PDF extraction without a deadline) */
  endless: async () => {
    fs.writeFileSync(tempFile('before-loop.tmp'), 'x');
    for (;;) {
      /* spin */
    }
  },
  /** answers, but leaves a write stream open on a file in its temp dir */
  'leaves-open': async () => {
    const s = fs.createWriteStream(tempFile('still-open.tmp'));
    s.write('x');
    await new Promise((r) => setTimeout(r, 20));
    return 'done';
  },
  /** takes `ms` milliseconds (for queue tests) */
  slow: async (_bytes, args: { ms: number }) => {
    await new Promise((r) => setTimeout(r, args.ms));
    return 'slow done';
  },
};

serveCageJobs(async (name) => {
  const parse = parsers[name];
  if (!parse) throw new Error(`unknown parser "${name}"`);
  return parse;
});
