// The swap of a restore (platform/backup.ts swapIntoDataDir): the existing data goes to a
// DATA_DIR/replaced-… directory that is logged before anything moves, the staged data comes in,
// and when a step fails halfway every step done is undone — or, when the undo fails too, the
// error names where the old data is and what is left in DATA_DIR. Real files in a temporary
// directory; the rename is made to fail by a target that is already there, and (for the undo) by
// a spy on fs.promises.rename.
import { afterEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackupError, swapIntoDataDir, type Incoming } from './backup.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

/** A DATA_DIR with an old embedded database, old files and a checkpoint file; a staging dir with the new ones. */
function layout() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cj-swap-'));
  dirs.push(dataDir);
  const write = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  };
  write(path.join(dataDir, 'pglite', 'PG_VERSION'), 'old-version');
  write(path.join(dataDir, 'pglite', 'base', '1'), 'old-base');
  write(path.join(dataDir, 'pglite', 'chengjie.lock'), 'lock');
  write(path.join(dataDir, 'files', 'ab', 'f'), 'old-file');
  write(path.join(dataDir, 'audit-checkpoints.jsonl'), 'old-checkpoints');
  const staging = path.join(dataDir, '.restore-test');
  write(path.join(staging, 'pglite', 'PG_VERSION'), 'new-version');
  write(path.join(staging, 'pglite', 'base', '1'), 'new-base');
  write(path.join(staging, 'pglite', 'global', '2'), 'new-global');
  write(path.join(staging, 'files', 'cd', 'g'), 'new-file');
  write(path.join(staging, 'datadir', 'audit-checkpoints.jsonl'), 'new-checkpoints');
  const aside = ['pglite/PG_VERSION', 'pglite/base', 'files', 'audit-checkpoints.jsonl'];
  const incoming: Incoming[] = [
    ...['PG_VERSION', 'base', 'global'].map((n) => ({ from: path.join(staging, 'pglite', n), to: `pglite/${n}` })),
    { from: path.join(staging, 'files'), to: 'files' },
    { from: path.join(staging, 'datadir', 'audit-checkpoints.jsonl'), to: 'audit-checkpoints.jsonl' },
  ];
  return { dataDir, staging, aside, incoming };
}

/** Every file under `root` with its content, relative paths. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

const replacedDirs = (dataDir: string) => fs.readdirSync(dataDir).filter((n) => n.startsWith('replaced-'));

async function failure(p: Promise<unknown>): Promise<BackupError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BackupError);
  return e as BackupError;
}

describe('restore swap into DATA_DIR', () => {
  it('moves the old data aside, logging the replaced-… path before anything moves, and puts the new data in', async () => {
    const { dataDir, aside, incoming } = layout();
    const lines: string[] = [];
    const log = (l: string) => {
      lines.push(l);
      // At the moment the path is logged, the directory exists and nothing has moved yet.
      const [dir] = replacedDirs(dataDir);
      expect(dir).toBeDefined();
      expect(fs.readdirSync(path.join(dataDir, dir))).toEqual([]);
      expect(fs.readFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), 'utf8')).toBe('old-version');
    };
    const replacedTo = await swapIntoDataDir(dataDir, aside, incoming, log);
    expect(replacedTo).toBeDefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(replacedTo!);
    expect(tree(replacedTo!)).toEqual({
      'pglite/PG_VERSION': 'old-version',
      'pglite/base/1': 'old-base',
      'files/ab/f': 'old-file',
      'audit-checkpoints.jsonl': 'old-checkpoints',
    });
    expect(tree(path.join(dataDir, 'pglite'))).toEqual({ PG_VERSION: 'new-version', 'base/1': 'new-base', 'global/2': 'new-global', 'chengjie.lock': 'lock' });
    expect(tree(path.join(dataDir, 'files'))).toEqual({ 'cd/g': 'new-file' });
    expect(fs.readFileSync(path.join(dataDir, 'audit-checkpoints.jsonl'), 'utf8')).toBe('new-checkpoints');
  });

  it('a rename that fails halfway (target already there) is rolled back: DATA_DIR as before, replaced-… removed', async () => {
    const { dataDir, staging, aside, incoming } = layout();
    const before = tree(dataDir);
    // A non-empty pglite/global appeared (say, written by someone else): the third incoming move
    // fails after the old data went aside and two new entries came in.
    fs.mkdirSync(path.join(dataDir, 'pglite', 'global'));
    fs.writeFileSync(path.join(dataDir, 'pglite', 'global', 'intruder'), 'x');
    const lines: string[] = [];
    const e = await failure(swapIntoDataDir(dataDir, aside, incoming, (l) => lines.push(l)));
    expect(lines[0]).toMatch(/原有数据将移到 .*replaced-/);
    expect(e.message).toContain('已存在');
    expect(e.message).toContain('已撤销，原有数据已全部移回原处');
    const replacedTo = /移到 (\S+?)（/.exec(lines[0])![1];
    expect(e.message).toContain(`${replacedTo} 已删除`);
    expect(fs.existsSync(replacedTo)).toBe(false);
    expect(replacedDirs(dataDir)).toEqual([]);
    expect(tree(dataDir)).toEqual({ ...before, 'pglite/global/intruder': 'x' });
    // The new data is back in staging (removed with it by the caller), nothing of it left in DATA_DIR.
    expect(fs.readFileSync(path.join(staging, 'pglite', 'PG_VERSION'), 'utf8')).toBe('new-version');
  });

  it('an existing file is never overwritten by an incoming one (rename would replace it silently)', async () => {
    const { dataDir, aside, incoming } = layout();
    // audit-checkpoints.jsonl not listed as aside: the last incoming move must refuse, and undo all.
    const e = await failure(swapIntoDataDir(dataDir, aside.filter((a) => a !== 'audit-checkpoints.jsonl'), incoming, () => undefined));
    expect(e.message).toContain('已撤销');
    expect(fs.readFileSync(path.join(dataDir, 'audit-checkpoints.jsonl'), 'utf8')).toBe('old-checkpoints');
    expect(fs.readFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), 'utf8')).toBe('old-version');
  });

  it('when the undo fails too, the error says where the old data is and what of the backup is in DATA_DIR', async () => {
    const { dataDir, aside, incoming } = layout();
    const rename = fs.promises.rename.bind(fs.promises);
    const failOn = (from: string, to: string) =>
      (to === path.join(dataDir, 'audit-checkpoints.jsonl') && from.includes('.restore-test')) || // the last incoming move
      (from === path.join(dataDir, 'pglite', 'PG_VERSION') && to.includes('.restore-test')); // its undo, the new PG_VERSION stuck
    vi.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      if (failOn(String(from), String(to))) throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}'`), { code: 'EIO' });
      return rename(from, to);
    });
    const e = await failure(swapIntoDataDir(dataDir, aside, incoming, () => undefined));
    const [dir] = replacedDirs(dataDir);
    const replacedTo = path.join(dataDir, dir);
    expect(e.message).toContain('EIO');
    expect(e.message).toContain('撤销也未能完成');
    // The old PG_VERSION could not go back (the new one is in its place): both named, neither lost.
    expect(e.message).toContain(`原有数据 pglite/PG_VERSION 在 ${replacedTo} 中`);
    expect(e.message).toContain(`备份中的 pglite/PG_VERSION 已放入 ${dataDir}`);
    expect(tree(replacedTo)).toEqual({ 'pglite/PG_VERSION': 'old-version' });
    expect(fs.readFileSync(path.join(dataDir, 'pglite', 'PG_VERSION'), 'utf8')).toBe('new-version');
    // Everything else went back.
    expect(fs.readFileSync(path.join(dataDir, 'pglite', 'base', '1'), 'utf8')).toBe('old-base');
    expect(fs.existsSync(path.join(dataDir, 'pglite', 'global'))).toBe(false);
    expect(tree(path.join(dataDir, 'files'))).toEqual({ 'ab/f': 'old-file' });
    expect(fs.readFileSync(path.join(dataDir, 'audit-checkpoints.jsonl'), 'utf8')).toBe('old-checkpoints');
  });
});
