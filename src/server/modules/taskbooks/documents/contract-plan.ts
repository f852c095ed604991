// TB-5, seed 000 §4(2): the 职能转移合同 (function-transfer contract) as it is printed — the
// agreement of a programme whose agreementKind is transferContract. The department (甲方, the
// transferring department) and the society (乙方, the undertaking society) sign it; the association
// signs as witness (见证方: 自治区科协督导各试点学会，按照合同要求推进实施工作). It is the task
// book's record with the same fields (docs/adr/0011), so its plan is the task book's (plan.ts) told
// as a contract: its own cover and title, 合同说明, the parties in the order 甲 乙 见证 under their
// roles, the content as 转移职能的内容与要求, the seed's clauses instead of 002's common clauses, and
// the signature block of 甲方, 乙方 and 见证方. docx.ts and pdf.ts lay it out as they do the task book.
import { agreementTexts, transferContractClauses } from '../../../../domain/taskbook/agreement.js';
import type { DocumentParty, TaskBookDocumentModel } from './model.js';
import { buildPlan, cnDate, EM_SPACE, shortAssociation, type DocumentPlan, type InfoBlock, type MemberGroup, type OpinionBlock, type ProjectSection } from './plan.js';

const texts = agreementTexts.transferContract;
/** the parties in the order a contract names them */
const ORDER: DocumentParty[] = ['department', 'society', 'association'];
/** the unit column of each party's block, one character a line as the task book prints 项目/委托/单位 */
const UNIT_LINES: Record<DocumentParty, string[]> = { department: ['甲', '方'], society: ['乙', '方'], association: ['见', '证', '方'] };
/** the signature block's heading of each party */
const SIGN_TITLES: Record<DocumentParty, string> = { department: '甲方（职能转移部门）', society: '乙方（承接学会）', association: '见证方' };
/** what the task book's sections are called in a contract */
const SECTION_HEADINGS: Record<string, string> = {
  '（一）项目内容': '（一）转移职能的内容',
  '（四）各方权利和义务': '（四）各方的责任、权利和义务',
};

/** The plan of a 职能转移合同. */
export function buildContractPlan(model: TaskBookDocumentModel): DocumentPlan {
  const base = buildPlan(model);
  const org = (p: DocumentParty) => model.parties[p]?.orgName?.trim() ?? '';
  const assoc = org('association');
  const assocShort = shortAssociation(assoc);
  const named = assocShort !== assoc ? `${assoc}（以下简称${assocShort}）` : assoc;
  const v = `本合同第 ${model.version} 版`;
  const drafting = model.status === 'drafting';
  const signed = base.opinions.blocks.filter((b) => b.signed).map((b) => texts.partyShort[b.party]);
  const lastSignedAt = model.signatures.map((s) => s.signedAt).sort().at(-1) ?? null;

  // the blocks of 一 and the groups of 三, keyed by the party they hold (the task book's order is 承接, 委托, 协调)
  const blockOf: Record<DocumentParty, InfoBlock> = { society: base.basicInfo.blocks[0], department: base.basicInfo.blocks[1], association: base.basicInfo.blocks[2] };
  const blocks = ORDER.map((p) => ({ ...blockOf[p], unit: texts.partyLabels[p], unitLines: UNIT_LINES[p] }));
  const groupLabel: Record<string, DocumentParty> = { 委托单位: 'department', 承接单位: 'society', 协调单位: 'association' };
  const groups: MemberGroup[] = [];
  for (const p of ORDER) {
    const g = base.members.groups.find((x) => groupLabel[x.label] === p)!;
    groups.push({ ...g, label: texts.partyShort[p], lines: UNIT_LINES[p] });
  }
  groups.push(...base.members.groups.filter((g) => !groupLabel[g.label]));
  const sections: ProjectSection[] = base.project.sections.map((s) => ({ ...s, heading: SECTION_HEADINGS[s.heading] ?? s.heading }));
  const opinions: OpinionBlock[] = ORDER.map((p) => ({ ...base.opinions.blocks.find((b) => b.party === p)!, title: SIGN_TITLES[p] }));

  const standing = {
    drafting: `${v}为草稿，尚未签署，不具有效力，无校验码。`,
    signing: `${v}正在签署中${signed.length ? `（已签署：${signed.join('、')}）` : ''}，甲方、乙方和见证方全部签署后生效。`,
    signed: `${v}已由甲方、乙方签署，并经见证方见证，于${lastSignedAt ? cnDate(lastSignedAt) : ''}生效。`,
    superseded: `${v}已被变更后的新版本替代，不再有效。`,
  }[model.status];
  const code = base.footer.code;
  const closing = [standing, ...(code ? [`校验码：${code}。持有者可在 ${model.verifyUrl} 输入校验码，核对本合同的版本、内容和签署情况。`] : []), ...(base.footer.digestLine ? [base.footer.digestLine] : [])];

  return {
    ...base,
    cover: {
      ...base.cover,
      // a cover line holds 20 characters of the title's size (22 pt on the 453.5 pt text width)
      titleLines: `${assocShort}所属学会有序承接政府转移职能`.length <= 20 ? [`${assocShort}所属学会有序承接政府转移职能`, texts.title] : [`${assocShort}所属学会`, '有序承接政府转移职能', texts.title],
      fields: [
        ['项目名称', base.projectName],
        ['甲方', org('department')],
        ['乙方', org('society')],
        ['见证方', assoc],
      ],
    },
    instructions: {
      title: '合 同 说 明',
      items: [
        `本合同是${named}所属学会（以下简称学会）有序承接政府转移职能试点的职能转移合同。甲方为转移职能的政府部门，乙方为承接职能的学会，${assocShort}为见证方。`,
        '甲乙双方通过本合同明确各自的责、权、利，建立考核和问责机制；甲方对乙方履行合同实施监管，见证方督导乙方按照合同要求推进实施工作。',
        '本合同一式三份，甲方、乙方和见证方各执一份。',
        '填写内容涉及到外文名称，须写清全称和缩写字母。',
        '凡不填内容的栏目，请用“—”表示。',
        `本合同由各方在“承接”平台上填写，经甲方、乙方和见证方以电子签章（SM2）签署后生效。每页页脚印有本合同的校验码和内容摘要，持有者可在平台核验页面（${model.verifyUrl}）输入校验码，核对合同的版本、内容和签署情况。`,
      ],
    },
    basicInfo: { heading: '一、合同各方基本信息', blocks },
    project: { heading: '二、转移职能的内容与要求', sections },
    members: { ...base.members, heading: '三、项目组成员', groups },
    clauses: { heading: '四、合 同 条 款', items: transferContractClauses.map((t, i) => `第${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i] ?? i + 1}条${EM_SPACE}${t}`) },
    opinions: { heading: '五、合同签署', blocks: opinions },
    closing,
    header: `${base.projectName}——${texts.title}（第 ${model.version} 版）`,
    meta: {
      ...base.meta,
      title: `${base.projectName}${texts.title}`,
      subject: `${texts.title}（第 ${model.version} 版）${code ? `，校验码 ${code}` : drafting ? '，草稿（未签署）' : ''}`,
      documentName: '合同',
    },
  };
}

/** The plan of whichever document the model is. */
export const planOf = (model: TaskBookDocumentModel): DocumentPlan => (model.agreementKind === 'transferContract' ? buildContractPlan(model) : buildPlan(model));
