// STA-3 (issue 14): the performance self-evaluation report (绩效自评报告, 004 §3(3)3: 完成…项目支出绩效
// 自评报告) of an association subtree and year, and the work report (工作报告) of one programme — both
// generated from the data as Word and PDF (the shared report model and worker pool, taskbooks/documents/
// report.ts) and as Excel (every table of the same report, a sheet per section). Counts come from the
// roll-ups (indicators, dashboards); lists are bounded (the newest first, the rest counted in a note),
// so a province's report costs the same whatever its size.
import type { Stream } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { escapeLike } from '../orgs/orgs.repo.js';
import { AppError } from '../../platform/errors.js';
import type { Actor } from '../../platform/actor.js';
import type { ReportBlock, ReportDocument, ReportRow } from '../taskbooks/documents/report.js';
import { cellsOf } from '../taskbooks/documents/report.js';
import { currentValues, indicatorSheet, toIndicators, type AssociationRef } from './indicators.js';
import { dashboard } from './dashboard.js';
import { formatWanYuan } from '../../../domain/money.js';
import { projectStatusLabel } from '../../../domain/projects/project.status.js';
import { completionVerdictLabels } from '../../../domain/evaluation/completion.js';
import { chinaToday } from '../../../domain/calendar-day.js';
import { getPreset } from '../../../domain/presets/index.js';
import { supervisionMeasureLabels, type SupervisionMeasure } from '../../../domain/programme/programme.types.js';
import { measureLines, recordMeasures, type MeasureRecordKind } from '../../../domain/supervision/common.js';

const rowsOf = async <T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

/** How many rows a list of the report shows (the rest are counted in a note). */
export const REPORT_LIST_LIMIT = 200;
const CASE_LIMIT = 30;

const cn = (n: number) => n.toLocaleString('zh-CN');
const dayCn = (d: string) => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** PRG-1: the leading group as the programme's parameters name it (the work report's 基本情况). */
interface LeadingGroup {
  leader: string | null;
  officeAt: string | null;
  members: string[];
}

interface Scope {
  association: AssociationRef;
  year: number;
  programme: {
    id: string;
    name: string;
    presetCode: string;
    status: string;
    supervisionMeasures: SupervisionMeasure[];
    leadingGroup: LeadingGroup;
  } | null;
}

/** PRG-1: the programme's leading group in one line, or what the programme leaves unsaid. */
export function leadingGroupLine(g: LeadingGroup): string {
  const parts = [g.leader ? `组长单位：${g.leader}` : null, g.officeAt ? `办公室设在${g.officeAt}` : null, g.members.length ? `成员单位：${g.members.join('、')}` : null].filter(Boolean);
  return parts.length ? parts.join('；') : '本方案未规定';
}

interface ProjectLine {
  id: string;
  title: string;
  society: string;
  department: string;
  status: string;
  completion: string | null;
  score: number | null;
  grade: string | null;
}

async function programmeIdsOf(db: DbOrTx, s: Scope): Promise<string[]> {
  if (s.programme) return [s.programme.id];
  const prefix = `${escapeLike(s.association.path)}%`;
  const rows = await rowsOf<{ id: string }>(db, sql`SELECT p.id FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE o.path LIKE ${prefix} AND p.year = ${s.year} AND p.status <> 'draft'`);
  return rows.map((r) => r.id);
}

const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

async function projectLines(db: DbOrTx, ids: string[]): Promise<ProjectLine[]> {
  if (!ids.length) return [];
  // the newest selections first, per programme through pilot_projects_programme_selected_idx
  return rowsOf<ProjectLine>(
    db,
    sql`SELECT pp.id, pp.title, s.name AS society, d.name AS department, pp.status,
               (SELECT c.status FROM project_completions c WHERE c.project_id = pp.id AND c.status IN ('passed', 'passedWithConditions', 'failed') ORDER BY c.round DESC LIMIT 1) AS completion,
               e.score, e.grade
        FROM (SELECT * FROM pilot_projects WHERE programme_id IN (${idList(ids)}) ORDER BY selected_at DESC, id DESC LIMIT ${REPORT_LIST_LIMIT}) pp
        JOIN organisations s ON s.id = pp.society_id JOIN organisations d ON d.id = pp.department_id
        LEFT JOIN LATERAL (SELECT pe.score, pe.grade FROM performance_evaluations pe WHERE pe.project_id = pp.id AND pe.status = 'accepted' ORDER BY pe.decided_at DESC NULLS LAST LIMIT 1) e ON true
        ORDER BY pp.selected_at DESC, pp.id DESC`,
  );
}

async function evaluationLines(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return rowsOf<{ project: string | null; evaluator: string; score: number | null; grade: string | null; passed: boolean | null; findings: string }>(
    db,
    sql`SELECT pp.title AS project, ev.name AS evaluator, pe.score, pe.grade, pe.passed, pe.findings
        FROM evaluation_commissions c JOIN performance_evaluations pe ON pe.commission_id = c.id JOIN organisations ev ON ev.id = c.evaluator_org_id
        LEFT JOIN pilot_projects pp ON pp.id = pe.project_id
        WHERE c.programme_id IN (${idList(ids)}) AND pe.status = 'accepted' ORDER BY pe.decided_at DESC NULLS LAST, pe.id LIMIT ${REPORT_LIST_LIMIT}`,
  );
}

async function caseLines(db: DbOrTx, ids: string[]) {
  if (!ids.length) return [];
  return rowsOf<{ title: string; summary: string; experience: string; society: string; published: boolean }>(
    db,
    sql`SELECT tc.title, tc.summary, tc.experience, s.name AS society, tc.status = 'published' AS published
        FROM typical_cases tc JOIN pilot_projects pp ON pp.id = tc.project_id JOIN organisations s ON s.id = pp.society_id
        WHERE tc.programme_id IN (${idList(ids)}) AND tc.status IN ('draft', 'published') ORDER BY (tc.status = 'published') DESC, tc.created_at DESC LIMIT ${CASE_LIMIT}`,
  );
}

async function supervisionCounts(db: DbOrTx, ids: string[]) {
  const empty = { progress: 0, inspections: 0, rectifications: 0, rectificationsOpen: 0, trainings: 0, meetings: 0, briefings: 0, briefingsPublished: 0 };
  if (!ids.length) return empty;
  const list = idList(ids);
  const [r] = await rowsOf<typeof empty>(
    db,
    sql`SELECT
      (SELECT count(*) FROM progress_reports x JOIN pilot_projects pp ON pp.id = x.project_id WHERE pp.programme_id IN (${list}))::int AS progress,
      (SELECT count(*) FROM inspections x JOIN pilot_projects pp ON pp.id = x.project_id WHERE pp.programme_id IN (${list}))::int AS inspections,
      (SELECT count(*) FROM rectification_orders x JOIN pilot_projects pp ON pp.id = x.project_id WHERE pp.programme_id IN (${list}))::int AS rectifications,
      (SELECT count(*) FROM rectification_orders x JOIN pilot_projects pp ON pp.id = x.project_id WHERE pp.programme_id IN (${list}) AND x.status <> 'closed')::int AS "rectificationsOpen",
      (SELECT count(*) FROM training_records x WHERE x.programme_id IN (${list}))::int AS trainings,
      (SELECT count(*) FROM programme_meetings x WHERE x.programme_id IN (${list}))::int AS meetings,
      (SELECT count(*) FROM briefings x WHERE x.programme_id IN (${list}))::int AS briefings,
      (SELECT count(*) FROM briefings x WHERE x.programme_id IN (${list}) AND x.disclosure = 'published')::int AS "briefingsPublished"`,
  );
  return r ?? empty;
}

/** What each kind of record is called in the 监管措施 section, with its unit. */
const recordKindNames: Record<MeasureRecordKind, [string, string]> = {
  milestone: ['关键节点', '个'],
  progressReport: ['进展报告', '份'],
  majorMatter: ['重大事项', '项'],
  observer: ['观察员委派', '人次'],
  inspection: ['专家组检查', '次'],
  rectification: ['整改通知', '份'],
  training: ['专项培训', '次'],
  guidance: ['工作指导', '次'],
  meeting: ['工作例会', '次'],
  briefing: ['工作简报', '期'],
};

/**
 * PRG-2: the records of each supervision instrument's kind in one programme, counted in one statement
 * (each count through its table's project or programme index): the records of its projects, and the
 * programme's own (programme-wide training, regular meetings, briefings). Milestones dropped from a
 * later task-book version (cancelled) are no longer part of the schedule and are not counted.
 */
async function measureCounts(db: DbOrTx, programmeId: string): Promise<Record<MeasureRecordKind, number>> {
  const ofProjects = (table: string, extra = sql``) =>
    sql`(SELECT count(*) FROM ${sql.identifier(table)} x JOIN pilot_projects pp ON pp.id = x.project_id WHERE pp.programme_id = ${programmeId} ${extra})::int`;
  const [r] = await rowsOf<Record<MeasureRecordKind, number>>(
    db,
    sql`SELECT
      ${ofProjects('milestones', sql`AND x.status <> 'cancelled'`)} AS milestone,
      ${ofProjects('progress_reports')} AS "progressReport",
      ${ofProjects('major_matters')} AS "majorMatter",
      ${ofProjects('observers')} AS observer,
      ${ofProjects('inspections')} AS inspection,
      ${ofProjects('rectification_orders')} AS rectification,
      (SELECT count(*) FROM training_records x WHERE x.programme_id = ${programmeId} AND x.kind = 'training')::int AS training,
      (SELECT count(*) FROM training_records x WHERE x.programme_id = ${programmeId} AND x.kind = 'guidance')::int AS guidance,
      (SELECT count(*) FROM programme_meetings x WHERE x.programme_id = ${programmeId} AND x.kind = 'regular')::int AS meeting,
      (SELECT count(*) FROM briefings x WHERE x.programme_id = ${programmeId})::int AS briefing`,
  );
  return r!;
}

/** PRG-2: the 监管措施 section of a work report — the listed instruments with their records, then the unlisted ones that have records. */
function measureSection(measures: readonly SupervisionMeasure[], counts: Record<MeasureRecordKind, number>): ReportBlock[] {
  const kindsOf = (m: SupervisionMeasure) => (Object.keys(recordMeasures) as MeasureRecordKind[]).filter((k) => recordMeasures[k] === m);
  const lines = measureLines(measures, counts);
  return [
    {
      kind: 'table',
      columns: [
        { title: '监管措施', width: 4 },
        { title: '平台记录', width: 3 },
        { title: '记录数', width: 2, align: 'right' },
        { title: '方案', width: 3 },
      ],
      rows: lines.map((l): ReportRow => {
        const [name, unit] = kindsOf(l.measure).map((k) => recordKindNames[k])[0] ?? ['—', ''];
        return [supervisionMeasureLabels[l.measure], name, l.count === null ? '—' : `${cn(l.count)} ${unit}`, l.listed ? '列明' : '本方案未列明'];
      }),
      empty: '本方案未列明监管措施，也没有监管记录',
    },
    { kind: 'note', lines: ['记录数为本方案各试点项目及方案本身的记录（培训含面向全方案的培训，例会不含领导小组会议），在生成本报告时统计；“本方案未列明”的措施平台不拒绝登记，列在方案列明的措施之后。'] },
  ];
}

const more = (shown: number, total: number, what: string): ReportBlock[] => (total > shown ? [{ kind: 'note', lines: [`以上列出最新的 ${cn(shown)} 个${what}，共 ${cn(total)} 个；完整清单见平台的列表和开放数据。`] }] : []);

/** The report of an association subtree and year (绩效自评报告), or of one programme (工作报告). */
export async function buildStatisticsReport(db: DbOrTx, actor: Actor, s: Scope): Promise<ReportDocument> {
  const ids = await programmeIdsOf(db, s);
  const [sheet, values, dash, projects, evaluations, cases, sup, measures] = await Promise.all([
    indicatorSheet(db, actor, s.association, s.year),
    currentValues(db, s.association, s.year),
    dashboard(db, s.association, s.year, s.programme?.id),
    projectLines(db, ids),
    evaluationLines(db, ids),
    caseLines(db, ids),
    supervisionCounts(db, ids),
    s.programme ? measureCounts(db, s.programme.id) : null,
  ]);
  const indicators = toIndicators(values);
  const v = (key: string) => indicators.find((i) => i.key === key)!;
  const fmt = (i: ReturnType<typeof v>) => (i.value === null ? '—' : i.unit === '%' ? `${i.value}%` : `${cn(i.value)} ${i.unit}`);
  // in running text a figure and its unit are not spaced (4家学会承接事项8项)
  const fmtP = (i: ReturnType<typeof v>) => fmt(i).replace(' ', '');
  const totalProjects = dash.projectsByStage.reduce((n, r) => n + r.value, 0);
  const totalItems = dash.itemsByState.reduce((n, r) => n + r.value, 0);
  const failed = dash.completions.find((c) => c.key === 'failed')?.value ?? 0;
  const passed = dash.completions.filter((c) => c.key !== 'failed').reduce((n, c) => n + c.value, 0);
  const terminated = dash.projectsByStage.find((r) => r.key === 'terminated')?.value ?? 0;
  const isWork = s.programme !== null;
  const title = isWork ? `${s.programme!.name}工作报告` : `${s.association.name}${s.year}年学会承接政府转移职能绩效自评报告`;
  const today = chinaToday();
  const sections: { heading: string; blocks: ReportBlock[] }[] = [];

  sections.push({
    heading: '基本情况',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: isWork ? '方案' : '科协', value: isWork ? s.programme!.name : `${s.association.name}（含下级科协）` },
          ...(isWork
            ? [
                { label: '适用的政策文件', value: getPreset(s.programme!.presetCode)?.seedTitle ?? s.programme!.presetCode },
                { label: '领导小组', value: leadingGroupLine(s.programme!.leadingGroup) },
              ]
            : []),
          { label: '年度', value: `${s.year} 年` },
          { label: isWork ? '组织实施' : '纳入统计的方案', value: isWork ? s.association.name : dash.programmes.map((p) => p.name).join('；') || '无' },
          { label: '事项', value: `${cn(totalItems)} 项` },
          { label: '试点项目', value: `${cn(totalProjects)} 个` },
        ],
      },
      {
        kind: 'paragraphs',
        paragraphs: [
          `${s.year}年，${s.association.name}及下级科协${isWork ? '（本年度各方案合计）' : ''}共有${fmtP(v('departmentsInTalks'))}政府部门提出可转移职能事项，${fmtP(v('societiesTakingPart'))}学会承接事项${fmtP(v('itemsUndertaken'))}；` +
            `需求目录和学会填报的希望承接事项共${fmtP(v('itemsHoped'))}。承接意愿调查中愿意承接的学会${fmtP(v('societiesWilling'))}，有能力承担的${fmtP(v('societiesCapable'))}。` +
            (v('satisfactionDepartments').value !== null || v('satisfactionSocieties').value !== null
              ? `满意度调查中政府部门满意度${fmtP(v('satisfactionDepartments'))}，学会满意度${fmtP(v('satisfactionSocieties'))}。`
              : '本年度尚无满意度调查答卷。'),
        ],
      },
    ],
  });

  if (!isWork)
    sections.push({
      heading: '绩效指标完成情况',
      blocks: [
        {
          kind: 'table',
          columns: [
            { title: '指标', width: 3 },
            { title: '数值', width: 2, align: 'right' },
            { title: '构成', width: 4 },
            { title: '统计口径', width: 7 },
          ],
          rows: indicators
            .filter((i) => i.key !== 'satisfactionPublic' || i.value !== null)
            .map((i) => [i.label, fmt(i), i.parts.map((p) => `${p.label} ${cn(p.value)}`).join('；') + (i.responseRate != null ? `；回收率 ${i.responseRate}%` : ''), i.definition]),
        },
        { kind: 'note', lines: ['数值由平台在各项业务办理时实时统计，为生成本报告时的数值。'] },
        {
          kind: 'subheading',
          text: '（一）按本级和下级科协分列',
        },
        {
          kind: 'table',
          columns: [
            { title: '科协', width: 4 },
            { title: '参与学会', width: 2, align: 'right' },
            { title: '承接事项', width: 2, align: 'right' },
            { title: '在谈部门', width: 2, align: 'right' },
            { title: '希望承接', width: 2, align: 'right' },
            { title: '愿意承接', width: 2, align: 'right' },
          ],
          rows: sheet.breakdown.map((b) => [
            b.own ? `${b.association.name}（本级）` : b.association.name,
            cn(b.values.societiesTakingPart ?? 0),
            cn(b.values.itemsUndertaken ?? 0),
            cn(b.values.departmentsInTalks ?? 0),
            cn(b.values.itemsHoped ?? 0),
            cn(b.values.societiesWilling ?? 0),
          ]),
        },
      ],
    });

  sections.push({
    heading: isWork ? '事项征集和承接情况' : '事项和项目情况',
    blocks: [
      { kind: 'subheading', text: '（一）事项按状态' },
      { kind: 'table', columns: [{ title: '状态', width: 6 }, { title: '事项数', width: 2, align: 'right' }], rows: dash.itemsByState.map((r) => [r.label, cn(r.value)]), empty: '尚无事项' },
      { kind: 'subheading', text: '（二）试点项目按阶段' },
      { kind: 'table', columns: [{ title: '阶段', width: 6 }, { title: '项目数', width: 2, align: 'right' }], rows: dash.projectsByStage.map((r) => [r.label, cn(r.value)]), empty: '尚无试点项目' },
      { kind: 'subheading', text: '（三）试点项目一览' },
      {
        kind: 'table',
        columns: [
          { title: '项目', width: 5 },
          { title: '承接学会', width: 3 },
          { title: '委托部门', width: 3 },
          { title: '阶段', width: 3 },
          { title: '结项考核', width: 2 },
          { title: '绩效评价', width: 2, align: 'right' },
        ],
        rows: projects.map((p): ReportRow => [
          p.title,
          p.society,
          p.department,
          projectStatusLabel(p.status),
          p.completion ? (completionVerdictLabels[p.completion as keyof typeof completionVerdictLabels] ?? p.completion) : '—',
          p.score !== null ? `${p.score} 分${p.grade ? `（${p.grade}）` : ''}` : '—',
        ]),
        empty: '尚无试点项目',
      },
      ...more(projects.length, totalProjects, '试点项目'),
    ],
  });

  sections.push({
    heading: '实施和监督',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: '关键节点', value: `未完成 ${cn(dash.milestones.open)} 个，其中已逾期 ${cn(dash.milestones.overdue)} 个、30 天内到期 ${cn(dash.milestones.dueWithin30Days)} 个` },
          { label: '进展报告', value: `${cn(sup.progress)} 份` },
          { label: '监督检查', value: `${cn(sup.inspections)} 次` },
          { label: '整改通知', value: `${cn(sup.rectifications)} 份，尚未整改完成 ${cn(sup.rectificationsOpen)} 份` },
          { label: '培训指导', value: `${cn(sup.trainings)} 次` },
          { label: '工作例会', value: `${cn(sup.meetings)} 次` },
          { label: '工作简报', value: `${cn(sup.briefings)} 期，在门户公开 ${cn(sup.briefingsPublished)} 期` },
        ],
      },
    ],
  });

  // PRG-2: a programme's work report says how the instruments its parameters list were used
  if (s.programme && measures) sections.push({ heading: '监管措施', blocks: measureSection(s.programme.supervisionMeasures, measures) });

  sections.push({
    heading: '结项考核和第三方评估',
    blocks: [
      { kind: 'paragraphs', paragraphs: [`结项考核通过（含有条件通过）${cn(passed)} 个，未通过 ${cn(failed)} 个；中止 ${cn(terminated)} 个。`] },
      {
        kind: 'table',
        columns: [
          { title: '评价对象', width: 5 },
          { title: '评估机构', width: 4 },
          { title: '得分', width: 2, align: 'right' },
          { title: '等级', width: 2, align: 'center' },
          { title: '主要结论', width: 7 },
        ],
        rows: evaluations.map((e) => [e.project ?? '方案整体', e.evaluator, e.score !== null ? cn(e.score) : '—', e.grade ?? '—', e.findings.length > 120 ? `${e.findings.slice(0, 120)}…` : e.findings]),
        empty: '尚无已采纳的第三方评估报告',
      },
    ],
  });

  sections.push({
    heading: '专项资金',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: '预算', value: formatWanYuan(dash.funds.budgetedFen) },
          { label: '立项资助', value: formatWanYuan(dash.funds.awardedFen) },
          { label: '已拨付', value: formatWanYuan(dash.funds.disbursedFen) },
          { label: '已支出', value: formatWanYuan(dash.funds.spentFen) },
          { label: '已退还', value: formatWanYuan(dash.funds.refundedFen) },
          { label: '已追回', value: formatWanYuan(dash.funds.recoveredFen) },
        ],
      },
    ],
  });

  sections.push({
    heading: '典型案例',
    blocks: cases.length
      ? cases.flatMap((c, i): ReportBlock[] => [
          { kind: 'subheading', text: `（${numerals[i] ?? i + 1}）${c.title}${c.published ? '' : '（未公开）'}` },
          { kind: 'paragraphs', paragraphs: [`${c.society}。${c.summary}`, `可复制推广的经验：${c.experience}`] },
        ])
      : [{ kind: 'paragraphs', paragraphs: [], empty: '尚未选出典型案例。' }],
  });

  const problems: string[] = [];
  if (dash.milestones.overdue) problems.push(`${cn(dash.milestones.overdue)} 个关键节点已逾期未完成，需督促承接学会按任务书推进。`);
  if (failed) problems.push(`${cn(failed)} 个试点项目结项考核未通过，已记入承接学会年度情况，后续遴选中不再符合“无未完成任务”的资格条件。`);
  if (terminated) problems.push(`${cn(terminated)} 个试点项目中止，应做好经费清退。`);
  if (sup.rectificationsOpen) problems.push(`${cn(sup.rectificationsOpen)} 份整改通知尚未整改完成。`);
  sections.push({
    heading: '存在的问题和下一步工作',
    blocks: [{ kind: 'paragraphs', paragraphs: [...problems, '（请结合本地实际补充下一步工作安排。）'] }],
  });

  const blocks: ReportBlock[] = sections.flatMap((sec, i) => [{ kind: 'heading', text: `${numerals[i]}、${sec.heading}` } as ReportBlock, ...sec.blocks]);
  blocks.push({ kind: 'signature', lines: [{ label: '报告单位', value: s.association.name }], date: dayCn(today) });
  return {
    name: isWork ? '方案工作报告' : '绩效自评报告',
    meta: { title, subject: isWork ? '方案工作报告' : '绩效自评报告', keywords: `${s.association.name} ${s.year}`, author: s.association.name, createdAt: null },
    title: isWork ? [s.programme!.name, '工作报告'] : [`${s.association.name}`, `${s.year}年学会承接政府转移职能`, '绩效自评报告'],
    subtitle: [`报告单位：${s.association.name}`, `生成日期：${dayCn(today)}（由平台根据业务数据生成，可在 Word 中修改补充）`],
    page: { header: title, status: null, footer: `${s.association.name} · 由承接平台生成`, watermark: null },
    blocks,
  };
}

/** The programme of a work report, within the caller's scope; its association is the report's. */
export async function workReportScope(db: DbOrTx, actor: Actor, programmeId: string): Promise<Scope> {
  const [p] = await rowsOf<{
    id: string;
    name: string;
    preset_code: string;
    status: string;
    year: number;
    measures: SupervisionMeasure[] | null;
    leader: string | null;
    office_at: string | null;
    members: string[] | null;
    association_id: string;
    association_name: string;
    path: string;
  }>(
    db,
    sql`SELECT p.id, p.name, p.preset_code, p.status, p.year, p.parameters -> 'supervisionMeasures' AS measures,
               p.parameters ->> 'leadingGroupLeader' AS leader, p.parameters ->> 'leadingGroupOfficeAt' AS office_at, p.parameters -> 'leadingGroupMembers' AS members,
               o.id AS association_id, o.name AS association_name, o.path
          FROM programmes p JOIN organisations o ON o.id = p.association_id WHERE p.id = ${programmeId}`,
  );
  if (!p || !p.path.startsWith(actor.scopePath)) throw new AppError('NOT_FOUND', '没有找到该方案，或不在您的数据范围内');
  if (p.status === 'draft') throw new AppError('NOT_FOUND', '方案尚未发布，还没有工作报告');
  return { association: { id: p.association_id, name: p.association_name, path: p.path }, year: p.year, programme: {
      id: p.id,
      name: p.name,
      presetCode: p.preset_code,
      status: p.status,
      supervisionMeasures: p.measures ?? [],
      leadingGroup: { leader: p.leader, officeAt: p.office_at, members: p.members ?? [] },
    },
  };
}

/** The report's tables as a workbook: a sheet per section (its field tables and column tables in turn). */
export async function writeReportWorkbook(out: NodeJS.WritableStream, report: ReportDocument): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useSharedStrings: false, useStyles: true });
  wb.creator = report.meta.author;
  let sheet: ReturnType<typeof wb.addWorksheet> | null = null;
  const names = new Set<string>();
  const safe = (t: string) => {
    // a sheet name: ≤ 31 characters, none of : \ / ? * [ ], unique
    let n = t.replace(/^[一二三四五六七八九十]+、/, '').replace(/[:\\/?*[\]]/g, ' ').slice(0, 28) || '表';
    while (names.has(n)) n = `${n}_`;
    names.add(n);
    return n;
  };
  const text = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v); // never a formula
  for (const b of report.blocks) {
    if (b.kind === 'heading') {
      sheet?.commit();
      sheet = wb.addWorksheet(safe(b.text));
      sheet.columns = Array.from({ length: 8 }, () => ({ width: 22 }));
      const r = sheet.addRow([b.text]);
      r.font = { bold: true, size: 14 };
      r.commit();
      continue;
    }
    if (!sheet) continue;
    if (b.kind === 'subheading') {
      sheet.addRow([]).commit();
      const r = sheet.addRow([b.text]);
      r.font = { bold: true };
      r.commit();
    } else if (b.kind === 'fields') {
      for (const f of b.rows) sheet.addRow([f.label, text(f.value)]).commit();
    } else if (b.kind === 'paragraphs') {
      for (const p of b.paragraphs.length ? b.paragraphs : b.empty ? [b.empty] : []) sheet.addRow([text(p)]).commit();
    } else if (b.kind === 'note') {
      for (const l of b.lines) sheet.addRow([text(l)]).commit();
    } else if (b.kind === 'table') {
      const h = sheet.addRow(b.columns.map((c) => c.title));
      h.font = { bold: true };
      h.commit();
      if (!b.rows.length && b.empty) sheet.addRow([b.empty]).commit();
      for (const row of b.rows) {
        const { cells, bold } = cellsOf(row);
        const r = sheet.addRow(cells.flatMap((c) => [text(c.text), ...Array.from({ length: (c.span ?? 1) - 1 }, () => '')]));
        if (bold) r.font = { bold: true };
        r.commit();
      }
    }
  }
  sheet?.commit();
  await wb.commit();
}
