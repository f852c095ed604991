// A complete, signed task book as the demo data and the tests, benchmark and screenshots use it:
// 山东省科学技术厅 commissions 山东省机械工程学会 to assess the provincial research and innovation
// bases, 山东省科学技术协会 coordinates.
import { sm3Hex } from '../../../../platform/crypto/sm3.js';
import type { TaskBookContent } from '../../../../../domain/taskbook/taskbook.types.js';
import type { TaskBookDocumentModel } from '../model.js';

export const DEMO_VERIFICATION_CODE = 'TB7K-3QX9-M2PD-8WZA';

export function demoTaskBookContent(): TaskBookContent {
  return {
    projectName: '省级科研和创新基地运行绩效评估',
    society: {
      legalRepName: '张立新',
      legalRepMobile: '13805310001',
      legalRepPhone: '0531-86012345',
      legalRepEmail: 'zhanglx@sdmes.example.cn',
      leaderName: '刘海燕',
      leaderPost: 'secretaryGeneral',
      leaderMobile: '13905312288',
      leaderPhone: '0531-86012346',
      leaderEmail: 'liuhy@sdmes.example.cn',
      leaderApproval: { body: 'council', decidedOn: '2026-03-12', reference: '山东省机械工程学会第十一届理事会第四次会议' },
      selfRaisedFen: 5_000_000, // 5 万元
    },
    department: {
      division: '基础研究处',
      headName: '王建国',
      contactName: '赵晓明',
      contactPhone: '0531-51751234',
      contactMobile: '13698765432',
      contactEmail: 'jcyjc@kjt.example.cn',
      cooperationMode: 'serviceProcurement',
      funding: { supported: true, budgetFen: 48_000_000, nature: 'fiscal', natureOther: null, source: 'projectFunds', policySupport: true },
    },
    association: {
      division: '学会部',
      headName: '孙晓东',
      contactName: '李静',
      contactPhone: '0531-82608123',
      contactMobile: '13583112233',
      contactEmail: 'xhb@sdast.example.cn',
      funding: { supported: true, budgetFen: 6_000_000, nature: 'other', natureOther: '省科协学会能力提升专项资金', source: 'publicFunds', policySupport: false },
    },
    project: {
      content:
        '受山东省科学技术厅委托，山东省机械工程学会对全省装备制造领域的省重点实验室、省技术创新中心和省工程研究中心共计86家省级科研和创新基地开展2023—2025年度运行绩效评估。\n评估采取“材料审查＋现场考察＋专家会评”相结合的方式，围绕创新能力与水平、开放共享与人才培养、运行管理与条件保障三个方面形成评估结论，提出优秀、良好、合格、不合格等次建议，并对存在问题的基地提出整改意见。',
      goals:
        '2026年12月31日前完成全部86家基地的运行绩效评估，形成评估总报告和分基地评估报告，评估结果经委托单位审定后作为基地动态调整和绩效奖补的依据；通过承接本项目，建立学会第三方评估专家库和评估工作规程，提升学会承接政府转移职能的能力。',
      keyTasks:
        '1. 研究制定评估指标体系、评分细则和工作方案，报委托单位审定。\n2. 组建不少于60人的评估专家库，开展评估专家培训和回避、保密承诺。\n3. 组织基地在线填报运行数据，完成材料形式审查和数据核验。\n4. 对不少于30%的基地开展现场考察，组织专家分组会评。\n5. 汇总形成评估结果和评估报告，按程序公示并报委托单位审定。',
      rightsAndDuties:
        '委托单位负责提出评估任务和要求，提供基地名单和必要的数据资料，审定评估方案和评估结果，按约定拨付经费，并对评估工作进行监督检查。承接单位负责按照本任务书组织实施评估，保证评估工作独立、客观、公正，对评估中知悉的技术秘密和个人信息负有保密义务，不得向被评估单位收取任何费用。协调单位负责统筹协调和指导督促，组织中期检查，配合委托单位开展考核评估。',
      qualityRequirements:
        '评估程序符合《山东省省级科研和创新基地管理办法》规定；每家基地的评审专家不少于5人，专家与被评估基地存在利益关系的一律回避；评估报告数据准确、结论有据，经委托单位抽查复核一致率不低于95%；评估材料完整归档，保存期限不少于5年。',
      fundsSource: '委托单位以政府购买服务方式安排项目经费48万元，协调单位安排学会能力提升专项资金6万元，承接单位自筹经费5万元，专款专用，单独核算。',
      kpis: [
        { name: '完成运行绩效评估的基地数量', target: 86, unit: '家' },
        { name: '入库评估专家人数', target: 60, unit: '人' },
        { name: '现场考察基地比例', target: 30, unit: '%' },
        { name: '评估结果抽查复核一致率', target: 95, unit: '%' },
        { name: '被评估单位满意度', target: 90, unit: '%' },
        { name: '形成评估报告', target: 87, unit: '份' },
      ],
      schedule: [
        { name: '制定评估方案和指标体系', dueOn: '2026-05-31', deliverable: '评估工作方案、指标体系和评分细则（经委托单位审定）' },
        { name: '组建专家库并完成数据填报审查', dueOn: '2026-07-31', deliverable: '评估专家库名单、形式审查意见' },
        { name: '完成现场考察和专家会评', dueOn: '2026-10-31', deliverable: '现场考察记录、专家评审意见' },
        { name: '形成评估结果并报送审定', dueOn: '2026-12-31', deliverable: '评估总报告、86份分基地评估报告' },
      ],
      members: [
        { name: '赵晓明', employer: '山东省科学技术厅', title: '基础研究处二级调研员', role: '项目监督与协调' },
        { name: '刘海燕', employer: '山东省机械工程学会', title: '秘书长／研究员', role: '项目负责人，全面组织实施' },
        { name: '陈志强', employer: '山东省机械工程学会', title: '副秘书长／正高级工程师', role: '评估指标体系设计与专家组织' },
        { name: '周文静', employer: '山东省机械工程学会', title: '办公室主任／工程师', role: '数据审查、报告汇总与档案管理' },
        { name: '李静', employer: '山东省科学技术协会', title: '学会部四级调研员', role: '统筹协调与中期检查' },
      ],
    },
  };
}

/** A signed first version with three signatures, its verification code and content digest. */
export function demoTaskBookModel(): TaskBookDocumentModel {
  const content = demoTaskBookContent();
  return {
    projectName: content.projectName ?? '省级科研和创新基地运行绩效评估',
    version: 1,
    status: 'signed',
    verificationCode: DEMO_VERIFICATION_CODE,
    contentDigest: sm3Hex(JSON.stringify(content)),
    parties: {
      department: { orgName: '山东省科学技术厅' },
      society: { orgName: '山东省机械工程学会' },
      association: { orgName: '山东省科学技术协会' },
    },
    content,
    signatures: [
      { party: 'association', orgName: '山东省科学技术协会', operatorName: '李静', opinion: '同意。请承接单位严格按照任务书组织实施，协调单位将做好指导和督促。', signedAt: '2026-04-01T02:15:00.000Z' },
      { party: 'society', orgName: '山东省机械工程学会', operatorName: '周文静', opinion: '同意承接，保证按期保质完成任务。', signedAt: '2026-04-02T06:40:00.000Z' },
      { party: 'department', orgName: '山东省科学技术厅', operatorName: '赵晓明', opinion: '同意委托。', signedAt: '2026-04-03T01:05:00.000Z' },
    ],
    verifyUrl: 'https://chengjie.example.cn/portal/verify',
  };
}

/** The same project as a fresh draft: nothing filled in but the name, no signatures, no code. */
export function emptyDraftTaskBookModel(): TaskBookDocumentModel {
  return {
    projectName: '省级科研和创新基地运行绩效评估',
    version: 1,
    status: 'drafting',
    verificationCode: null,
    contentDigest: null,
    parties: {
      department: { orgName: '山东省科学技术厅' },
      society: { orgName: '山东省机械工程学会' },
      association: { orgName: '山东省科学技术协会' },
    },
    content: { society: {}, department: {}, association: {}, project: {} },
    signatures: [],
    verifyUrl: 'https://chengjie.example.cn/portal/verify',
  };
}
