// Issue 10 §1: the upload soak, shared by the test (upload-soak.int.test.ts, a server started from
// the sources) and the bench (bench/upload-soak.ts, the server as `npm start` runs it). N uploads at
// once against a running server — Excel imports and task book verification files, good and
// crafted — then: every answer coded (never a 500), /api/v1/health's latency, the server's RSS and
// descriptors against its baseline, and what is left in its temporary directory.
import fs from 'node:fs';
import { buildZip, countLieBombWorkbook, craftedWorkbook, damagedSheetWorkbook, goodRow, hugeInlineCellWorkbook, hugeSharedStringWorkbook } from '../modules/transfer/testing/crafted-xlsx.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface SoakUpload {
  kind: string;
  path: string;
  contentType: string;
  body: Buffer;
  /** the answers this upload may get besides 503 (busy) */
  expect: number[];
}

/** The 400 KB PDF of issue 10 §1: an object whose dictionary repeats one reference thousands of times. */
export function referencePdf(kb = 400): Buffer {
  const refs = '1 0 R '.repeat(Math.floor((kb * 1024) / 6));
  return Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Kids [${refs}] >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 1 0 R >>\n%%EOF\n`, 'latin1');
}

/** A .docx whose custom properties inflate to `mb` MB (the code extraction reads that part). */
export function docxBomb(mb = 200): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: 'docProps/custom.xml',
      data: function* () {
        yield '<?xml version="1.0"?><Properties><property name="校验码"><vt:lpwstr>';
        const mib = Buffer.from(' '.repeat(1024 * 1024));
        for (let i = 0; i < mb; i++) yield mib;
        yield '</vt:lpwstr></property></Properties>';
      },
    },
  ]);
}

/** The mix of uploads: `n` in all, about 60 % imports and 40 % verification files. */
export function soakUploads(programmeId: string, n: number): SoakUpload[] {
  const imp = `/api/v1/programmes/${programmeId}/items/import?publish=false`;
  const ver = '/api/v1/public/task-books/verify';
  // built once each: the bodies are shared between the uploads of one kind
  const shared = {
    damaged: damagedSheetWorkbook(2000, { honestCount: true }), // as far as the damaged data (the count-lie bomb stops at the directory)
    hugeCell: hugeInlineCellWorkbook(40),
    huge: hugeSharedStringWorkbook(400),
    bomb: countLieBombWorkbook(300),
    pdf: referencePdf(400),
    docx: docxBomb(200),
  };
  const plan: ((i: number) => SoakUpload)[] = [
    (i) => ({ kind: 'import-good', path: imp, contentType: XLSX, body: craftedWorkbook({ rows: [goodRow(`压力测试事项${i}`)] }), expect: [201] }),
    () => ({ kind: 'import-damaged', path: imp, contentType: XLSX, body: shared.damaged, expect: [400] }),
    () => ({ kind: 'import-huge-cell', path: imp, contentType: XLSX, body: shared.hugeCell, expect: [400] }),
    () => ({ kind: 'verify-reference-pdf', path: ver, contentType: 'application/pdf', body: shared.pdf, expect: [200, 422] }),
    (i) => ({ kind: 'import-good', path: imp, contentType: XLSX, body: craftedWorkbook({ rows: [goodRow(`压力测试事项${i}`)] }), expect: [201] }),
    () => ({ kind: 'import-huge-shared-string', path: imp, contentType: XLSX, body: shared.huge, expect: [413] }),
    () => ({ kind: 'verify-docx-bomb', path: ver, contentType: DOCX, body: shared.docx, expect: [200, 413, 422] }),
    () => ({ kind: 'import-count-lie-bomb', path: imp, contentType: XLSX, body: shared.bomb, expect: [400] }),
    (i) => ({ kind: 'verify-junk', path: ver, contentType: 'application/pdf', body: Buffer.from(`%PDF-1.4 不是任务书 ${i}`), expect: [200] }),
    () => ({ kind: 'import-text', path: imp, contentType: XLSX, body: Buffer.from('事项名称,事项类别\n甲,乙\n'), expect: [400] }),
  ];
  return Array.from({ length: n }, (_, i) => plan[i % plan.length](i));
}

/** A logged-in session against a running server (fetch, cookies and the CSRF header by hand). */
export class SoakSession {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  private absorb(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
  }
  headers(extra: Record<string, string> = {}) {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': this.cookies.get('cj_csrf') ?? '', ...extra };
  }
  async get(p: string) {
    const res = await fetch(`${this.base}${p}`, { headers: this.headers() });
    this.absorb(res);
    return res;
  }
  async login(username: string, password: string) {
    await this.get('/api/v1/auth/csrf');
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: this.headers({ 'content-type': 'application/json' }), body: JSON.stringify({ username, password }) });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    this.absorb(res);
  }
}

/** /proc readings of the server process */
export function procOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const fds = fs.readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
  return {
    rssMb: kb('VmRSS') / 1024,
    hwmMb: kb('VmHWM') / 1024,
    threads: kb('Threads'),
    fds: fds.length,
    /** descriptors other than sockets (this client's keep-alive connections are not the server's leak) */
    nonSocketFds: fds.filter((t) => !t.startsWith('socket:')).length,
    /** descriptors on files (not sockets, pipes, event fds, /dev) */
    fileFds: fds.filter((t) => t.startsWith('/') && !t.startsWith('/dev/')),
  };
}

export interface SoakResult {
  n: number;
  wallMs: number;
  byStatus: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  unexpected: { kind: string; status: number; body: string }[];
  notProblemJson: number;
  peakRssMb: number;
  worstHealthDuringMs: number;
}

/**
 * Sends every upload at once (each verification upload from its own X-Forwarded-For address, the
 * server started with TRUST_PROXY=true, so the per-address limit of the public form does not
 * answer them all 429) while sampling the server's RSS and health every 100 ms.
 */
export async function runSoak(session: SoakSession, uploads: SoakUpload[], pid: number): Promise<SoakResult> {
  let peak = procOf(pid).rssMb;
  let worst = 0;
  let done = false;
  const sampler = (async () => {
    while (!done) {
      peak = Math.max(peak, procOf(pid).rssMb);
      const t = performance.now();
      await fetch(`${session.base}/api/v1/health`).then((r) => r.arrayBuffer());
      worst = Math.max(worst, performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  const answers = await Promise.all(
    uploads.map(async (u, i) => {
      const res = await fetch(`${session.base}${u.path}`, {
        method: 'POST',
        headers: session.headers({ 'content-type': u.contentType, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }),
        body: new Uint8Array(u.body),
      });
      const body = await res.text();
      return { u, status: res.status, body, type: res.headers.get('content-type') ?? '' };
    }),
  );
  const wallMs = performance.now() - t0;
  done = true;
  await sampler;
  const byStatus: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const unexpected: SoakResult['unexpected'] = [];
  let notProblemJson = 0;
  for (const a of answers) {
    byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    (byKind[a.u.kind] ??= {})[a.status] = (byKind[a.u.kind][a.status] ?? 0) + 1;
    if (!a.u.expect.includes(a.status) && a.status !== 503) unexpected.push({ kind: a.u.kind, status: a.status, body: a.body.slice(0, 300) });
    if (a.status >= 400 && !a.type.includes('application/problem+json')) notProblemJson++;
  }
  return { n: uploads.length, wallMs, byStatus, byKind, unexpected, notProblemJson, peakRssMb: peak, worstHealthDuringMs: worst };
}

/** The health check's latency now (ms): each of `tries` answers, in order. */
export async function healthMs(base: string, tries = 3): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < tries; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/api/v1/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health ${res.status}`);
    out.push(performance.now() - t);
  }
  return out;
}
