// STA-1 (issue 14): the indicators seed 004 had to count by hand (004 §1: 全市49家学会中，主管学会12家、
// 团体会员学会37家；参与学会8家，承接事项24项；在谈政府部门23个；希望承接的事项58项；愿意承接14家、有能力
// 承担13家; §3(3)3: 政府部门和学会满意度均为100%), each with the line that says what it counts. The counts
// are maintained by the database in the transaction that changes a fact (migration 0023, which states the
// same definitions); this module names them, sums an association subtree's rows and derives the rates.
// Pure: no I/O.

/** The keys of indicator_counts / indicator_members (migration 0023). */
export const countKeys = [
  'societies.all',
  'societies.supervised',
  'societies.groupMember',
  'societies.takingPart',
  'items.undertaken',
  'departments.inTalks',
  'items.hoped.demand',
  'items.hoped.wishes',
  'items.hoped.wishes#answers',
  'societies.willing',
  'societies.capable',
  'satisfaction.department.invited',
  'satisfaction.department.answered',
  'satisfaction.department.satisfied',
  'satisfaction.society.invited',
  'satisfaction.society.answered',
  'satisfaction.society.satisfied',
  'satisfaction.public.invited',
  'satisfaction.public.answered',
  'satisfaction.public.satisfied',
] as const;
export type CountKey = (typeof countKeys)[number];
export type Counts = Partial<Record<CountKey, number>>;

/** Which counts are a stock (year 0 in the tables) rather than a year's facts. */
export const stockKeys: readonly CountKey[] = ['societies.all', 'societies.supervised', 'societies.groupMember'];

/** What a drill-down lists: the kind of record its member ids are. */
export type MemberKind = 'society' | 'department' | 'project' | 'demandEntry' | 'willingnessAnswer' | 'surveyInvitation' | 'surveyAnswer';

export const indicatorKeys = [
  'societies',
  'societiesTakingPart',
  'itemsUndertaken',
  'departmentsInTalks',
  'itemsHoped',
  'societiesWilling',
  'societiesCapable',
  'satisfactionDepartments',
  'satisfactionSocieties',
  'satisfactionPublic',
] as const;
export type IndicatorKey = (typeof indicatorKeys)[number];

export interface IndicatorPart {
  label: string;
  count: CountKey;
  kind: MemberKind;
}

export interface IndicatorDefinition {
  key: IndicatorKey;
  label: string;
  unit: '家' | '项' | '个' | '%';
  /** the line under the figure: what is counted */
  definition: string;
  /** the seed's figure this stands for */
  seed: string;
  /** the parts shown next to the figure, each a drill-down */
  parts: IndicatorPart[];
}

export const indicatorDefinitions: readonly IndicatorDefinition[] = [
  {
    key: 'societies',
    label: '学会总数',
    unit: '家',
    definition: '本科协及下级科协当前在册、未停用的学会；按学会档案中的隶属关系分为主管学会和团体会员学会。',
    seed: '004 §1：全市49家学会中，主管学会12家、团体会员学会37家',
    parts: [
      { label: '主管学会', count: 'societies.supervised', kind: 'society' },
      { label: '团体会员学会', count: 'societies.groupMember', kind: 'society' },
    ],
  },
  {
    key: 'societiesTakingPart',
    label: '参与承接的学会',
    unit: '家',
    definition: '本年度方案中承接了至少一个试点项目的学会（按学会所属科协计数，一家学会只计一次）。',
    seed: '004 §1：参与学会8家',
    parts: [{ label: '学会', count: 'societies.takingPart', kind: 'society' }],
  },
  {
    key: 'itemsUndertaken',
    label: '承接事项',
    unit: '项',
    definition: '本年度方案中已确定承接学会的事项（每个事项一个试点项目，含此后中止或未通过考核的）。',
    seed: '004 §1：承接事项24项',
    parts: [{ label: '试点项目', count: 'items.undertaken', kind: 'project' }],
  },
  {
    key: 'departmentsInTalks',
    label: '在谈政府部门',
    unit: '个',
    definition: '本年度方案中有事项已发布或正在转发、会签、审批、择优、已确定承接学会的政府部门（草稿和已撤回的事项不计）。',
    seed: '004 §1：在谈政府部门23个',
    parts: [{ label: '政府部门', count: 'departments.inTalks', kind: 'department' }],
  },
  {
    key: 'itemsHoped',
    label: '希望承接的事项',
    unit: '项',
    definition: '本年度已发布的需求目录条目，加上承接意愿调查中各学会填报的希望承接事项。',
    seed: '004 §1：希望承接的事项58项',
    parts: [
      { label: '需求目录条目', count: 'items.hoped.demand', kind: 'demandEntry' },
      { label: '学会填报的希望承接事项', count: 'items.hoped.wishes', kind: 'willingnessAnswer' },
    ],
  },
  {
    key: 'societiesWilling',
    label: '愿意承接的学会',
    unit: '家',
    definition: '本年度承接意愿与能力调查中答“愿意承接”的学会。',
    seed: '004 §1：愿意承接14家',
    parts: [{ label: '学会', count: 'societies.willing', kind: 'society' }],
  },
  {
    key: 'societiesCapable',
    label: '有能力承担的学会',
    unit: '家',
    definition: '本年度承接意愿与能力调查中答“有能力承担”的学会。',
    seed: '004 §1：有能力承担13家',
    parts: [{ label: '学会', count: 'societies.capable', kind: 'society' }],
  },
  {
    key: 'satisfactionDepartments',
    label: '政府部门满意度',
    unit: '%',
    definition: '本年度满意度调查中政府部门的答卷里，总体评价计为满意的份数占答卷数的比例；回收率为答卷数占有效邀请数的比例。',
    seed: '004 §3(3)3：政府部门满意度100%',
    parts: [
      { label: '满意的答卷', count: 'satisfaction.department.satisfied', kind: 'surveyAnswer' },
      { label: '答卷', count: 'satisfaction.department.answered', kind: 'surveyAnswer' },
      { label: '邀请', count: 'satisfaction.department.invited', kind: 'surveyInvitation' },
    ],
  },
  {
    key: 'satisfactionSocieties',
    label: '学会满意度',
    unit: '%',
    definition: '本年度满意度调查中学会的答卷里，总体评价计为满意的份数占答卷数的比例；回收率为答卷数占有效邀请数的比例。',
    seed: '004 §3(3)3：学会满意度100%',
    parts: [
      { label: '满意的答卷', count: 'satisfaction.society.satisfied', kind: 'surveyAnswer' },
      { label: '答卷', count: 'satisfaction.society.answered', kind: 'surveyAnswer' },
      { label: '邀请', count: 'satisfaction.society.invited', kind: 'surveyInvitation' },
    ],
  },
  {
    key: 'satisfactionPublic',
    label: '公众满意度',
    unit: '%',
    definition: '本年度满意度调查中公众（匿名）的答卷里，总体评价计为满意的份数占答卷数的比例；回收率为答卷数占发放的邀请链接数的比例。',
    seed: '000 §1、002 §2：社会满意',
    parts: [
      { label: '满意的答卷', count: 'satisfaction.public.satisfied', kind: 'surveyAnswer' },
      { label: '答卷', count: 'satisfaction.public.answered', kind: 'surveyAnswer' },
      { label: '邀请', count: 'satisfaction.public.invited', kind: 'surveyInvitation' },
    ],
  },
];

/** The drill-down of `items.hoped.wishes` lists the answers naming any (its value is a sum of items). */
export function membersKeyOf(count: CountKey): CountKey {
  return count === 'items.hoped.wishes' ? 'items.hoped.wishes#answers' : count;
}

export function isCountKey(v: string): v is CountKey {
  return (countKeys as readonly string[]).includes(v);
}

export interface IndicatorValue {
  key: IndicatorKey;
  /** the figure: a count, or a rate in percent with one decimal (null when nothing was answered) */
  value: number | null;
  parts: { label: string; count: CountKey; value: number }[];
  /** satisfaction indicators: answers / invitations, in percent with one decimal */
  responseRate?: number | null;
}

/** Percent with one decimal; null when the denominator is 0. */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/** The indicators from summed counts (the subtree's rows added up). */
export function indicatorValues(counts: Counts): IndicatorValue[] {
  const c = (k: CountKey) => counts[k] ?? 0;
  return indicatorDefinitions.map((d) => {
    const parts = d.parts.map((p) => ({ label: p.label, count: p.count, value: c(p.count) }));
    switch (d.key) {
      case 'societies':
        return { key: d.key, value: c('societies.all'), parts };
      case 'itemsHoped':
        return { key: d.key, value: c('items.hoped.demand') + c('items.hoped.wishes'), parts };
      case 'satisfactionDepartments':
      case 'satisfactionSocieties':
      case 'satisfactionPublic': {
        const g = d.key === 'satisfactionDepartments' ? 'department' : d.key === 'satisfactionSocieties' ? 'society' : 'public';
        const answered = c(`satisfaction.${g}.answered` as CountKey);
        return {
          key: d.key,
          value: percent(c(`satisfaction.${g}.satisfied` as CountKey), answered),
          responseRate: percent(answered, c(`satisfaction.${g}.invited` as CountKey)),
          parts,
        };
      }
      default:
        return { key: d.key, value: c(d.parts[0].count), parts };
    }
  });
}

/** Adds up rows of indicator_counts (one association's or a subtree's) into counts. */
export function sumCounts(rows: { indicator: string; value: number }[]): Counts {
  const out: Counts = {};
  for (const r of rows) if (isCountKey(r.indicator)) out[r.indicator] = (out[r.indicator] ?? 0) + Number(r.value);
  return out;
}

/** The figures published on the portal: the indicator values of a year, as they stood. */
export function publishedFigures(values: IndicatorValue[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    if (v.value !== null) out[v.key] = v.value;
    for (const p of v.parts) out[p.count] = p.value;
    if (v.responseRate !== undefined && v.responseRate !== null) out[`${v.key}.responseRate`] = v.responseRate;
  }
  return out;
}
