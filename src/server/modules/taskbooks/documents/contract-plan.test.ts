// Seed 000 §4(2): the 职能转移合同's plan — the task book's fields told as a contract between 甲方 and
// 乙方 witnessed by the association, the seed's clauses, the signature block in the contract's order
// with the signers of the parts — and a glyph in both weights of the font for every character.
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { transferContractClauses } from '../../../../domain/taskbook/agreement.js';
import { commonClauses } from '../../../../domain/taskbook/taskbook.types.js';
import { buildContractPlan, planOf } from './contract-plan.js';
import { buildPlan } from './plan.js';
import { cjkFontPath, type FontWeight } from './fonts.js';
import type { TaskBookDocumentModel } from './model.js';
import { demoTaskBookModel, emptyDraftTaskBookModel } from './testing/demo-model.js';

const contract = (m: TaskBookDocumentModel): TaskBookDocumentModel => ({ ...m, agreementKind: 'transferContract' });

describe('the 职能转移合同 plan', () => {
  it('is the contract: its title and parties, the parties in the order 甲 乙 见证, the seed’s clauses', () => {
    const plan = buildContractPlan(contract(demoTaskBookModel()));
    expect(plan.cover.titleLines).toEqual(['山东省科协所属学会有序承接政府转移职能', '职能转移合同']);
    expect(plan.cover.fields).toEqual([
      ['项目名称', '省级科研和创新基地运行绩效评估'],
      ['甲方', '山东省科学技术厅'],
      ['乙方', '山东省机械工程学会'],
      ['见证方', '山东省科学技术协会'],
    ]);
    expect(plan.basicInfo.blocks.map((b) => b.unitLines.join(''))).toEqual(['甲方', '乙方', '见证方']);
    // each block keeps its party's rows: 甲方's is the department's (合作方式), 乙方's the society's (法定代表人)
    expect(plan.basicInfo.blocks[0].rows.some((r) => r.kind === 'wide' && r.label === '合作方式')).toBe(true);
    expect(plan.basicInfo.blocks[1].rows.some((r) => r.kind === 'pair' && r.l1 === '法定代表人')).toBe(true);
    expect(plan.members.groups.map((g) => g.label).slice(0, 3)).toEqual(['甲方', '乙方', '见证方']);
    expect(plan.clauses.items).toHaveLength(transferContractClauses.length);
    expect(plan.clauses.items[0]).toMatch(/^第一条\u3000甲方对转移给乙方的职能定规则/);
    expect(JSON.stringify(plan)).not.toContain(commonClauses[0]);
    expect(plan.header).toBe('省级科研和创新基地运行绩效评估——职能转移合同（第 1 版）');
    expect(plan.meta).toMatchObject({ title: '省级科研和创新基地运行绩效评估职能转移合同', documentName: '合同' });
  });

  it('splits a long association’s title over three cover lines', () => {
    const m = contract(demoTaskBookModel());
    m.parties.association.orgName = '宁夏回族自治区科学技术协会';
    expect(buildContractPlan(m).cover.titleLines).toEqual(['宁夏回族自治区科协所属学会', '有序承接政府转移职能', '职能转移合同']);
  });

  it('signs as 甲方, 乙方 and 见证方 with the signers of the parts and, apart, who applied the seal', () => {
    const plan = buildContractPlan(contract(demoTaskBookModel()));
    expect(plan.opinions.heading).toBe('五、合同签署');
    expect(plan.opinions.blocks.map((b) => [b.party, b.title, b.orgName, b.signerLabel, b.signerName, b.operator])).toEqual([
      ['department', '甲方（职能转移部门）', '山东省科学技术厅', '负责人（签字）', '王建国', '经办人：赵晓明'],
      ['society', '乙方（承接学会）', '山东省机械工程学会', '法定代表人（签字）', '张立新', '经办人：周文静'],
      ['association', '见证方', '山东省科学技术协会', '负责人（签字）', '孙晓东', '经办人：李静'],
    ]);
    expect(plan.closing[0]).toBe('本合同第 1 版已由甲方、乙方签署，并经见证方见证，于2026年4月3日生效。');
  });

  it('a draft says so; the task book stays the task book', () => {
    const draft = buildContractPlan(contract(emptyDraftTaskBookModel()));
    expect(draft.closing[0]).toBe('本合同第 1 版为草稿，尚未签署，不具有效力，无校验码。');
    expect(draft.watermark).toBe('草稿');
    expect(planOf(demoTaskBookModel())).toEqual(buildPlan(demoTaskBookModel()));
    expect(planOf({ ...demoTaskBookModel(), agreementKind: 'triPartyTaskBook' }).opinions.heading).toBe('五、三方单位意见');
  });

  it('has a glyph in both weights of the font for every character it prints', () => {
    const texts = [demoTaskBookModel(), emptyDraftTaskBookModel(), { ...demoTaskBookModel(), status: 'signing' as const }, { ...demoTaskBookModel(), status: 'superseded' as const }]
      .map((m) => JSON.stringify(buildContractPlan(contract(m))))
      .join('');
    const chars = new Set([...texts, ...transferContractClauses.join('')]);
    for (const weight of ['regular', 'bold'] as FontWeight[]) {
      const doc = new PDFDocument({ font: null as unknown as string, autoFirstPage: false });
      doc.registerFont('f', cjkFontPath(weight));
      doc.font('f');
      const font = (doc as unknown as { _font: { font: { hasGlyphForCodePoint(cp: number): boolean } } })._font.font;
      const missing = [...chars].filter((c) => c >= ' ' && !font.hasGlyphForCodePoint(c.codePointAt(0)!));
      expect(missing, `${weight}: no glyph for ${missing.join(' ')}`).toEqual([]);
    }
  });
});
