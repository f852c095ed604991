// TB-1…TB-4 as rules: the content schema, the leader rule from the programme's parameters, what
// must be filled before signature, and the signing lifecycle in any order.
import { describe, expect, it } from 'vitest';
import { transition } from '../lifecycle.js';
import { getPreset } from '../presets/index.js';
import { fundingCoherence, leaderProblems, missingForSignature, partCoherence, type LeaderRule, type SignatureRule } from './taskbook.rules.js';
import { signatureEvent, taskBookLifecycle, type SigningParty } from './taskbook.lifecycle.js';
import { ZTaskBookContent, commonClauses, type TaskBookContent } from './taskbook.types.js';

const rule001: LeaderRule = getPreset('001')!.parameters;
const ready001: SignatureRule = { ...getPreset('001')!.parameters, today: '2026-11-30' };

function complete(): TaskBookContent {
  return ZTaskBookContent.parse({
    projectName: '工业机器人团体标准研制',
    society: {
      legalRepName: '王建国',
      leaderName: '李红',
      leaderPost: 'secretaryGeneral',
      leaderMobile: '13800000000',
      leaderApproval: { body: 'standingCouncil', decidedOn: '2026-10-12', reference: '第八届常务理事会第五次会议' },
      selfRaisedFen: 5_000_000,
    },
    department: { division: '高新技术处', headName: '张强', contactName: '刘洋', cooperationMode: 'serviceProcurement', funding: { supported: true, budgetFen: 50_000_000, nature: 'fiscal', source: 'projectFunds', policySupport: true } },
    association: { division: '学会部', headName: '赵敏', contactName: '陈晨', funding: { supported: false } },
    project: {
      content: '组织开展工业机器人团体标准研制。',
      rightsAndDuties: '委托单位监督检查，承接单位按任务书实施，协调单位指导保障。',
      goals: '发布团体标准 3 项。',
      keyTasks: '立项、起草、征求意见、审查、发布。',
      qualityRequirements: '符合团体标准管理规定。',
      fundsSource: '省财政项目经费',
      kpis: [{ name: '发布团体标准', target: 3, unit: '项' }],
      schedule: [
        { name: '完成立项', dueOn: '2027-01-31' },
        { name: '发布标准', dueOn: '2027-10-31' },
      ],
      members: [{ name: '李红', employer: '山东省机械工程学会', title: '秘书长', role: '项目负责人' }],
    },
  });
}

describe('task book content (TB-1, TB-2)', () => {
  it('accepts an empty draft: every field may wait until signature', () => {
    expect(ZTaskBookContent.safeParse({}).success).toBe(true);
  });
  it('keeps money in integer fen and refuses yuan with decimals', () => {
    const r = ZTaskBookContent.safeParse({ society: { selfRaisedFen: 12.5 } });
    expect(r.success).toBe(false);
  });
  it('refuses a KPI without a target or unit, so that it can be scored later', () => {
    expect(ZTaskBookContent.safeParse({ project: { kpis: [{ name: '发布标准', unit: '项' }] } }).success).toBe(false);
    expect(ZTaskBookContent.safeParse({ project: { kpis: [{ name: '发布标准', target: 3, unit: '' }] } }).success).toBe(false);
  });
  it('refuses a date that does not exist and an unknown field', () => {
    expect(ZTaskBookContent.safeParse({ project: { schedule: [{ name: '立项', dueOn: '2027-02-30' }] } }).success).toBe(false);
    expect(ZTaskBookContent.safeParse({ project: { budget: 1 } }).success).toBe(false);
  });
  it('prints the six common clauses of 002 §四', () => {
    expect(commonClauses).toHaveLength(6);
    expect(commonClauses[1]).toContain('书面形式');
  });
});

describe('rule: the project leader (TB-3, parameters of the programme)', () => {
  it('accepts a secretary-general approved by the standing council under preset 001', () => {
    expect(rule001.projectLeaderMinPost).toBe('secretaryGeneral');
    expect(leaderProblems(complete(), rule001)).toEqual([]);
  });
  it('refuses a deputy secretary-general, naming the minimum post', () => {
    const c = complete();
    c.society.leaderPost = 'deputySecretaryGeneral';
    expect(leaderProblems(c, rule001)).toEqual([{ path: 'society.leaderPost', message: '项目负责人须为秘书长或以上，当前为副秘书长' }]);
  });
  it('accepts a higher post than the minimum', () => {
    const c = complete();
    c.society.leaderPost = 'president';
    expect(leaderProblems(c, rule001)).toEqual([]);
  });
  it('requires the approval to be recorded, by a body the programme names', () => {
    const c = complete();
    c.society.leaderApproval = null;
    expect(leaderProblems(c, rule001).map((e) => e.path)).toEqual(['society.leaderApproval']);
    const onlyCouncil: LeaderRule = { projectLeaderMinPost: 'secretaryGeneral', leaderApprovalBodies: ['council'] };
    expect(leaderProblems(complete(), onlyCouncil)).toEqual([{ path: 'society.leaderApproval.body', message: '项目负责人须经理事会批准，当前登记为常务理事会' }]);
  });
});

describe('rule: ready for signature (TB-1…TB-3)', () => {
  it('lets a complete task book go to signature', () => {
    expect(missingForSignature(complete(), ready001)).toEqual([]);
  });
  it('names every missing field of each part in Chinese', () => {
    const missing = missingForSignature(ZTaskBookContent.parse({}), ready001);
    expect(missing.map((e) => e.path)).toEqual(expect.arrayContaining(['projectName', 'society.leaderName', 'department.cooperationMode', 'association.headName', 'project.kpis', 'project.schedule', 'society.leaderPost', 'society.leaderApproval']));
    expect(missing.every((e) => /^请|须/.test(e.message))).toBe(true);
  });
  it('requires amount, nature and source when funding is marked as supported, for department and association alike', () => {
    const c = complete();
    c.department.funding = { supported: true };
    c.association.funding = { supported: true, budgetFen: 0, nature: 'other', source: 'publicFunds' };
    expect(missingForSignature(c, ready001)).toEqual([
      { path: 'department.funding.budgetFen', message: '有经费支持时请填写预算额度' },
      { path: 'department.funding.nature', message: '有经费支持时请选择经费性质' },
      { path: 'department.funding.source', message: '有经费支持时请选择经费来源' },
      { path: 'association.funding.natureOther', message: '经费性质为“其他”时请说明' },
    ]);
  });
  it('requires the association to state whether it funds the project', () => {
    const c = complete();
    c.association.funding = null;
    expect(missingForSignature(c, ready001).map((e) => e.path)).toEqual(['association.funding.supported']);
  });
  it('takes the cooperation mode from the modes the programme allows (PRG-2)', () => {
    const onlyProcurement: SignatureRule = { ...ready001, commissioningModes: ['serviceProcurement'] };
    const c = complete();
    c.department.cooperationMode = 'authorisedCommission';
    expect(missingForSignature(c, onlyProcurement)).toEqual([{ path: 'department.cooperationMode', message: '本方案允许的合作方式为：购买服务' }]);
  });
  it('refuses a leader approval dated after today', () => {
    const c = complete();
    c.society.leaderApproval = { ...c.society.leaderApproval!, decidedOn: '2026-12-01' };
    expect(missingForSignature(c, ready001).map((e) => e.path)).toEqual(['society.leaderApproval.decidedOn']);
  });
  it('requires the schedule in date order (milestones come from it, SUP-2)', () => {
    const c = complete();
    c.project.schedule = [...c.project.schedule!].reverse();
    expect(missingForSignature(c, ready001).map((e) => e.path)).toEqual(['project.schedule.1.dueOn']);
  });
  it('refuses to go to signature with an unqualified leader', () => {
    const c = complete();
    c.society.leaderPost = 'fullTimeStaff';
    expect(missingForSignature(c, ready001).map((e) => e.path)).toEqual(['society.leaderPost']);
  });
});

describe('coherence of a party’s part (002’s funding block, issue 11 §3)', () => {
  it('经费支持 = 无 leaves 预算额度, 经费性质 and 经费来源 empty', () => {
    expect(fundingCoherence({ supported: false, policySupport: true })).toEqual([]);
    expect(fundingCoherence({ supported: false, budgetFen: 0, nature: 'other', natureOther: '不安排经费', source: 'publicFunds', policySupport: true })).toEqual([
      { path: 'funding.budgetFen', message: '无经费支持时不填写预算额度' },
      { path: 'funding.nature', message: '无经费支持时不选择经费性质' },
      { path: 'funding.source', message: '无经费支持时不选择经费来源' },
    ]);
  });
  it('经费支持 not yet answered: an amount, a nature or a source waits for “有”', () => {
    expect(fundingCoherence({ budgetFen: 100 }).map((e) => e.path)).toEqual(['funding.budgetFen']);
    expect(fundingCoherence({ supported: null, nature: 'fiscal', source: 'projectFunds' })).toEqual([
      { path: 'funding.nature', message: '选择经费性质前请先选择经费支持“有”' },
      { path: 'funding.source', message: '选择经费来源前请先选择经费支持“有”' },
    ]);
    expect(fundingCoherence({ policySupport: false })).toEqual([]); // 政策支持 stands on its own
  });
  it('the 说明 after “其他” belongs to 经费性质 = 其他', () => {
    expect(fundingCoherence({ supported: true, budgetFen: 100, nature: 'fiscal', natureOther: '专项资金', source: 'projectFunds' })).toEqual([{ path: 'funding.natureOther', message: '经费性质为“其他”时才填写说明' }]);
    expect(fundingCoherence({ supported: true, budgetFen: 100, nature: 'other', natureOther: '专项资金', source: 'projectFunds' })).toEqual([]);
  });
  it('经费支持 = 有 lets a draft wait for the amount, but not the signature', () => {
    expect(fundingCoherence({ supported: true })).toEqual([]);
    const c = complete();
    c.department.funding = { supported: true, nature: 'fiscal', source: 'projectFunds' };
    expect(missingForSignature(c, ready001)).toEqual([{ path: 'department.funding.budgetFen', message: '有经费支持时请填写预算额度' }]);
  });
  it('applies to the department and the association, and keeps an incoherent draft from signature', () => {
    const bad = { funding: { supported: false, source: 'publicFunds' as const } };
    expect(partCoherence('department', bad)).toEqual([{ path: 'funding.source', message: '无经费支持时不选择经费来源' }]);
    expect(partCoherence('association', bad)).toHaveLength(1);
    expect(partCoherence('society', bad)).toEqual([]);
    const c = complete();
    c.association.funding = bad.funding;
    expect(missingForSignature(c, ready001)).toEqual([{ path: 'association.funding.source', message: '无经费支持时不选择经费来源' }]);
  });
});

describe('lifecycle: three signatures in any order (TB-4)', () => {
  const orders: SigningParty[][] = [
    ['department', 'society', 'association'],
    ['association', 'department', 'society'],
    ['society', 'association', 'department'],
  ];
  for (const order of orders) {
    it(`${order.join(' → ')}: the first freezes, the third puts it in force`, () => {
      let state = taskBookLifecycle.events.edit.to;
      const signed: SigningParty[] = [];
      const events = order.map((p) => {
        const e = signatureEvent(signed, p);
        if (e === 'alreadySigned') throw new Error('unexpected');
        state = transition(taskBookLifecycle, state, e);
        signed.push(p);
        return state;
      });
      expect(events).toEqual(['signing', 'signing', 'signed']);
    });
  }
  it('refuses a second signature by the same party', () => {
    expect(signatureEvent(['society'], 'society')).toBe('alreadySigned');
  });
  it('refuses any edit once the first signature froze the content', () => {
    expect(() => transition(taskBookLifecycle, 'signing', 'edit')).toThrow('“签署中”状态下不能修改任务书');
    expect(() => transition(taskBookLifecycle, 'signed', 'edit')).toThrow();
  });
  it('returns to drafting when a party declines to sign, but never once all three have signed', () => {
    expect(transition(taskBookLifecycle, 'signing', 'withdrawSignatures')).toBe('drafting');
    expect(() => transition(taskBookLifecycle, 'signed', 'withdrawSignatures')).toThrow();
  });
  it('is superseded only when signed, by the version an approved change creates (SUP-5)', () => {
    expect(transition(taskBookLifecycle, 'signed', 'supersede')).toBe('superseded');
    expect(() => transition(taskBookLifecycle, 'signing', 'supersede')).toThrow();
  });
});
