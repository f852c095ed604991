// Issue 12 "Done when": a client made from /api/openapi.json alone drives the whole transfer and
// task-book flow — programme, item, relay, declaration with evidence, review, countersign by the
// five offices, approval, the department's choice, the task book drafted, filled by the three
// parties, signed by them, and verified on the portal. Every call goes by operationId; every
// request body is checked against the document before it is sent and every answer after it comes
// back (testing/openapi-client.ts), so an answer the document does not describe fails here.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from './testing/harness.js';
import { OpenApiClient, type OpenApiDocument } from './testing/openapi-client.js';
import { completeContent } from './testing/project-fixture.js';

const ctx = await createTestContext();
afterAll(() => ctx.close());

const doc = (await OpenApiClient.load(ctx.app)).doc as OpenApiDocument;
const clients = new Map<string, OpenApiClient>();
async function as(username: string): Promise<OpenApiClient> {
  let c = clients.get(username);
  if (!c) {
    c = new OpenApiClient(ctx.app, doc);
    await c.login(username);
    clients.set(username, c);
  }
  return c;
}
// the answers are checked against the document at run time; the test reads them as plain JSON
const ok = (res: { status: number; body: unknown }, status = 200): any => {
  expect(res.status, JSON.stringify(res.body).slice(0, 600)).toBe(status);
  return res.body;
};

interface Category {
  code: string;
  children?: Category[];
}
const leafOf = (cats: Category[]): string => (cats[0].children ? leafOf(cats[0].children) : cats[0].code);
// The review offices of preset 001 and the demo's officer of each.
const OFFICERS: Record<string, string> = { establishment: 'bianban.user', developmentReform: 'fgw.user', civilAffairs: 'mzt.user', finance: 'czt.user', legal: 'fzb.user' };

describe('a client generated from the OpenAPI document', () => {
  it('drives the transfer flow from a programme to a signed, publicly verifiable task book', async () => {
    const assoc = await as('sheng.admin');
    const dept = await as('kjt.user');
    const society = await as('jixie.user');
    const anon = new OpenApiClient(ctx.app, doc);

    // PRG-1: the province's programme under preset 001, published.
    const year = new Date().getFullYear();
    const created = ok(await assoc.call('postProgrammes', { body: { associationId: ctx.ids.province, presetCode: '001', name: '由接口文档驱动的转移试点方案', year } }), 201);
    const programme = ok(await assoc.call('postProgrammesByIdPublish', { params: { id: created.id }, body: { version: created.version, confirmPastStages: true } }));
    const manual = (programme.parameters.qualificationConditions as { rule: string }[]).map((c, i) => (c.rule === 'manual' ? i : -1)).filter((i) => i >= 0);

    // FUN-1: the department publishes an item; the portal shows it.
    const draft = ok(await dept.call('postItems', { body: { programmeId: programme.id, title: '接口驱动的科技评估服务', categoryCode: leafOf(programme.categories), description: '组织专家开展科技评估并形成报告。', commissioningMode: programme.parameters.commissioningModes[0], budgetFen: 1_000_000, expectedPeriod: '6个月' } }), 201);
    const item = ok(await dept.call('postItemsByIdPublish', { params: { id: draft.id }, body: { version: draft.version } }));
    expect(ok(await anon.call('getPublicItemsById', { params: { id: item.id } })).title).toBe('接口驱动的科技评估服务');

    // SEL-1…SEL-4: relay, evidence, declaration, recommendation.
    ok(await assoc.call('postRelays', { body: { programmeId: programme.id, itemIds: [item.id], note: '请按期申报' } }));
    expect(ok(await society.call('getItemsByIdQualification', { params: { id: item.id } })).isQualified).toBe(true);
    const file = ok(await society.call('postAttachments', { query: { filename: '承接能力证明.pdf' }, raw: Buffer.from('%PDF-1.4 evidence'), contentType: 'application/octet-stream' }), 201);
    const declaration = ok(await society.call('postItemsByIdDeclarations', { params: { id: item.id }, body: { capacityStatement: '本会设有专业委员会，近三年承担同类项目多项。', attachmentIds: [file.id] } }), 201);
    const recommended = ok(await assoc.call('postDeclarationsByIdReview', { params: { id: declaration.id }, body: { version: declaration.version, decision: 'recommend', opinion: '予以推荐。', manualConfirmed: manual } }));
    expect(recommended.status).toBe('recommended');

    // SEL-5, SEL-6: the five offices agree, the province approves, the department chooses.
    let cs = ok(await assoc.call('postCountersigns', { body: { programmeId: programme.id, itemIds: [item.id], title: '接口驱动的可承接职能清单' } }), 201);
    for (const o of cs.opinions as { officeKind: string }[]) {
      cs = ok(await (await as(OFFICERS[o.officeKind])).call('postCountersignsByIdOpinion', { params: { id: cs.id }, body: { version: cs.version, decision: 'agree', opinion: '同意' } }));
    }
    expect(cs.status).toBe('approving');
    ok(await assoc.call('postCountersignsByIdApprove', { params: { id: cs.id }, body: { version: cs.version, approvalDocument: '批复〔2026〕9号', approvedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) } }));
    const selecting = ok(await dept.call('getItemsById', { params: { id: item.id } }));
    expect(selecting.actions).toContain('select');
    const project = ok(await dept.call('postItemsByIdSelect', { params: { id: item.id }, body: { version: selecting.version, declarationId: declaration.id, reason: '专家资源和同类经验更优。' } }), 201);
    const read = ok(await assoc.call('getProjectsById', { params: { id: project.id } }));
    expect(read.societyName).toBe('山东省机械工程学会');
    // the document is strict, so these checks can fail: a field it does not name, a wrong type
    expect(() => assoc.checkAnswer('getProjectsById', 200, { ...read, notInTheContract: 1 })).toThrow(/does not match/);
    expect(() => assoc.checkAnswer('getProjectsById', 200, { ...read, societyName: 7 })).toThrow(/does not match/);

    // TB-1…TB-4: the task book drafted, its four parts filled by their parties, signed by the three.
    let book = ok(await assoc.call('postProjectsByIdTaskBooks', { params: { id: project.id } }), 201);
    const content = completeContent('接口驱动的科技评估服务', programme.parameters.commissioningModes[0]);
    for (const [c, part, op] of [
      [dept, 'department', 'putTaskBooksByIdPartsDepartment'],
      [society, 'society', 'putTaskBooksByIdPartsSociety'],
      [assoc, 'association', 'putTaskBooksByIdPartsAssociation'],
      [assoc, 'project', 'putTaskBooksByIdPartsProject'],
    ] as const) {
      book = ok(await c.call(op, { params: { id: book.id }, body: { rowVersion: book.rowVersion, value: content[part] } }));
    }
    for (const c of [society, dept, assoc]) book = ok(await c.call('postTaskBooksByIdSign', { params: { id: book.id }, body: { rowVersion: book.rowVersion, opinion: '同意' } }));
    expect(book.status).toBe('signed');

    // PUB-2: anyone verifies it by its code.
    const verified = ok(await anon.call('getPublicTaskBooksVerify', { query: { code: book.verificationCode } }));
    expect(verified).toMatchObject({ valid: true, match: 'exact' });

    // The client used the document alone for every one of these operations.
    expect(new Set([...clients.values(), anon].flatMap((c) => [...c.called])).size).toBeGreaterThanOrEqual(20);
  });
});
