// Issue 11 §3 through HTTP on both drivers: a party's part that contradicts itself (经费支持 = 无 with
// a nature or a source) is refused with the field's message and changes nothing; the issued Word
// file names the 法定代表人 and the 负责人 from the parts and, apart, the users who applied the seals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, as, createTestContext, type TestContext } from '../../testing/harness.js';
import { completeContent, establishProject, signedProject } from '../../testing/project-fixture.js';
import { readZipEntries } from './documents/extract.js';

let ctx: TestContext;
let admin: TestClient;
let kjt: TestClient;
let jixie: TestClient;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await as(ctx.app, 'sheng.admin');
  kjt = await as(ctx.app, 'kjt.user');
  jixie = await as(ctx.app, 'jixie.user');
}, 120_000);
afterAll(async () => ctx?.close());

describe('coherence of the parties’ parts (issue 11 §3)', () => {
  it('refuses 经费支持 = 无 with an amount, a nature or a source, naming each field, and changes nothing', async () => {
    const title = '经费一致性试点项目';
    const est = await establishProject(ctx, admin, kjt, '001', title);
    const drafted = await admin.post(`/api/v1/projects/${est.projectId}/task-books`);
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const id: string = drafted.body.id;
    const c = completeContent(title, est.parameters.commissioningModes[0] ?? 'authorisedCommission');

    const none = { supported: false, budgetFen: 0, nature: 'other', natureOther: '不安排经费', source: 'publicFunds', policySupport: true };
    const dept = await kjt.put(`/api/v1/task-books/${id}/parts/department`, { rowVersion: drafted.body.rowVersion, value: { ...c.department, funding: none } });
    expect(dept.status).toBe(400);
    expect(dept.headers['content-type']).toContain('application/problem+json');
    expect(dept.body.errors).toEqual([
      { path: 'body.value.funding.budgetFen', message: '无经费支持时不填写预算额度' },
      { path: 'body.value.funding.nature', message: '无经费支持时不选择经费性质' },
      { path: 'body.value.funding.source', message: '无经费支持时不选择经费来源' },
    ]);
    // the association's block follows the same rule; the 说明 belongs to 经费性质 = 其他
    const assoc = await admin.put(`/api/v1/task-books/${id}/parts/association`, { rowVersion: drafted.body.rowVersion, value: { ...c.association, funding: { supported: true, budgetFen: 100_000, nature: 'fiscal', natureOther: '专项资金', source: 'projectFunds' } } });
    expect(assoc.status).toBe(400);
    expect(assoc.body.errors).toEqual([{ path: 'body.value.funding.natureOther', message: '经费性质为“其他”时才填写说明' }]);
    const unanswered = await admin.put(`/api/v1/task-books/${id}/parts/association`, { rowVersion: drafted.body.rowVersion, value: { ...c.association, funding: { source: 'publicFunds' } } });
    expect(unanswered.status).toBe(400);
    expect(unanswered.body.errors).toEqual([{ path: 'body.value.funding.source', message: '选择经费来源前请先选择经费支持“有”' }]);

    // nothing was saved: the draft is as it was
    const after = await admin.get(`/api/v1/task-books/${id}`);
    expect(after.body.rowVersion).toBe(drafted.body.rowVersion);
    expect(after.body.content.department.funding ?? null).toBeNull();
    expect(after.body.content.association.funding ?? null).toBeNull();

    // the coherent answers are saved as sent; 有 may wait for its amount until signature
    const ok = await kjt.put(`/api/v1/task-books/${id}/parts/department`, { rowVersion: drafted.body.rowVersion, value: { ...c.department, funding: { supported: false, policySupport: true } } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.content.department.funding).toEqual({ supported: false, policySupport: true });
    const pending = await admin.put(`/api/v1/task-books/${id}/parts/association`, { rowVersion: ok.body.rowVersion, value: { ...c.association, funding: { supported: true } } });
    expect(pending.status, JSON.stringify(pending.body)).toBe(200);
    expect(pending.body.missing).toEqual(expect.arrayContaining([{ path: 'association.funding.budgetFen', message: '有经费支持时请填写预算额度' }]));
  }, 120_000);
});

describe('the signed task book’s signature blocks (issue 11 §3, TB-5)', () => {
  it('prints the 法定代表人 and 负责人 of the parts, and apart who applied each seal, each party’s date once', async () => {
    const s = await signedProject(ctx, { admin, dept: kjt, society: jixie }, '001', '签署栏试点项目');
    const res = await kjt.request('GET', `/api/v1/task-books/${s.taskBookId}/document?format=docx`);
    expect(res.status).toBe(200);
    const xml = readZipEntries(res.raw, ['word/document.xml']).get('word/document.xml')!.toString('utf8');
    const text = xml.replace(/<[^>]+>/g, '');
    const five = text.slice(text.indexOf('五、三方单位意见'));
    // completeContent: 法定代表人 王建国, department 负责人 张华, association 负责人 刘洋;
    // the seals were applied by jixie.user 郑伟, kjt.user 吴敏 and sheng.admin 李明
    expect(five).toContain('负责人（签字）：张华');
    expect(five).toContain('法定代表人（签字）：王建国');
    expect(five).toContain('负责人（签字）：刘洋');
    for (const operator of ['郑伟', '吴敏', '李明']) {
      expect(five).toContain(`经办人：${operator}`);
      expect(five).not.toContain(`（签字）：${operator}`);
    }
    const dates = [...five.matchAll(/\d{4}年\d{1,2}月\d{1,2}日/g)].map((m) => m[0]);
    expect(dates).toHaveLength(3 + 1); // one per party, and the closing line's date of coming into force
    // the verification address is the deployment's (PUBLIC_URL, here the local one)
    expect(text).toContain(`${ctx.config.publicUrl}/portal/verify`);
  }, 180_000);
});
