// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time grouped by package / source
// area and the top functions. Used by the benchmarks; also runnable on its own:
//   npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [--since-ms N] [--until-ms N]
import fs from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(garbage collector)') return '(gc)';
    if (fn === '(idle)' || fn === '(program)' || fn === '(root)') return fn;
    return '(native)';
  }
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const m = url.match(/\/src\/(server\/[^/]+|domain|cli|web)(\/[^/]+)?/);
  if (m) return `src/${m[1]}${m[1] === 'server/modules' || m[1] === 'server/platform' ? (m[2] ?? '') : ''}`;
  if (url.includes('/bench/')) return 'bench';
  if (url.startsWith('wasm://')) return 'wasm';
  return url.replace(/^file:\/\//, '');
}

export interface Summary {
  totalMs: number;
  byArea: { area: string; ms: number; pct: number }[];
  /** time with the area anywhere on the stack (a sample counts once per area) */
  inclusiveByArea: { area: string; ms: number; pct: number }[];
  /**
   * each sample charged to the innermost package / source area on its stack (node internals,
   * natives and builtins are charged to whoever called them); socket writes (native writev) and
   * GC are kept apart
   */
  attributed: { area: string; ms: number; pct: number }[];
  topFunctions: { fn: string; where: string; ms: number; pct: number }[];
}

/**
 * Window: sinceMs/untilMs relative to the profile start, or fromUs/toUs on the monotonic clock
 * (process.hrtime.bigint() / 1000 of any process on the machine — V8 uses the same clock).
 */
export function summarise(
  file: string,
  opts: { sinceMs?: number; untilMs?: number; fromUs?: number; toUs?: number; top?: number } = {},
): Summary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackAreas = new Map<number, Set<string>>();
  const areasOnStack = (id: number): Set<string> => {
    let got = stackAreas.get(id);
    if (got) return got;
    const n = byId.get(id)!;
    const up = parent.has(id) ? areasOnStack(parent.get(id)!) : new Set<string>();
    got = new Set(up);
    got.add(areaOf(n.callFrame.url, n.callFrame.functionName));
    stackAreas.set(id, got);
    return got;
  };
  const incl = new Map<string, number>();
  const attr = new Map<string, number>();
  const isOwner = (a: string) => !a.startsWith('(') && !a.startsWith('node:') && a !== 'wasm';
  const ownerCache = new Map<number, string>();
  const ownerOf = (id: number): string => {
    let got = ownerCache.get(id);
    if (got) return got;
    const n = byId.get(id)!;
    const a = areaOf(n.callFrame.url, n.callFrame.functionName);
    if (isOwner(a)) got = a;
    else if (parent.has(id)) got = ownerOf(parent.get(id)!);
    else got = '(no package on stack: node core)';
    ownerCache.set(id, got);
    return got;
  };
  const area = new Map<string, number>();
  const fns = new Map<string, number>();
  let t = 0;
  let total = 0;
  if (opts.fromUs !== undefined) opts = { ...opts, sinceMs: (opts.fromUs - p.startTime) / 1000 };
  if (opts.toUs !== undefined) opts = { ...opts, untilMs: (opts.toUs - p.startTime) / 1000 };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] / 1000;
    t += dt;
    if (opts.sinceMs !== undefined && t < opts.sinceMs) continue;
    if (opts.untilMs !== undefined && t > opts.untilMs) break;
    const n = byId.get(p.samples[i])!;
    const { url, functionName, lineNumber } = n.callFrame;
    if (functionName === '(idle)') continue;
    total += dt;
    const a = areaOf(url, functionName);
    area.set(a, (area.get(a) ?? 0) + dt);
    for (const x of areasOnStack(n.id)) incl.set(x, (incl.get(x) ?? 0) + dt);
    const owner =
      functionName === 'writev' || functionName === 'writeBuffer' || functionName === 'writeUtf8String' || functionName === 'writeLatin1String'
        ? '(socket write syscalls)'
        : a === '(gc)' || a === '(program)'
          ? a
          : ownerOf(n.id);
    attr.set(owner, (attr.get(owner) ?? 0) + dt);
    const key = `${functionName || '(anonymous)'}\t${a}${url ? ':' + (lineNumber + 1) : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + dt);
  }
  const pct = (ms: number) => Math.round((1000 * ms) / (total || 1)) / 10;
  return {
    totalMs: Math.round(total),
    byArea: [...area.entries()].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, ms: Math.round(ms), pct: pct(ms) })),
    attributed: [...attr.entries()].sort((a, b) => b[1] - a[1]).map(([area, ms]) => ({ area, ms: Math.round(ms), pct: pct(ms) })),
    inclusiveByArea: [...incl.entries()]
      .filter(([a]) => !a.startsWith('('))
      .sort((a, b) => b[1] - a[1])
      .map(([area, ms]) => ({ area, ms: Math.round(ms), pct: pct(ms) })),
    topFunctions: [...fns.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, opts.top ?? 25)
      .map(([k, ms]) => {
        const [fn, where] = k.split('\t');
        return { fn, where, ms: Math.round(ms), pct: pct(ms) };
      }),
  };
}

export function printSummary(s: Summary, areas = 20) {
  console.log(`  busy (non-idle) CPU in profile: ${s.totalMs} ms`);
  console.log('  self time by area:');
  for (const a of s.byArea.slice(0, areas)) console.log(`    ${String(a.ms).padStart(7)} ms  ${String(a.pct).padStart(5)} %  ${a.area}`);
  console.log('  attributed (innermost package/source area on the stack):');
  for (const a of s.attributed.slice(0, areas)) console.log(`    ${String(a.ms).padStart(7)} ms  ${String(a.pct).padStart(5)} %  ${a.area}`);
  console.log('  inclusive (area anywhere on the stack):');
  for (const a of s.inclusiveByArea.slice(0, areas)) console.log(`    ${String(a.ms).padStart(7)} ms  ${String(a.pct).padStart(5)} %  ${a.area}`);
  console.log('  top functions (self):');
  for (const f of s.topFunctions) console.log(`    ${String(f.ms).padStart(7)} ms  ${String(f.pct).padStart(5)} %  ${f.fn}  (${f.where})`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  printSummary(summarise(file, { sinceMs: arg('--since-ms'), untilMs: arg('--until-ms'), top: 30 }));
}
