// `npm run bench -- portal-weight` (issue 12 §2): the compressed JavaScript a visitor's browser
// fetches for the first page of the portal (`/`), from the build's manifest: the entry chunk and
// every chunk it imports statically (what index.html preloads), as the server sends them —
// brotli, or gzip for a browser without it (the files precompressed at build). Target: < 400 KB.
// Also: what opening the login page and a signed-in page adds. Builds the web app first.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'dist/web');
const TARGET = 400 * 1024;

execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string; css?: string[] };
const manifest = JSON.parse(fs.readFileSync(path.join(web, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

/** The chunk and its static imports, transitively. */
function closure(keys: string[], seen = new Set<string>()): Set<string> {
  for (const k of keys) {
    if (seen.has(k)) continue;
    seen.add(k);
    closure(manifest[k].imports ?? [], seen);
  }
  return seen;
}
const size = (file: string, ext: '' | '.br' | '.gz') => {
  const f = path.join(web, file + ext);
  return fs.existsSync(f) ? fs.statSync(f).size : fs.statSync(path.join(web, file)).size; // < 1 KB: sent as is
};
const weigh = (keys: Set<string>) => {
  const files = [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  return { chunks: files.length, raw: files.reduce((n, f) => n + size(f, ''), 0), br: files.reduce((n, f) => n + size(f, '.br'), 0), gz: files.reduce((n, f) => n + size(f, '.gz'), 0) };
};

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
const first = closure([entry]);
const byName = (part: string) => Object.keys(manifest).find((k) => k.includes(part))!;
const extra = (src: string) => {
  const all = closure([byName(src)]);
  return weigh(new Set([...all].filter((k) => !first.has(k))));
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const home = weigh(first);
const rows = [
  ['first page of the portal (/)', home],
  ['+ the login page', extra('features/auth/LoginPage.tsx')],
  ['+ the signed-in layout', extra('shared/layout/AppLayout.tsx')],
  ['+ the item list', extra('features/transfer/ItemsPage.tsx')],
] as const;
for (const [name, w] of rows) console.log(`${name.padEnd(32)} ${String(w.chunks).padStart(3)} chunks  raw ${kb(w.raw).padStart(10)}  brotli ${kb(w.br).padStart(9)}  gzip ${kb(w.gz).padStart(9)}`);
const ok = home.br < TARGET && home.gz < TARGET;
console.log(`target: first page under ${kb(TARGET)} compressed — ${ok ? 'met' : 'NOT met'}`);
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/portal-weight-latest.json'), JSON.stringify({ at: new Date().toISOString(), rows, target: TARGET, ok }, null, 2));
process.exit(ok ? 0 : 1);
