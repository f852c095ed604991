// CAP-5: the responsibility letter (责任书) as it is printed — every text worked out once from the
// model, so that the Word file and the PDF say the same thing; letter-docx.ts and letter-pdf.ts only
// lay it out. An agreement between 甲方 (the association) and 乙方 (the society): the title from the
// programme's agreementKind, the parties, the preamble, 一 to 七 (basic facts, goals, indicators,
// the approved budget, both parties' obligations, supplementary terms, contacts), then 八 the
// signature block naming both parties, their signers, who applied the seal and when. Every page
// carries the verification code and where to check it (PUB-2), like the task book.
import { formatWanYuan, formatYuan } from '../../../../domain/money.js';
import { cnDate, cnDateTime, EM_SPACE } from '../../taskbooks/documents/plan.js';
import type { CapacityLetterParty } from '../../../../contract/capacity-letters.js';
import type { LetterDocumentModel } from './letter-model.js';
import { yuanFigure, type PlanColumn, type PlanTable } from './plan.js';

export interface LetterSignBlock {
  party: CapacityLetterParty;
  /** 甲方（盖章） */
  title: string;
  orgName: string;
  signed: boolean;
  signerLabel: string;
  /** 负责人 / 法定代表人 as the letter or the society's record names them; '' to write in by hand */
  signerName: string;
  /** the electronic seal marker: ['已电子签章（SM2）', orgName]; null before */
  seal: string[] | null;
  /** apart from the signer: who applied the seal on the platform, '经办人：王敏'; null before */
  operator: string | null;
  /** when the seal was applied, '2026年5月2日 14:40', or blanks before 年 月 日 */
  date: string;
}

export interface LetterPlan {
  titleLines: string[];
  /** 甲方：…, 乙方：… under the title */
  partyLines: string[];
  preamble: string;
  basic: { heading: string; rows: Array<[string, string]> };
  goals: { heading: string; paragraphs: string[] };
  indicators: { heading: string; table: PlanTable };
  budget: { heading: string; table: PlanTable; total: { label: string; amount: string }; notes: string[] };
  obligations: { heading: string; items: string[] };
  supplementary: { heading: string; paragraphs: string[] };
  contacts: { heading: string; table: PlanTable };
  signatures: { heading: string; blocks: LetterSignBlock[] };
  /** after the letter: how it stands, its code and digest, and where to check them */
  closing: string[];
  header: string;
  /** the red mark of a letter not in force */
  status: string | null;
  watermark: string | null;
  footer: { code: string | null; codeLine: string; digestLine: string | null };
  meta: { title: string; subject: string; keywords: string; author: string; code: string | null; digest: string | null; createdAt: Date | null };
}

const statusMarks: Record<LetterDocumentModel['status'], string | null> = {
  drafting: '草稿（未签署）',
  signing: '待签署（尚未生效）',
  signed: null,
};

function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const blankDay = `${EM_SPACE.repeat(3)}年${EM_SPACE.repeat(2)}月${EM_SPACE.repeat(2)}日`;

/** The plan of the whole letter. */
export function buildLetterPlan(model: LetterDocumentModel): LetterPlan {
  const c = model.content;
  const drafting = model.status === 'drafting';
  const empty = drafting ? '' : '—';
  const txt = (s: string | null | undefined) => (s?.trim() ? s.trim() : empty);
  const status = statusMarks[model.status];
  const code = model.verificationCode?.trim() || null;
  const digest = model.contentDigest?.trim() || null;
  const assoc = c.parties.association;
  const soc = c.parties.society;
  const money = (fen: number) => `${formatYuan(fen)}（${formatWanYuan(fen)}）`;
  const window =
    model.approvedOn && model.windowEndsOn
      ? `自预算批复之日起 ${c.executionWindowMonths} 个月（${cnDate(model.approvedOn)}至${cnDate(model.windowEndsOn)}）`
      : `自预算批复（本${c.title}签署生效）之日起 ${c.executionWindowMonths} 个月`;

  const basic = {
    heading: '一、项目基本情况',
    rows: [
      ['项目名称', c.project.title],
      ['项目类型', c.project.typeName],
      ['承担单位（乙方）', soc.name],
      ['申报通知', c.callTitle],
      ['资助金额', `${money(c.awardFen)}，定额资助`],
      ['资金来源', c.fund.name],
      ['预算合计', money(c.budgetTotalFen)],
      ['执行期限', window],
      ['预算批复日期', model.approvedOn ? cnDate(model.approvedOn) : drafting ? '' : '双方签署生效之日'],
    ] as Array<[string, string]>,
  };

  const col = (title: string, width: number, align: 'center' | 'left'): PlanColumn => ({ title, width, align });
  const indicators = {
    heading: '三、绩效指标',
    table: { columns: [col('序号', 46, 'center'), col('指标', 190, 'left'), col('目标值', 217.5, 'left')], rows: c.project.indicators.map((i, n) => [String(n + 1), i.label, i.target]), blankRows: 0 },
  };
  const budget = {
    heading: '四、批复的经费预算',
    table: {
      columns: [col('支出类别', 96, 'center'), col('明细', 140, 'left'), col('金额（元）', 90, 'center'), col('测算依据', 127.5, 'left')],
      rows: c.budget.map((l) => [l.categoryLabel, l.item?.trim() || '—', yuanFigure(l.amountFen), l.note?.trim() || '—']),
      blankRows: 0,
    },
    total: { label: '合计', amount: yuanFigure(c.budgetTotalFen) },
    notes: [`预算合计：${money(c.budgetTotalFen)}；资助金额：${money(c.awardFen)}。乙方按批复的预算执行，本${c.title}签署生效之日即为预算批复之日。`],
  };
  const obligations = {
    heading: '五、双方的责任和义务',
    items: c.obligations.map((o, i) => `（${i + 1}）${o.text}${o.clause ? `（依据：${o.clause}）` : ''}`),
  };
  const supplementaryParas = paragraphs(c.supplementaryTerms);
  const supplementary = { heading: '六、补充条款', paragraphs: supplementaryParas.length ? supplementaryParas : [drafting ? '' : '无。'].filter(Boolean) };
  const contacts = {
    heading: '七、联系人',
    table: {
      columns: [col('', 96, 'center'), col('单位', 190, 'left'), col('联系人', 76, 'center'), col('联系电话', 91.5, 'center')],
      rows: [
        ['甲方', assoc.name, txt(assoc.contact.name), txt(assoc.contact.phone)],
        ['乙方', soc.name, txt(soc.contact.name), txt(soc.contact.phone)],
      ],
      blankRows: 0,
    },
  };

  const sigs = new Map(model.signatures.map((s) => [s.party, s]));
  const blocks: LetterSignBlock[] = (['association', 'society'] as const).map((party) => {
    const sig = sigs.get(party);
    const orgName = party === 'association' ? assoc.name : soc.name;
    const signer = party === 'association' ? assoc.representative : soc.legalRepName;
    return {
      party,
      title: party === 'association' ? '甲方（盖章）' : '乙方（盖章）',
      orgName: sig?.orgName?.trim() || orgName,
      signed: !!sig,
      signerLabel: party === 'association' ? '负责人（签字）' : '法定代表人（签字）',
      signerName: signer?.trim() || '',
      seal: sig ? ['已电子签章（SM2）', sig.orgName?.trim() || orgName] : null,
      operator: sig?.operatorName?.trim() ? `经办人：${sig.operatorName.trim()}` : null,
      date: sig ? cnDateTime(sig.signedAt) : blankDay,
    };
  });
  const lastSignedAt = model.signatures.map((s) => s.signedAt).sort().at(-1) ?? null;
  const signedBy = blocks.filter((b) => b.signed).map((b) => b.title.replace(/（盖章）$/, ''));
  const standing = {
    drafting: `本${c.title}为草稿，尚未签署，不具有效力，无校验码。`,
    signing: `本${c.title}已定稿，正在签署中${signedBy.length ? `（已签署：${signedBy.join('、')}）` : ''}，双方全部签署后生效。`,
    signed: `本${c.title}已由甲乙双方于${lastSignedAt ? cnDate(lastSignedAt) : ''}全部签署生效${model.windowEndsOn ? `，执行期限至${cnDate(model.windowEndsOn)}` : ''}。`,
  }[model.status];
  const closing = [standing, ...(code ? [`校验码：${code}。持有者可在 ${model.verifyUrl} 输入校验码或上传本文件，核对本${c.title}的内容和签署情况。`] : []), ...(digest ? [`内容摘要（SM3）：${digest}`] : [])];
  const codeLine = code ? `校验码：${code}${EM_SPACE}核验网址：${model.verifyUrl}` : '草稿（未签署），无校验码';
  const projectName = c.project.title.trim() || model.projectName.trim();
  return {
    titleLines: [c.programmeName, c.title],
    partyLines: [`甲方：${assoc.name}`, `乙方：${soc.name}`],
    preamble: c.preamble,
    basic,
    goals: { heading: '二、项目目标和主要内容', paragraphs: paragraphs(c.project.goals) },
    indicators,
    budget,
    obligations,
    supplementary,
    contacts,
    signatures: { heading: '八、签署', blocks },
    closing,
    header: `${projectName}——${c.title}`,
    status,
    watermark: { drafting: '草稿', signing: '待签署', signed: null }[model.status],
    footer: { code, codeLine, digestLine: digest ? `内容摘要（SM3）：${digest}` : null },
    meta: {
      title: `${projectName}${c.title}`,
      subject: `${c.programmeName}${c.title}${code ? `，校验码 ${code}` : `，${statusMarks.drafting}`}`,
      keywords: code ?? '',
      author: assoc.name,
      code,
      digest,
      createdAt: model.status === 'signed' && lastSignedAt ? new Date(lastSignedAt) : null,
    },
  };
}
