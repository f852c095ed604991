// TB-1…TB-5, PRG-2: which agreement binds a pilot project — the programme's `agreementKind`. Most
// presets sign the tri-party task book (三方任务书: 委托单位, 承接单位, 协调单位, seed 002); seed 000
// §4(2) has the department and the society sign a 职能转移合同 (function-transfer contract) with the
// association as witness (见证方: 自治区科协督导各试点学会，按照合同要求推进实施工作). Both are the
// same record (a task_books version: content, three SM2 signatures, freezing, change requests,
// verification); the kind is fixed in the version's content when it is drafted, so the signatures
// cover it and a later change of the programme's parameter never re-titles a signed document
// (docs/adr/0011). Content without the field is a tri-party task book (every version before it).
import { z } from 'zod';
import type { AgreementKind } from '../programme/programme.types.js';
import type { SigningParty } from './taskbook.lifecycle.js';

export const taskBookAgreementKinds = ['triPartyTaskBook', 'transferContract'] as const;
export const ZTaskBookAgreementKind = z.enum(taskBookAgreementKinds);
export type TaskBookAgreementKind = (typeof taskBookAgreementKinds)[number];

/** The agreement a new draft of a programme's project is: a transfer contract where the programme says so, else the task book. */
export function agreementKindForProgramme(kind: AgreementKind | undefined): TaskBookAgreementKind {
  return kind === 'transferContract' ? 'transferContract' : 'triPartyTaskBook';
}

/** The kind a version's content records (absent: a tri-party task book). */
export const agreementKindOf = (content: { agreementKind?: TaskBookAgreementKind | null } | null | undefined): TaskBookAgreementKind => content?.agreementKind ?? 'triPartyTaskBook';

export interface AgreementTexts {
  /** the document's name: 三方任务书 / 职能转移合同 */
  title: string;
  /** each party's role in it */
  partyLabels: Record<SigningParty, string>;
  /** the short names the document uses for the parties (委托单位 / 甲方 …) */
  partyShort: Record<SigningParty, string>;
  /** the four parts of the content as the parties fill them in */
  partLabels: Record<'society' | 'department' | 'association' | 'project', string>;
}

export const agreementTexts: Record<TaskBookAgreementKind, AgreementTexts> = {
  triPartyTaskBook: {
    title: '三方任务书',
    partyLabels: { department: '项目委托单位', society: '项目承接单位', association: '项目协调单位' },
    partyShort: { department: '委托单位', society: '承接单位', association: '协调单位' },
    partLabels: { society: '项目承接单位信息', department: '项目委托单位信息', association: '项目协调单位信息', project: '试点项目内容' },
  },
  transferContract: {
    title: '职能转移合同',
    partyLabels: { department: '甲方（职能转移部门）', society: '乙方（承接学会）', association: '见证方（科协）' },
    partyShort: { department: '甲方', society: '乙方', association: '见证方' },
    partLabels: { society: '乙方（承接学会）信息', department: '甲方（职能转移部门）信息', association: '见证方（科协）信息', project: '转移职能的内容与要求' },
  },
};

export const agreementTextsOf = (content: { agreementKind?: TaskBookAgreementKind | null } | null | undefined): AgreementTexts => agreementTexts[agreementKindOf(content)];

/**
 * Seed 000: the clauses of a 职能转移合同, printed in every contract (fixed text, not edited per
 * contract) in place of the task book's six common clauses (002 §四). Each from the seed's words:
 * §2(1) 政府相关职能部门要对转移的职能定规则、提要求，履行好监管责任…学会组织要强化承接责任；§4(2)
 * 编制试点项目实施方案…报送对应政府部门审查确认；签订职能转移合同，明确责、权、利，建立考核和问责
 * 机制，并实施监管；自治区科协督导各试点学会，按照合同要求推进实施工作；§3(1)3 将执行过程出现的问题
 * 和解决问题的意见，及时向职能转移部门书面报告；§2(3) 引导学会依法依章程开展工作…坚决避免“红顶
 * 中介”“二政府”现象；§5(1) 可负责、可问责的职能转移责权机制；the last two as the task book's
 * clauses (4) and (6) of 002 for change, termination and disputes, which the platform runs alike.
 */
export const transferContractClauses: readonly string[] = [
  '甲方对转移给乙方的职能定规则、提要求，履行监管责任；甲方建立考核和问责机制，对乙方履行合同的情况实施监管，并有权组织专家进行检查。',
  '乙方强化承接责任，以职业化、专业化、标准化的工作水准承接本合同约定的职能；编制实施方案（工作目标、组织机构及分工职责、工作模式、工作机制、保障措施），报甲方审查确认后实施。',
  '乙方依法依章程开展工作，不得以甲方名义开展经营或收费活动，杜绝“红顶中介”“二政府”现象；执行过程中出现的问题和解决问题的意见，及时向甲方书面报告。',
  '见证方督导乙方按照合同要求推进实施工作，做好与甲方的统筹协调、沟通对接，为合同的履行提供指导与保障。',
  '合同内容如需变更，须以书面形式向甲方和见证方提出，按照规定程序报批，形成新版本后由三方重新签署；乙方不能按计划履行而要求中止的，应视不同情况，部分或全部退还所拨经费；乙方未主动提出中止的，甲方有权会同见证方提出中止。',
  '本合同明确各方的责、权、利，签订各方均负有相应的责任；若有争议或纠纷，按有关法规和管理办法处理。',
];
