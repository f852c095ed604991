// TB-1…TB-3: what a task book needs before it can go to signature. The minimum post of the project
// leader and the bodies that may approve the leader are the programme's parameters (PRG-2).
import type { FieldError } from '../field-error.js';
import { commissioningModeLabels, leaderApprovalBodyLabels, projectLeaderPostLabels, projectLeaderPostRank, type CommissioningMode, type LeaderApprovalBody, type ProjectLeaderPost } from '../programme/programme.types.js';
import type { Funding, TaskBookContent, TaskBookPart } from './taskbook.types.js';

export interface LeaderRule {
  projectLeaderMinPost: ProjectLeaderPost;
  leaderApprovalBodies: readonly LeaderApprovalBody[];
}

/** What readiness for signature reads from the programme (PRG-2) and the calendar. */
export interface SignatureRule extends LeaderRule {
  commissioningModes: readonly CommissioningMode[];
  /** today in China, YYYY-MM-DD */
  today: string;
}

/** TB-3: the leader holds at least the programme's minimum post, approved by a body it names. */
export function leaderProblems(content: TaskBookContent, rule: LeaderRule): FieldError[] {
  const s = content.society;
  const out: FieldError[] = [];
  const min = projectLeaderPostLabels[rule.projectLeaderMinPost];
  if (!s.leaderPost) out.push({ path: 'society.leaderPost', message: `请填写项目负责人的职务（须为${min}或以上）` });
  else if (projectLeaderPostRank[s.leaderPost] > projectLeaderPostRank[rule.projectLeaderMinPost]) {
    out.push({ path: 'society.leaderPost', message: `项目负责人须为${min}或以上，当前为${projectLeaderPostLabels[s.leaderPost]}` });
  }
  const bodies = rule.leaderApprovalBodies.map((b) => leaderApprovalBodyLabels[b]).join('或');
  if (!s.leaderApproval) out.push({ path: 'society.leaderApproval', message: `请登记${bodies}批准项目负责人的决议` });
  else if (!rule.leaderApprovalBodies.includes(s.leaderApproval.body)) {
    out.push({ path: 'society.leaderApproval.body', message: `项目负责人须经${bodies}批准，当前登记为${leaderApprovalBodyLabels[s.leaderApproval.body]}` });
  }
  return out;
}

const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Required before signature, by part (TB-1 form fields that 002 does not allow to leave out, TB-2). */
const required: { path: string; label: string }[] = [
  { path: 'projectName', label: '项目名称' },
  { path: 'society.legalRepName', label: '法定代表人' },
  { path: 'society.leaderName', label: '项目负责人' },
  { path: 'society.leaderMobile', label: '项目负责人手机' },
  { path: 'department.division', label: '委托单位主管处室' },
  { path: 'department.headName', label: '委托单位负责人' },
  { path: 'department.contactName', label: '委托单位联系人' },
  { path: 'department.cooperationMode', label: '合作方式' },
  { path: 'department.funding.supported', label: '委托单位经费支持（有或无）' },
  { path: 'association.funding.supported', label: '协调单位经费支持（有或无）' },
  { path: 'association.division', label: '协调单位分管部室' },
  { path: 'association.headName', label: '协调单位负责人' },
  { path: 'association.contactName', label: '协调单位联系人' },
  { path: 'project.content', label: '试点项目内容' },
  { path: 'project.rightsAndDuties', label: '各方权利和义务' },
  { path: 'project.goals', label: '工作目标' },
  { path: 'project.keyTasks', label: '重点任务' },
  { path: 'project.qualityRequirements', label: '质量要求' },
  { path: 'project.fundsSource', label: '经费来源' },
  { path: 'project.kpis', label: '量化考核指标' },
  { path: 'project.schedule', label: '进度安排' },
  { path: 'project.members', label: '参与成员' },
];

/** 002's funding block: with support, the amount (0 is a deliberate amount), its nature and source. */
function fundingProblems(party: 'department' | 'association', f: Funding | null | undefined): FieldError[] {
  if (!f?.supported) return [];
  const out: FieldError[] = [];
  const p = `${party}.funding`;
  if (f.budgetFen === null || f.budgetFen === undefined) out.push({ path: `${p}.budgetFen`, message: '有经费支持时请填写预算额度' });
  if (!f.nature) out.push({ path: `${p}.nature`, message: '有经费支持时请选择经费性质' });
  else if (f.nature === 'other' && !f.natureOther?.trim()) out.push({ path: `${p}.natureOther`, message: '经费性质为“其他”时请说明' });
  if (!f.source) out.push({ path: `${p}.source`, message: '有经费支持时请选择经费来源' });
  return out;
}

/**
 * 002's funding block read as a rule between its answers: 预算额度, 经费性质 and 经费来源 belong to
 * 经费支持 = 有 and stay empty otherwise (经费支持 = 无, or not yet answered); the 说明 after “其他”
 * belongs to 经费性质 = 其他. Holds for drafts too: what is saved is never rewritten, an incoherent
 * part is refused with the field's message. Paths are relative to the part (`funding.nature`).
 */
export function fundingCoherence(f: Funding | null | undefined): FieldError[] {
  if (!f) return [];
  const out: FieldError[] = [];
  const given = (v: unknown) => !blank(v);
  if (f.supported !== true) {
    const msg = (verb: string, label: string) => (f.supported === false ? `无经费支持时不${verb}${label}` : `${verb}${label}前请先选择经费支持“有”`);
    if (given(f.budgetFen)) out.push({ path: 'funding.budgetFen', message: msg('填写', '预算额度') });
    if (given(f.nature)) out.push({ path: 'funding.nature', message: msg('选择', '经费性质') });
    if (given(f.source)) out.push({ path: 'funding.source', message: msg('选择', '经费来源') });
  }
  if (given(f.natureOther) && f.nature !== 'other') out.push({ path: 'funding.natureOther', message: '经费性质为“其他”时才填写说明' });
  return out;
}

/** The coherence rules of one party's part (TB-1), paths relative to the part; [] for a coherent part. */
export function partCoherence(part: TaskBookPart, value: unknown): FieldError[] {
  if (part !== 'department' && part !== 'association') return [];
  const v = value as { funding?: Funding | null } | null | undefined;
  return fundingCoherence(v?.funding);
}

function at(content: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), content);
}

/** Every reason the task book cannot go to signature yet; empty when it can (TB-1…TB-3). */
export function missingForSignature(content: TaskBookContent, rule: SignatureRule): FieldError[] {
  const out: FieldError[] = required.filter((r) => blank(at(content, r.path))).map((r) => ({ path: r.path, message: `请填写${r.label}` }));
  out.push(...fundingProblems('department', content.department.funding), ...fundingProblems('association', content.association.funding));
  for (const part of ['department', 'association'] as const) out.push(...partCoherence(part, content[part]).map((e) => ({ ...e, path: `${part}.${e.path}` })));
  const mode = content.department.cooperationMode;
  if (mode && !rule.commissioningModes.includes(mode)) {
    out.push({ path: 'department.cooperationMode', message: `本方案允许的合作方式为：${rule.commissioningModes.map((m) => commissioningModeLabels[m]).join('、')}` });
  }
  const approvedOn = content.society.leaderApproval?.decidedOn;
  if (approvedOn && approvedOn > rule.today) out.push({ path: 'society.leaderApproval.decidedOn', message: '批准日期不能晚于今天' });
  const schedule = content.project.schedule ?? [];
  for (let i = 1; i < schedule.length; i++) {
    if (schedule[i].dueOn < schedule[i - 1].dueOn) out.push({ path: `project.schedule.${i}.dueOn`, message: '进度节点应按完成日期先后排列' });
  }
  return [...out, ...leaderProblems(content, rule)];
}
