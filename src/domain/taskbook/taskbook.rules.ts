// TB-1…TB-3: what a task book needs before it can go to signature. The minimum post of the project
// leader and the bodies that may approve the leader are the programme's parameters (PRG-2).
import type { FieldError } from '../field-error.js';
import { leaderApprovalBodyLabels, projectLeaderPostLabels, projectLeaderPostRank, type LeaderApprovalBody, type ProjectLeaderPost } from '../programme/programme.types.js';
import type { TaskBookContent } from './taskbook.types.js';

export interface LeaderRule {
  projectLeaderMinPost: ProjectLeaderPost;
  leaderApprovalBodies: readonly LeaderApprovalBody[];
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
  { path: 'department.funding.supported', label: '委托单位经费支持' },
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

function at(content: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), content);
}

/** Every reason the task book cannot go to signature yet; empty when it can (TB-1…TB-3). */
export function missingForSignature(content: TaskBookContent, rule: LeaderRule): FieldError[] {
  const out: FieldError[] = required.filter((r) => blank(at(content, r.path))).map((r) => ({ path: r.path, message: `请填写${r.label}` }));
  const f = content.department.funding;
  if (f?.supported && !f.budgetFen) out.push({ path: 'department.funding.budgetFen', message: '有经费支持时请填写预算额度' });
  const af = content.association.funding;
  if (af?.supported && !af.budgetFen) out.push({ path: 'association.funding.budgetFen', message: '有经费支持时请填写预算额度' });
  const schedule = content.project.schedule ?? [];
  for (let i = 1; i < schedule.length; i++) {
    if (schedule[i].dueOn < schedule[i - 1].dueOn) out.push({ path: `project.schedule.${i}.dueOn`, message: '进度节点应按完成日期先后排列' });
  }
  return [...out, ...leaderProblems(content, rule)];
}
