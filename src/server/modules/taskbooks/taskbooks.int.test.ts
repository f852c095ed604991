// Issue 4, steps 1–3, through HTTP on both drivers under presets 000, 001, 002: the association
// drafts, the parties complete their parts, all three sign with SM2 in any order, the documents
// download, and the public verifies by code or by file. Refusals change nothing; frozen content
// refuses edits and the refusal is audited; tampering fails verification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { TestClient, as, createTestContext, scalar, type TestContext } from '../../testing/harness.js';
import { completeContent, establishProject, signedProject } from '../../testing/project-fixture.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;
let anon: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
  anon = new TestClient(ctx.app);
}, 120_000);
afterAll(async () => ctx?.close());

type Book = { id: string; rowVersion: number; status: string; verificationCode: string | null; contentDigest: string | null; actions: string[]; editableParts: string[]; missing: { path: string; message: string }[]; signatures: { party: string; withdrawnAt: string | null }[] };

async function fill(bookId: string, mode: string, title: string): Promise<Book> {
  const c = completeContent(title, mode);
  let book = (await admin.get(`/api/v1/task-books/${bookId}`)).body as Book;
  for (const [client, part] of [
    [kjt, 'department'],
    [jixie, 'society'],
    [admin, 'association'],
    [admin, 'project'],
  ] as const) {
    const res = await client.put(`/api/v1/task-books/${bookId}/parts/${part}`, { rowVersion: book.rowVersion, value: c[part] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    book = res.body;
  }
  return book;
}

async function draft(projectId: string): Promise<Book> {
  const res = await admin.post(`/api/v1/projects/${projectId}/task-books`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  // issue 12 §1: a creation answers the created record and where to read it
  expect(res.headers.location).toBe(`/api/v1/task-books/${res.body.id}`);
  const read = await admin.get(String(res.headers.location));
  expect(read.status).toBe(200);
  expect(read.body).toEqual(res.body);
  return res.body;
}

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const uploadAs = (format: 'docx' | 'pdf') => ({ headers: { 'content-type': format === 'pdf' ? PDF : DOCX } });

describe.each(['000', '001', '002', '004'])('task book under preset %s (TB-1…TB-5, PUB-2)', (preset) => {
  it('is drafted, completed, signed by the three in any order, downloaded and verified', async () => {
    const title = `预置${preset}任务书试点项目`;
    const est = await establishProject(ctx, admin, kjt, preset, title);
    const mode = est.parameters.commissioningModes[0] ?? 'authorisedCommission';

    // TB-1: only the coordinating association drafts, once.
    expect((await jixie.post(`/api/v1/projects/${est.projectId}/task-books`)).status).toBe(403);
    const list0 = await admin.get(`/api/v1/projects/${est.projectId}/task-books`);
    // the agreement a draft will be: the programme's agreementKind (000: a 职能转移合同, transfer-contract.int.test.ts)
    expect(list0.body).toEqual({ items: [], nextCursor: null, actions: ['draft'], agreement: expect.objectContaining({ kind: preset === '000' ? 'transferContract' : 'triPartyTaskBook' }) });
    expect((await kjt.get(`/api/v1/projects/${est.projectId}/task-books`)).body.actions).toEqual([]);
    let book = await draft(est.projectId);
    const list1 = (await admin.get(`/api/v1/projects/${est.projectId}/task-books`)).body;
    expect(list1).toMatchObject({ nextCursor: null, actions: [] });
    expect(list1.items.map((b: { id: string; version: number }) => [b.id, b.version])).toEqual([[book.id, 1]]);
    expect(list1.items[0].content).toBeUndefined(); // the list shows the summary, the detail the content
    expect(book.status).toBe('drafting');
    expect(book.editableParts.sort()).toEqual(['association', 'project']);
    expect((await admin.post(`/api/v1/projects/${est.projectId}/task-books`)).status).toBe(409);
    expect((await kjt.get('/api/v1/todos?status=open&limit=100')).body.items.some((t: { kind: string; entityId: string }) => t.kind === 'taskBook.complete' && t.entityId === book.id)).toBe(true);

    // A party writes only its parts; bad input names the field; nothing changes.
    const wrongPart = await jixie.put(`/api/v1/task-books/${book.id}/parts/department`, { rowVersion: book.rowVersion, value: { division: '某处' } });
    expect(wrongPart.status).toBe(403);
    const badKpi = await admin.put(`/api/v1/task-books/${book.id}/parts/project`, { rowVersion: book.rowVersion, value: { kpis: [{ name: '数量', target: -1, unit: '个' }] } });
    expect(badKpi.status).toBe(400);
    expect(badKpi.body.errors[0]).toMatchObject({ path: 'body.value.kpis.0.target', message: '目标值不能为负' });
    const stale = await admin.put(`/api/v1/task-books/${book.id}/parts/project`, { rowVersion: book.rowVersion + 5, value: {} });
    expect(stale.status).toBe(409);

    // TB-3: a deputy secretary-general as leader keeps it from signature, with the reason.
    const c = completeContent(title, mode);
    book = await fill(book.id, mode, title);
    const deputy = await jixie.put(`/api/v1/task-books/${book.id}/parts/society`, { rowVersion: book.rowVersion, value: { ...c.society, leaderPost: 'deputySecretaryGeneral' } });
    expect(deputy.status).toBe(200);
    expect(deputy.body.missing.map((m: { path: string }) => m.path)).toContain('society.leaderPost');
    const early = await jixie.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: deputy.body.rowVersion });
    expect(early.status).toBe(400);
    expect(early.body.errors.some((e: { path: string; message: string }) => e.path === 'content.society.leaderPost' && e.message.includes('秘书长'))).toBe(true);
    const fixed = await jixie.put(`/api/v1/task-books/${book.id}/parts/society`, { rowVersion: deputy.body.rowVersion, value: c.society });
    book = fixed.body;
    expect(book.missing).toEqual([]);
    expect(book.actions).toContain('sign');

    // TB-4: the society signs first; the content freezes; an edit is refused and audited.
    const s1 = await jixie.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion, opinion: '同意承接' });
    expect(s1.status, JSON.stringify(s1.body)).toBe(200);
    book = s1.body;
    expect(book.status).toBe('signing');
    expect(book.verificationCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(book.contentDigest).toMatch(/^[0-9a-f]{64}$/);
    const frozen = await admin.put(`/api/v1/task-books/${book.id}/parts/project`, { rowVersion: book.rowVersion, value: { ...c.project, goals: '悄悄改掉目标' } });
    expect(frozen.status).toBe(409);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'taskBook.editRefused' AND entity_id = ${book.id}`)).toBe(1);
    expect(((await admin.get(`/api/v1/task-books/${book.id}`)).body.content.project.goals)).toBe(c.project.goals);
    expect((await jixie.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion })).status).toBe(409); // already signed

    // The code of a book not yet in force verifies its signatures but says it is not in force.
    const partial = await anon.get(`/api/v1/public/task-books/verify?code=${book.verificationCode}`);
    expect(partial.body).toMatchObject({ valid: false, match: 'exact', reason: `三方尚未全部签署，${preset === '000' ? '职能转移合同' : '任务书'}尚未生效`, record: { intact: true, status: 'signing' } });

    // Association, then department: in force; the project starts implementation.
    const s2 = await admin.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion, opinion: '同意' });
    expect(s2.status, JSON.stringify(s2.body)).toBe(200);
    const s3 = await kjt.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: s2.body.rowVersion, opinion: '同意委托' });
    expect(s3.status, JSON.stringify(s3.body)).toBe(200);
    book = s3.body;
    expect(book.status).toBe('signed');
    expect(book.actions).toEqual([]);
    expect((await admin.get(`/api/v1/projects/${est.projectId}`)).body.status).toBe('implementing');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_signatures WHERE task_book_id = ${book.id} AND digest = ${book.contentDigest}`)).toBe(3);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM todos WHERE entity_id = ${book.id} AND status = 'open'`)).toBe(0);

    // PUB-2 by code: typed in lower case without dashes, it still finds the book.
    const code = book.verificationCode!;
    const v = await anon.get(`/api/v1/public/task-books/verify?code=${code.replace(/-/g, '').toLowerCase()}`);
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ valid: true, match: 'exact', reason: null, record: { verificationCode: code, projectName: title, version: 1, status: 'signed', intact: true } });
    expect(v.body.record.signatures.map((s: { party: string; valid: boolean; orgName: string }) => [s.party, s.valid])).toEqual([
      ['department', true],
      ['society', true],
      ['association', true],
    ]);
    expect(v.body.record.signatures[1].orgName).toBe('山东省机械工程学会');
    expect(v.body.record.parties.every((p: { orgId: string }) => /^[0-9a-f-]{36}$/.test(p.orgId))).toBe(true);
    expect((await anon.get('/api/v1/public/task-books/verify?code=ABCD')).body).toMatchObject({ match: 'unknown', record: null, reason: expect.stringContaining('格式不正确') });
    expect((await anon.get('/api/v1/public/task-books/verify?code=0000-0000-0000-0000')).body).toEqual({ valid: false, match: 'unknown', reason: '未找到与该校验码对应的任务书', record: null });

    // TB-5 + PUB-2 by file: the issued documents are stored once and recognised byte for byte.
    for (const format of ['docx', 'pdf'] as const) {
      const doc = await kjt.request('GET', `/api/v1/task-books/${book.id}/document?format=${format}`);
      expect(doc.status).toBe(200);
      const bytes = doc.raw;
      const again = await jixie.request('GET', `/api/v1/task-books/${book.id}/document?format=${format}`);
      expect(Buffer.compare(again.raw, bytes)).toBe(0);
      expect(doc.headers['content-type']).toBe(format === 'pdf' ? PDF : DOCX);
      const ok = await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { ...uploadAs(format), rawBody: bytes });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ valid: true, match: 'exact', record: { verificationCode: code }, file: { matched: format } });
      const changed = Buffer.from(bytes);
      changed[Math.floor(changed.length / 2)] ^= 0x01;
      const bad = await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { ...uploadAs(format), rawBody: changed });
      expect(bad.body.valid).toBe(false);
      expect(['tampered', 'unknown']).toContain(bad.body.match);
      expect(bad.body.file.matched).toBeNull();
      // a file of another media type is not read (415), whatever it holds
      expect((await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': 'application/octet-stream' }, rawBody: bytes })).status).toBe(415);
    }
    // §2: a PDF that carries the code but is not the issued file is `tampered`: the record answered is the
    // platform's stored one (its own signatures verify), the file is refused
    const pdf = (await kjt.request('GET', `/api/v1/task-books/${book.id}/document?format=pdf`)).raw;
    const edited = await anon.request('POST', '/api/v1/public/task-books/verify', undefined, { ...uploadAs('pdf'), rawBody: Buffer.concat([pdf, Buffer.from('\n% 另存时加入的一行\n')]) });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ valid: false, match: 'tampered', record: { verificationCode: code, intact: true }, file: { matched: null, codeInFile: code } });
    expect(edited.body.reason).toContain('平台存档');
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_documents WHERE task_book_id = ${book.id}`)).toBe(2);

    // Tampering with the stored content breaks the digest: verification fails.
    await ctx.database.db.execute(sql`UPDATE task_books SET content = jsonb_set(content, '{project,goals}', '"形成评估报告两份。"') WHERE id = ${book.id}`);
    const tampered = await anon.get(`/api/v1/public/task-books/verify?code=${code}`);
    expect(tampered.body).toMatchObject({ valid: false, match: 'exact', reason: '任务书内容与签署时的摘要不一致，可能已被篡改', record: { intact: false } });
    expect(tampered.body.record.signatures.every((s: { valid: boolean }) => !s.valid)).toBe(true);
  }, 120_000);
});

describe('declining and racing (TB-4)', () => {
  it('a party declines: signatures withdrawn and kept, the book back in drafting, signed again later', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '退回重签试点项目');
    let book = await fill((await draft(est.projectId)).id, est.parameters.commissioningModes[0], '退回重签试点项目');
    const s1 = await admin.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion });
    expect(s1.status).toBe(200);
    const firstCode = s1.body.verificationCode;
    expect((await kjt.post(`/api/v1/task-books/${book.id}/withdraw-signatures`, { rowVersion: s1.body.rowVersion, reason: '' })).status).toBe(400);
    const back = await kjt.post(`/api/v1/task-books/${book.id}/withdraw-signatures`, { rowVersion: s1.body.rowVersion, reason: '经费预算需与处室再核' });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    book = back.body;
    expect(book).toMatchObject({ status: 'drafting', verificationCode: null, contentDigest: null });
    expect(book.signatures).toHaveLength(1);
    expect(book.signatures[0].withdrawnAt).not.toBeNull();
    expect((await anon.get(`/api/v1/public/task-books/verify?code=${firstCode}`)).body.valid).toBe(false);
    const edited = await kjt.put(`/api/v1/task-books/${book.id}/parts/department`, { rowVersion: book.rowVersion, value: { ...completeContent('x', est.parameters.commissioningModes[0]).department, contactName: '钱坤' } });
    expect(edited.status).toBe(200);
    let rv = edited.body.rowVersion;
    for (const c of [kjt, jixie, admin]) {
      const r = await c.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: rv });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      rv = r.body.rowVersion;
    }
    expect((await admin.get(`/api/v1/task-books/${book.id}`)).body.status).toBe('signed');
  }, 60_000);

  it('two parties signing at the same moment: one wins, the other gets 409 and can sign after', async () => {
    const est = await establishProject(ctx, admin, kjt, '002', '并发签署试点项目');
    const book = await fill((await draft(est.projectId)).id, est.parameters.commissioningModes[0], '并发签署试点项目');
    const [a, b] = await Promise.all([kjt.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion }), jixie.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_signatures WHERE task_book_id = ${book.id}`)).toBe(1);
    const codes = await scalar(ctx.database.db, sql`SELECT count(DISTINCT verification_code)::int AS n FROM task_books WHERE id = ${book.id}`);
    expect(codes).toBe(1);
    // the same party twice at once: exactly one signature
    const loser = a.status === 409 ? kjt : jixie;
    const now = (await admin.get(`/api/v1/task-books/${book.id}`)).body;
    const [c1, c2] = await Promise.all([loser.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: now.rowVersion }), loser.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: now.rowVersion })]);
    expect([c1.status, c2.status].sort()).toEqual([200, 409]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_signatures WHERE task_book_id = ${book.id} AND withdrawn_at IS NULL`)).toBe(2);
  }, 60_000);

  it('a terminated project\'s task book can no longer be signed or edited', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '中止后签署试点项目');
    const book = await fill((await draft(est.projectId)).id, est.parameters.commissioningModes[0], '中止后签署试点项目');
    const s1 = await jixie.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: book.rowVersion });
    expect(s1.status).toBe(200);
    const t = await kjt.post(`/api/v1/projects/${est.projectId}/terminations`, { reason: '政策调整，该职能不再转移。', receivedFen: 0 });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect((await admin.post(`/api/v1/terminations/${t.body.id}/decisions`, { decision: 'approve', step: 0 })).status).toBe(200);
    const late = await kjt.post(`/api/v1/task-books/${book.id}/sign`, { rowVersion: s1.body.rowVersion });
    expect(late.status).toBe(409);
    expect((await kjt.get(`/api/v1/task-books/${book.id}`)).body.actions).toEqual([]);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM task_book_signatures WHERE task_book_id = ${book.id}`)).toBe(1);
    expect(await scalar(ctx.database.db, sql`SELECT count(*)::int AS n FROM milestones WHERE project_id = ${est.projectId}`)).toBe(0);
  }, 60_000);

  it('a change described in words: the new version is edited, may be declined, and every party is asked to sign', async () => {
    const proj = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '文字变更试点项目');
    const cr = await jixie.post(`/api/v1/projects/${proj.projectId}/change-requests`, { baseTaskBookId: proj.taskBookId, reason: '调研范围扩大', changesSummary: '增加两个设区市的调研' });
    expect(cr.status, JSON.stringify(cr.body)).toBe(201);
    expect((await kjt.post(`/api/v1/change-requests/${cr.body.id}/decisions`, { decision: 'approve', step: 0, opinion: '同意' })).status).toBe(200);
    const done = await admin.post(`/api/v1/change-requests/${cr.body.id}/decisions`, { decision: 'approve', step: 1, opinion: '同意' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    let v2 = (await jixie.get(`/api/v1/task-books/${done.body.newTaskBookId}`)).body;
    expect(v2).toMatchObject({ version: 2, status: 'drafting', contentBinding: false });
    const openSignTodos = () => scalar(ctx.database.db, sql`SELECT count(DISTINCT assignee_org_id)::int AS n FROM todos WHERE entity_id = ${v2.id} AND kind = 'taskBook.sign' AND status = 'open'`);
    expect(await openSignTodos()).toBe(3);
    const edited = await admin.put(`/api/v1/task-books/${v2.id}/parts/project`, { rowVersion: v2.rowVersion, value: { ...v2.content.project, goals: '增加两个设区市的调研后形成评估报告。' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const s1 = await jixie.post(`/api/v1/task-books/${v2.id}/sign`, { rowVersion: edited.body.rowVersion });
    expect(s1.status).toBe(200);
    const back = await kjt.post(`/api/v1/task-books/${v2.id}/withdraw-signatures`, { rowVersion: s1.body.rowVersion, reason: '请补充经费调整说明' });
    expect(back.status).toBe(200);
    expect(await openSignTodos()).toBe(0);
    v2 = (await jixie.get(`/api/v1/task-books/${v2.id}`)).body;
    const s2 = await jixie.post(`/api/v1/task-books/${v2.id}/sign`, { rowVersion: v2.rowVersion });
    expect(s2.status).toBe(200);
    expect(await openSignTodos()).toBe(2); // the department and the association are asked again
  }, 60_000);

  it('limits public file verification per address (429 in Chinese), other addresses unaffected', async () => {
    const visitor = new TestClient(ctx.app);
    let last = await visitor.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': PDF }, rawBody: 'not a task book' });
    expect(last.status).toBe(200);
    for (let i = 0; i < 60 && last.status === 200; i++) {
      last = await visitor.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': PDF }, rawBody: 'not a task book' });
    }
    expect(last.status).toBe(429);
    expect(last.body.title).toBe('请求过于频繁，请稍后再试');
    const other = new TestClient(ctx.app);
    expect((await other.request('POST', '/api/v1/public/task-books/verify', undefined, { headers: { 'content-type': DOCX }, rawBody: 'x' })).status).toBe(200);
  }, 60_000);

  it('keeps other organisations out: another society, and a department that is not the commissioning one', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '数据范围试点项目');
    const book = await draft(est.projectId);
    for (const username of ['jinan.admin', 'bianban.user']) {
      const other = await as(ctx.app, username);
      expect((await other.get(`/api/v1/task-books/${book.id}`)).status).toBe(403);
      expect((await other.get(`/api/v1/projects/${est.projectId}/task-books`)).status).toBe(403);
    }
    // the city association cannot write either (no task book right outside its scope)
    const jinan = await as(ctx.app, 'jinan.admin');
    expect((await jinan.put(`/api/v1/task-books/${book.id}/parts/association`, { rowVersion: book.rowVersion, value: {} })).status).toBe(403);
    expect((await anon.get(`/api/v1/task-books/${book.id}`)).status).toBe(401);
    expect((await anon.get(`/api/v1/task-books/${book.id}/document?format=pdf`)).status).toBe(401);
  }, 60_000);
});

describe('the contract of the task book routes (issue 12 §1)', () => {
  it('types the parts\' bodies and the content in the OpenAPI', async () => {
    const doc = (await anon.get('/api/openapi.json')).body as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    const project = doc.paths['/api/v1/task-books/{id}/parts/project'].put;
    const body = project.requestBody!.content['application/json'].schema as { properties: { value: { properties: Record<string, unknown>; additionalProperties: boolean } } };
    expect(Object.keys(body.properties.value.properties)).toEqual(expect.arrayContaining(['goals', 'kpis', 'schedule', 'members']));
    expect(body.properties.value.additionalProperties).toBe(false);
    expect(Object.keys((doc.paths['/api/v1/task-books/{id}/parts/society'].put.requestBody!.content['application/json'].schema as typeof body).properties.value.properties)).toContain('leaderApproval');
    expect(doc.paths['/api/v1/task-books/{id}'].get.responses['200'].content!['application/json'].schema.$ref).toBe('#/components/schemas/TaskBook');
    const content = doc.components.schemas.TaskBookContent;
    expect(Object.keys(content.properties!)).toEqual(['agreementKind', 'projectName', 'society', 'department', 'association', 'project']);
    const verify = doc.paths['/api/v1/public/task-books/verify'].post;
    expect(Object.keys(verify.requestBody!.content).sort()).toEqual([PDF, DOCX].sort());
    expect(Object.keys(doc.paths['/api/v1/task-books/{id}/document'].get.responses['200'].content!).sort()).toEqual([PDF, DOCX].sort());
  }, 60_000);

  it('refuses a part that is not the part\'s schema with the domain\'s Chinese messages, at the field\'s path', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '契约任务书试点项目');
    const book = await draft(est.projectId);
    const notObject = await admin.put(`/api/v1/task-books/${book.id}/parts/project`, { rowVersion: book.rowVersion, value: '全部内容' });
    expect(notObject.status).toBe(400);
    expect(notObject.body.errors).toEqual([{ path: 'body.value', message: '内容应为对象' }]);
    const stray = await admin.put(`/api/v1/task-books/${book.id}/parts/association`, { rowVersion: book.rowVersion, value: { division: '学术部', leaderName: '某人' } });
    expect(stray.status).toBe(400);
    expect(stray.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.value.leaderName']);
    const badDay = await admin.put(`/api/v1/task-books/${book.id}/parts/project`, { rowVersion: book.rowVersion, value: { schedule: [{ name: '中期', dueOn: '2026-02-30' }] } });
    expect(badDay.body.errors).toEqual([{ path: 'body.value.schedule.0.dueOn', message: '完成日期不是有效日期' }]);
    expect((await admin.put(`/api/v1/task-books/${book.id}/parts/budget`, { rowVersion: book.rowVersion, value: {} })).status).toBe(404);
  }, 60_000);

  it('answers a stored content saved under an earlier rule, dropping what the contract does not name', async () => {
    const est = await establishProject(ctx, admin, kjt, '001', '旧规则任务书试点项目');
    const book = await draft(est.projectId);
    // as an earlier version of the form might have left it: a field since removed, a value since refused
    await ctx.database.db.execute(
      sql`UPDATE task_books SET content = jsonb_set(jsonb_set(content, '{project,legacyNote}', '"旧字段"'), '{society,legalRepMobile}', '"不是电话"') WHERE id = ${book.id}`,
    );
    const res = await admin.get(`/api/v1/task-books/${book.id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.content.project.legacyNote).toBeUndefined();
    expect(res.body.content.society.legalRepMobile).toBe('不是电话');
  }, 60_000);
});
