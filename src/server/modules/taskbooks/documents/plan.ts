// TB-5: the task book as it is printed — every text of seed 002's form (cover, 填表说明, the five
// tables) worked out once from the model, so that the Word file and the PDF say the same thing.
// docx.ts and pdf.ts only lay this plan out.
import { commissioningModeLabels, leaderApprovalBodyLabels, projectLeaderPostLabels } from '../../../../domain/programme/programme.types.js';
import { signingPartyLabels } from '../../../../domain/taskbook/taskbook.lifecycle.js';
import { commonClauses, type Funding, type TaskBookContent } from '../../../../domain/taskbook/taskbook.types.js';
import { chinaWallClock } from '../../../../domain/calendar-day.js';
import { formatWanYuan, formatYuan } from '../../../../domain/money.js';
import type { DocumentParty, TaskBookDocumentModel } from './model.js';

/** A piece of a value: text, a check box (□ / ☑) or an underlined blank to fill in by hand. */
export type Seg = string | { box: boolean } | { blank: number };
export type Value = Seg[];

export type InfoRow = { kind: 'pair'; l1: string; v1: Value; l2: string; v2: Value } | { kind: 'wide'; label: string; value: Value };
export interface InfoBlock {
  /** '项目承接单位', printed in the narrow first column as ['项目', '承接', '单位'] */
  unit: string;
  unitLines: string[];
  rows: InfoRow[];
}

export type ProjectSection =
  | { kind: 'text'; heading: string; paragraphs: string[]; blankLines: number }
  | { kind: 'table'; heading: string; columns: Array<{ title: string; weight: number; align: 'center' | 'left' }>; rows: string[][]; blankRows: number };

export interface MemberGroup {
  label: string;
  lines: string[];
  rows: string[][]; // 姓名 工作单位 职务/职称 分工 签字
}

export interface OpinionBlock {
  party: DocumentParty;
  title: string; // 项目委托单位
  orgName: string;
  signed: boolean;
  opinion: string | null;
  signerLabel: string; // 负责人（签字） / 法定代表人（签字）
  /** the party's 法定代表人 / 负责人 as its part (or its record) names them; '' to write in by hand */
  signerName: string;
  /** the electronic seal marker: ['已电子签章（SM2）', orgName] */
  seal: string[] | null;
  /** apart from the signer: who applied the seal on the platform, '经办人：吴敏'; null before */
  operator: string | null;
  /** the party's one date: when the seal was applied, '2026年4月2日 14:40', or blanks before 年 月 日 */
  date: string;
}

export interface DocumentPlan {
  projectName: string;
  cover: { titleLines: string[]; version: string; status: string | null; fields: Array<[string, string]>; maker: string; date: string };
  instructions: { title: string; items: string[] };
  basicInfo: { heading: string; blocks: InfoBlock[] };
  project: { heading: string; sections: ProjectSection[] };
  members: { heading: string; columns: string[]; groups: MemberGroup[] };
  clauses: { heading: string; items: string[] };
  opinions: { heading: string; blocks: OpinionBlock[] };
  /** after the form: how the book stands, its code and digest, and where to check them */
  closing: string[];
  /** running header of the pages after the cover */
  header: string;
  status: string | null;
  /** a large faint mark across each page of a book not (or no longer) in force */
  watermark: string | null;
  footer: { code: string | null; codeLine: string; digestLine: string | null };
  /** `documentName`: what the Word file's version property calls it (任务书 / 合同) */
  meta: { title: string; subject: string; keywords: string; code: string | null; digest: string | null; createdAt: Date | null; documentName: string };
}

export const EM_SPACE = '\u3000';

/** Column widths of the tables in points, for the 453.5 pt text width of A4 with 2.5 cm side margins. */
export const INFO_COLS = [46, 70, 118, 70, 149.5]; // unit | label | value | label | value
export const MEMBER_COLS = [46, 58, 122, 96, 87.5, 44]; // group | 姓名 | 工作单位 | 职务/职称 | 分工 | 签字

const statusMarks: Record<TaskBookDocumentModel['status'], string | null> = {
  drafting: '草稿（未签署）',
  signing: '签署中（尚未生效）',
  signed: null,
  superseded: '已被新版本替代（失效）',
};

/** Beijing time (UTC+8, no daylight saving) of an ISO timestamp. */
function beijing(iso: string): { y: number; m: number; d: number; hh: string; mm: string } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const [, y, m, d, hh, mm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(chinaWallClock(new Date(t)))!;
  return { y: Number(y), m: Number(m), d: Number(d), hh, mm };
}

export function cnDate(isoOrDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoOrDay);
  if (m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  const b = beijing(isoOrDay);
  return b ? `${b.y}年${b.m}月${b.d}日` : isoOrDay;
}

export function cnDateTime(iso: string): string {
  const b = beijing(iso);
  return b ? `${b.y}年${b.m}月${b.d}日 ${b.hh}:${b.mm}` : iso;
}

const cnDigits = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const cnMonths = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
/** 二〇二六年四月, as the cover of a form is dated. */
export function cnYearMonth(iso: string): string | null {
  const b = beijing(iso);
  if (!b) return null;
  const year = String(b.y)
    .split('')
    .map((c) => cnDigits[Number(c)])
    .join('');
  return `${year}年${cnMonths[b.m]}月`;
}

/** Integer fen in 万元 as the form asks: '50.00 万元', or '12.35 万元（即 123,456.78 元）' when not a whole hundred yuan. */
export function wanYuan(fen: number): string {
  return fen % 10_000 === 0 ? formatWanYuan(fen) : `${formatWanYuan(fen)}（即 ${formatYuan(fen)}）`;
}

function kpiNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

/** '山东省科学技术协会' → '山东省科协' (the usual short form), other names unchanged. */
export function shortAssociation(name: string): string {
  return name.replace(/科学技术协会$/, '科协');
}

function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The plan of the whole document. */
export function buildPlan(model: TaskBookDocumentModel): DocumentPlan {
  const c: TaskBookContent = model.content;
  const drafting = model.status === 'drafting';
  /** an empty field: blank to fill by hand while drafting, '—' (填表说明 4) once the book is out of drafting */
  const empty = drafting ? '' : '—';
  const txt = (s: string | null | undefined): Value => [s?.trim() ? s.trim() : empty];
  const status = statusMarks[model.status];
  const projectName = c.projectName?.trim() || model.projectName.trim();
  const org = (p: DocumentParty) => model.parties[p]?.orgName?.trim() ?? '';
  const assoc = org('association');
  const assocShort = shortAssociation(assoc);
  const sigs = new Map(model.signatures.map((s) => [s.party, s]));
  const lastSignedAt = model.signatures.map((s) => s.signedAt).sort().at(-1) ?? null;

  // ---- cover -------------------------------------------------------------------------------
  const line1 = `${assocShort}所属学会有序承接政府`;
  const titleLines = line1.length <= 18 ? [line1, '转移职能试点项目任务书'] : [`${assocShort}所属学会`, '有序承接政府转移职能试点项目任务书'];
  const cover = {
    titleLines,
    version: `第 ${model.version} 版`,
    status,
    fields: [
      ['项目名称', projectName],
      ['委托单位', org('department')],
      ['承接单位', org('society')],
      ['协调单位', assoc],
    ] as Array<[string, string]>,
    maker: `${assoc}制`,
    date: (model.status !== 'drafting' && lastSignedAt ? cnYearMonth(lastSignedAt) : null) ?? `${EM_SPACE.repeat(3)}年${EM_SPACE.repeat(2)}月`,
  };

  // ---- 填表说明 ------------------------------------------------------------------------------
  const named = assocShort !== assoc ? `${assoc}（以下简称${assocShort}）` : assoc;
  const instructions = {
    title: '填 表 说 明',
    items: [
      `本项目任务书是${named}为${assocShort}所属学会（以下简称学会）有序承接政府转移职能试点项目而设计。项目任务书委托单位为参与试点项目的政府部门，承接单位为承担试点项目的学会，协调单位为${assocShort}。`,
      '本项目任务书一式三份，政府部门、学会和协调单位各执一份。',
      '填写内容涉及到外文名称，须写清全称和缩写字母。',
      '凡不填内容的栏目，请用“—”表示。',
      `本项目任务书由三方在“承接”平台上填写，经三方以电子签章（SM2）签署后生效。每页页脚印有本任务书的校验码和内容摘要，持有者可在平台核验页面（${model.verifyUrl}）输入校验码，核对任务书的版本、内容和签署情况。`,
    ],
  };

  // ---- 一、三方单位基本信息 -------------------------------------------------------------------
  // an amount not given: a blank to fill in while drafting; once out of drafting only the boxes
  const blankAmount = (prefix: string, yes: boolean | null): Value =>
    drafting ? [{ box: yes === true }, `有，${prefix}`, { blank: 4 }, '万元', EM_SPACE, { box: yes === false }, '无'] : yes === null ? [empty] : [{ box: yes === true }, '有', EM_SPACE, { box: yes === false }, '无'];
  /** a row of boxes: '—' once out of drafting when none is ticked (填表说明 4) */
  const boxes = (ticked: unknown, v: Value): Value => (!drafting && (ticked === null || ticked === undefined) ? [empty] : v);
  const amount = (prefix: string, fen: number): Value => [{ box: true }, `有，${prefix}${wanYuan(fen)}`, EM_SPACE, { box: false }, '无'];
  const fundingRows = (f: Funding | null | undefined): InfoRow[] => {
    const sup: Value = f?.supported === true && f.budgetFen != null ? amount('预算额度 ', f.budgetFen) : blankAmount('预算额度', f?.supported ?? null);
    const natureOther: Value = f?.nature === 'other' && f.natureOther?.trim() ? ['其他，', f.natureOther.trim()] : drafting ? ['其他，', { blank: 6 }] : ['其他'];
    const nature: Value = boxes(f?.nature, [{ box: f?.nature === 'fiscal' }, '财政拨款', EM_SPACE.repeat(2), { box: f?.nature === 'other' }, ...natureOther]);
    const source: Value = boxes(f?.source, [{ box: f?.source === 'publicFunds' }, '公用经费', EM_SPACE.repeat(2), { box: f?.source === 'projectFunds' }, '项目经费']);
    const policy: Value = boxes(f?.policySupport, [{ box: f?.policySupport === true }, '有', EM_SPACE.repeat(2), { box: f?.policySupport === false }, '无']);
    return [
      { kind: 'wide', label: '经费支持', value: sup },
      { kind: 'wide', label: '经费性质', value: nature },
      { kind: 'wide', label: '经费来源', value: source },
      { kind: 'wide', label: '政策支持', value: policy },
    ];
  };

  const s = c.society ?? {};
  const approval = s.leaderApproval
    ? `经${leaderApprovalBodyLabels[s.leaderApproval.body]}批准（${s.leaderApproval.reference}，${cnDate(s.leaderApproval.decidedOn)}）`
    : null;
  const societyBlock: InfoBlock = {
    unit: signingPartyLabels.society,
    unitLines: ['项目', '承接', '单位'],
    rows: [
      { kind: 'wide', label: '单位名称', value: txt(org('society')) },
      { kind: 'pair', l1: '法定代表人', v1: txt(s.legalRepName), l2: '手机', v2: txt(s.legalRepMobile) },
      { kind: 'pair', l1: '电话', v1: txt(s.legalRepPhone), l2: '电子邮箱', v2: txt(s.legalRepEmail) },
      { kind: 'pair', l1: '项目负责人', v1: txt(s.leaderName), l2: '职务', v2: txt(s.leaderPost ? projectLeaderPostLabels[s.leaderPost] : null) },
      { kind: 'pair', l1: '手机', v1: txt(s.leaderMobile), l2: '电话', v2: txt(s.leaderPhone) },
      { kind: 'wide', label: '电子邮箱', value: txt(s.leaderEmail) },
      { kind: 'wide', label: '负责人批准', value: txt(approval) },
      { kind: 'wide', label: '自筹经费', value: s.selfRaisedFen ? amount('', s.selfRaisedFen) : blankAmount('', s.selfRaisedFen === 0 ? false : null) },
    ],
  };
  const d = c.department ?? {};
  const departmentBlock: InfoBlock = {
    unit: signingPartyLabels.department,
    unitLines: ['项目', '委托', '单位'],
    rows: [
      { kind: 'wide', label: '单位名称', value: txt(org('department')) },
      { kind: 'pair', l1: '主管处室', v1: txt(d.division), l2: '负责人', v2: txt(d.headName) },
      { kind: 'pair', l1: '联系人', v1: txt(d.contactName), l2: '电话', v2: txt(d.contactPhone) },
      { kind: 'pair', l1: '手机', v1: txt(d.contactMobile), l2: '电子邮箱', v2: txt(d.contactEmail) },
      {
        kind: 'wide',
        label: '合作方式',
        value: boxes(d.cooperationMode, [{ box: d.cooperationMode === 'authorisedCommission' }, commissioningModeLabels.authorisedCommission, EM_SPACE.repeat(2), { box: d.cooperationMode === 'serviceProcurement' }, commissioningModeLabels.serviceProcurement]),
      },
      ...fundingRows(d.funding),
    ],
  };
  const a = c.association ?? {};
  const associationBlock: InfoBlock = {
    unit: signingPartyLabels.association,
    unitLines: ['项目', '协调', '单位'],
    rows: [
      { kind: 'wide', label: '单位名称', value: txt(assoc) },
      { kind: 'pair', l1: '分管部室', v1: txt(a.division), l2: '负责人', v2: txt(a.headName) },
      { kind: 'pair', l1: '联系人', v1: txt(a.contactName), l2: '电话', v2: txt(a.contactPhone) },
      { kind: 'pair', l1: '手机', v1: txt(a.contactMobile), l2: '电子邮箱', v2: txt(a.contactEmail) },
      ...fundingRows(a.funding),
    ],
  };

  // ---- 二、试点项目内容 -----------------------------------------------------------------------
  const p = c.project ?? {};
  const textSection = (heading: string, body: string | null | undefined): ProjectSection => {
    const paras = paragraphs(body);
    return { kind: 'text', heading, paragraphs: paras.length ? paras : drafting ? [] : [empty], blankLines: paras.length || !drafting ? 0 : 3 };
  };
  const schedule = (p.schedule ?? []).map((e, i) => [String(i + 1), e.name, cnDate(e.dueOn), e.deliverable?.trim() || empty]);
  const kpis = (p.kpis ?? []).map((k, i) => [String(i + 1), k.name, kpiNumber(k.target), k.unit]);
  const sections: ProjectSection[] = [
    textSection('（一）项目内容', p.content),
    textSection('（二）工作目标', p.goals),
    textSection('（三）重点任务', p.keyTasks),
    textSection('（四）各方权利和义务', p.rightsAndDuties),
    {
      kind: 'table',
      heading: '（五）进度安排（关键节点）',
      columns: [
        { title: '序号', weight: 7, align: 'center' },
        { title: '节点名称', weight: 33, align: 'left' },
        { title: '完成时间', weight: 23, align: 'center' },
        { title: '阶段成果', weight: 37, align: 'left' },
      ],
      rows: schedule.length ? schedule : drafting ? [] : [['', empty, empty, empty]],
      blankRows: schedule.length || !drafting ? 0 : 3,
    },
    textSection('（六）质量要求', p.qualityRequirements),
    {
      kind: 'table',
      heading: '（七）量化考核指标',
      columns: [
        { title: '序号', weight: 7, align: 'center' },
        { title: '指标名称', weight: 56, align: 'left' },
        { title: '目标值', weight: 19, align: 'center' },
        { title: '计量单位', weight: 18, align: 'center' },
      ],
      rows: kpis.length ? kpis : drafting ? [] : [['', empty, empty, empty]],
      blankRows: kpis.length || !drafting ? 0 : 3,
    },
    textSection('（八）经费来源', p.fundsSource),
  ];

  // ---- 三、试点项目参与成员 ---------------------------------------------------------------------
  const members = p.members ?? [];
  const byParty = new Map<string, string[][]>();
  const partyOfEmployer = (employer: string): DocumentParty | 'other' => {
    const e = employer.trim();
    for (const party of ['department', 'society', 'association'] as const) {
      const n = org(party);
      if (n && (e === n || e.startsWith(n))) return party;
    }
    return 'other';
  };
  for (const m of members) {
    const party = partyOfEmployer(m.employer);
    const row = [m.name, m.employer, m.title?.trim() || empty, m.role?.trim() || empty, ''];
    byParty.set(party, [...(byParty.get(party) ?? []), row]);
  }
  const minRows = drafting ? 3 : 1;
  // a group with nobody: blank rows to fill in while drafting, one row of '—' after (填表说明 4)
  const pad = (rows: string[][]) => [...rows, ...Array.from({ length: Math.max(0, minRows - rows.length) }, () => (drafting ? ['', '', '', '', ''] : [empty, empty, empty, empty, empty]))];
  const groups: MemberGroup[] = [
    { label: '委托单位', lines: ['委托', '单位'], rows: pad(byParty.get('department') ?? []) },
    { label: '承接单位', lines: ['承接', '单位'], rows: pad(byParty.get('society') ?? []) },
    { label: '协调单位', lines: ['协调', '单位'], rows: pad(byParty.get('association') ?? []) },
  ];
  if (byParty.get('other')?.length) groups.push({ label: '其他成员', lines: ['其他', '成员'], rows: byParty.get('other')! });

  // ---- 五、三方单位意见 ------------------------------------------------------------------------
  // TB-5: the signer is the party's 法定代表人 (society) or 负责人 (department, association) as the
  // signed content names them, else as the organisation's record does; the user who applied the
  // electronic seal is printed apart, as 经办人, with the one date and time of the party.
  const signerOf: Record<DocumentParty, string | null | undefined> = { society: c.society?.legalRepName, department: c.department?.headName, association: c.association?.headName };
  const opinions: OpinionBlock[] = (['department', 'society', 'association'] as const).map((party) => {
    const sig = sigs.get(party);
    return {
      party,
      title: signingPartyLabels[party],
      orgName: sig?.orgName?.trim() || org(party),
      signed: !!sig,
      opinion: sig?.opinion?.trim() || null,
      signerLabel: party === 'society' ? '法定代表人（签字）' : '负责人（签字）',
      signerName: signerOf[party]?.trim() || model.parties[party]?.representative?.trim() || '',
      seal: sig ? ['已电子签章（SM2）', sig.orgName?.trim() || org(party)] : null,
      operator: sig?.operatorName?.trim() ? `经办人：${sig.operatorName.trim()}` : null,
      date: sig ? cnDateTime(sig.signedAt) : `${EM_SPACE.repeat(3)}年${EM_SPACE.repeat(2)}月${EM_SPACE.repeat(2)}日`,
    };
  });

  const code = model.verificationCode?.trim() || null;
  const digest = model.contentDigest?.trim() || null;
  const v = `本任务书第 ${model.version} 版`;
  const signedBy = opinions.filter((o) => o.signed).map((o) => o.title);
  const standing = {
    drafting: `${v}为草稿，尚未签署，不具有效力，无校验码。`,
    signing: `${v}正在签署中${signedBy.length ? `（已签署：${signedBy.join('、')}）` : ''}，三方全部签署后生效。`,
    signed: `${v}已由三方于${lastSignedAt ? cnDate(lastSignedAt) : ''}全部签署生效。`,
    superseded: `${v}已被变更后的新版本替代，不再有效。`,
  }[model.status];
  const closing = [standing, ...(code ? [`校验码：${code}。持有者可在 ${model.verifyUrl} 输入校验码，核对本任务书的版本、内容和签署情况。`] : []), ...(digest ? [`内容摘要（SM3）：${digest}`] : [])];
  const codeLine = code ? `校验码：${code}${EM_SPACE}核验网址：${model.verifyUrl}` : '草稿（未签署），无校验码';
  return {
    projectName,
    cover,
    instructions,
    basicInfo: { heading: '一、三方单位基本信息', blocks: [societyBlock, departmentBlock, associationBlock] },
    project: { heading: '二、试点项目内容', sections },
    members: { heading: '三、试点项目参与成员', columns: ['', '姓名', '工作单位', '职务/职称', '分工', '签字'], groups },
    clauses: { heading: '四、共 同 条 款', items: commonClausesNumbered() },
    opinions: { heading: '五、三方单位意见', blocks: opinions },
    closing,
    header: `${projectName}——试点项目任务书（第 ${model.version} 版）`,
    status,
    watermark: { drafting: '草稿', signing: '签署中', signed: null, superseded: '已失效' }[model.status],
    footer: { code, codeLine, digestLine: digest ? `内容摘要（SM3）：${digest}` : null },
    meta: {
      title: `${projectName}试点项目任务书`,
      subject: `三方任务书（第 ${model.version} 版）${code ? `，校验码 ${code}` : `，${statusMarks.drafting}`}`,
      keywords: code ?? '',
      code,
      digest,
      createdAt: lastSignedAt && !drafting ? new Date(lastSignedAt) : null,
      documentName: '任务书',
    },
  };
}

function commonClausesNumbered(): string[] {
  return commonClauses.map((t, i) => `（${i + 1}）${t}`);
}
