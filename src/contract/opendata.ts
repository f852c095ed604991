// PUB-3 (issue 14 §3): open data — the public facts of the platform as paged JSON feeds and CSV
// downloads with a stable schema. This file is that schema: every feed's fields in their order (the
// CSV columns are the same fields in the same order), each with its Chinese column title, a
// description in Chinese and English, and its type. The routes (server/modules/opendata) declare
// the record schemas built here as their answers, so a field not named here never leaves the server,
// and the catalogue (GET /api/v1/public/open-data) is this same list. Only what the portal already
// shows publicly is here — never an internal column (ids of users, internal bodies, evidence,
// verification codes, draft or unpublished records).
//
// A field's name, type and meaning never change once published; a new field is added at the end.
import { z } from 'zod';

/** What a field holds, as JSON and as a CSV cell (the cell is the JSON value as text; null is empty). */
export const openDataFieldTypes = ['id', 'text', 'integer', 'number', 'yuan', 'boolean', 'instant', 'day', 'json'] as const;
export type OpenDataFieldType = (typeof openDataFieldTypes)[number];
export const openDataFieldTypeLabels: Record<OpenDataFieldType, string> = {
  id: '编号',
  text: '文本',
  integer: '整数',
  number: '数值',
  yuan: '金额（元）',
  boolean: '是/否',
  instant: '时间',
  day: '日期',
  json: '列表',
};

export interface OpenDataField {
  /** the machine name: the JSON key and, with `header=field`, the CSV column title */
  name: string;
  /** the Chinese column title (the CSV header by default) */
  label: string;
  type: OpenDataFieldType;
  nullable?: boolean;
  description: string;
  en: string;
  /** `json` fields: the shape of the value */
  schema?: z.ZodType;
}

export interface OpenDataFeedDef {
  /** the feed's name in its URLs: /api/v1/public/open-data/<name> and <name>.csv */
  name: string;
  title: string;
  description: string;
  /** the order of the records (the paging order; the CSV is in the same order) */
  order: string;
  /** what makes a record appear, change or leave (the ETag and `changedAt` follow it) */
  changes: string;
  fields: readonly OpenDataField[];
}

const f = (name: string, label: string, type: OpenDataFieldType, description: string, en: string, more: Partial<OpenDataField> = {}): OpenDataField => ({ name, label, type, description, en, ...more });
const nul = { nullable: true } as const;

const changedAt = (what: string) => f('changedAt', '变更时间', 'instant', `本条记录最近一次公开变化的时间（${what}）；since 参数按此筛选`, 'When this record last changed publicly; the since filter compares with it');
const publishedAtField = f('publishedAt', '公开时间', 'instant', '在门户公开的时间', 'When it was published on the portal');
const programmeFields = [f('programmeId', '方案编号', 'id', '所属方案的编号（见“方案”数据集）', 'Programme id (see the programmes feed)'), f('programmeName', '方案名称', 'text', '所属方案的名称', 'Programme name')];

const ZKpiPublic = z.object({
  name: z.string().describe('量化考核指标'),
  target: z.number().describe('任务书目标值'),
  unit: z.string().describe('计量单位'),
  actual: z.number().describe('评估机构核实的完成值'),
  score: z.number().describe('按方案计分方法的得分（0–100）'),
});

/** The feeds, in the order the catalogue lists them. */
export const openDataFeeds = [
  {
    name: 'programmes',
    title: '方案',
    description: '各级科协发布的学会承接政府转移职能方案（进行中和已结束的；草稿不公开）。',
    order: '按发布时间从早到晚，同一时间按编号',
    changes: '方案发布、修改或结束时变化',
    fields: [
      f('id', '方案编号', 'id', '方案的唯一编号', 'Programme id'),
      f('name', '方案名称', 'text', '方案的名称', 'Programme name'),
      f('kindLabel', '方案类型', 'text', '方案的类型，如学会承接政府转移职能试点、学会服务能力提升计划', 'Programme type'),
      f('year', '年度', 'integer', '方案的年度', 'Year'),
      f('statusLabel', '状态', 'text', '进行中或已结束', 'Status: running or closed'),
      f('associationId', '牵头科协编号', 'id', '发布方案的科协的编号', 'Id of the association that runs it'),
      f('associationName', '牵头科协', 'text', '发布方案的科协', 'Association that runs it'),
      f('description', '方案简介', 'text', '方案的简要说明', 'Short description', nul),
      f('publishedAt', '发布时间', 'instant', '方案发布的时间', 'When it was published'),
      changedAt('发布、修改、结束'),
    ],
  },
  {
    name: 'items',
    title: '可转移职能事项',
    description: '政府部门发布的可转移职能事项的当前版本，含已撤回的（注明撤回原因）；草稿不公开。各版本见“事项版本”数据集。',
    order: '按首次发布时间从早到晚，同一时间按编号',
    changes: '事项发布、变更、转发学会、确定承接学会、撤回时变化',
    fields: [
      f('id', '事项编号', 'id', '事项的唯一编号', 'Item id'),
      ...programmeFields,
      f('title', '事项名称', 'text', '事项的名称', 'Title'),
      f('categoryCode', '类别代码', 'text', '事项类别在所属方案类别树中的代码', 'Category code in the programme’s category tree'),
      f('categoryLabel', '事项类别', 'text', '事项类别的完整名称', 'Category name'),
      f('description', '事项内容', 'text', '事项的工作内容', 'What the function involves'),
      f('legalBasis', '设定依据', 'text', '事项的法律法规或政策依据', 'Legal basis', nul),
      f('commissioningModeLabel', '委托方式', 'text', '委托方式，如授权委托、购买服务', 'How it is commissioned'),
      f('budgetYuan', '预算金额（元）', 'yuan', '预算金额，单位元，两位小数；未列明为空', 'Budget in yuan, two decimals; empty when not stated', nul),
      f('expectedPeriod', '预计实施期限', 'text', '预计实施期限', 'Expected period', nul),
      f('requiredQualifications', '承接资质要求', 'text', '对承接学会的资质要求', 'Qualifications required of the society', nul),
      f('status', '状态代码', 'text', '事项状态的代码：published 已发布、relayed 已转发、countersigning 会签中、approved 已批准、selected 已确定承接学会、withdrawn 已撤回 等', 'Status code'),
      f('statusLabel', '状态', 'text', '事项状态', 'Status'),
      f('revision', '版本号', 'integer', '当前公开版本的版本号（发布为 1，每次变更或撤回加 1）', 'Current published revision'),
      f('declarationDeadline', '申报截止时间', 'instant', '转发学会时确定的申报截止时间', 'Declaration deadline set when relayed to societies', nul),
      f('departmentId', '委托部门编号', 'id', '发布事项的政府部门的编号', 'Id of the department that published it'),
      f('departmentName', '委托部门', 'text', '发布事项的政府部门', 'Department that published it'),
      f('associationName', '所属科协', 'text', '方案所属的科协', 'Association of the programme'),
      f('publishedAt', '发布时间', 'instant', '首次发布的时间', 'When it was first published'),
      f('withdrawnAt', '撤回时间', 'instant', '撤回的时间；未撤回为空', 'When it was withdrawn; empty if not', nul),
      f('withdrawReason', '撤回原因', 'text', '撤回的原因', 'Why it was withdrawn', nul),
      changedAt('发布、变更、转发、择优、撤回'),
    ],
  },
  {
    name: 'item-versions',
    title: '事项版本',
    description: '可转移职能事项每一次发布、变更和撤回所公开的版本（每个版本都可查阅）。',
    order: '按事项编号，同一事项按版本号从小到大',
    changes: '事项每发布、变更或撤回一次增加一个版本；已有版本不再改变',
    fields: [
      f('itemId', '事项编号', 'id', '事项的编号（见“可转移职能事项”数据集）', 'Item id (see the items feed)'),
      f('revision', '版本号', 'integer', '版本号，从 1 开始', 'Revision number, from 1'),
      f('changeKindLabel', '变更类型', 'text', '发布、变更或撤回', 'Publish, amend or withdraw'),
      f('reason', '变更原因', 'text', '变更或撤回的原因', 'Reason of the amendment or withdrawal', nul),
      f('orgName', '发布单位', 'text', '发布该版本的单位', 'Organisation that published this revision', nul),
      f('at', '版本时间', 'instant', '该版本发布的时间', 'When this revision was published'),
      f('title', '事项名称', 'text', '该版本的事项名称', 'Title in this revision', nul),
      f('categoryLabel', '事项类别', 'text', '该版本的事项类别', 'Category in this revision', nul),
      f('description', '事项内容', 'text', '该版本的工作内容', 'Content in this revision', nul),
      f('legalBasis', '设定依据', 'text', '该版本的设定依据', 'Legal basis in this revision', nul),
      f('commissioningModeLabel', '委托方式', 'text', '该版本的委托方式', 'Commissioning mode in this revision', nul),
      f('budgetYuan', '预算金额（元）', 'yuan', '该版本的预算金额，单位元，两位小数', 'Budget in yuan in this revision', nul),
      f('expectedPeriod', '预计实施期限', 'text', '该版本的预计实施期限', 'Expected period in this revision', nul),
      f('requiredQualifications', '承接资质要求', 'text', '该版本的承接资质要求', 'Qualifications in this revision', nul),
      changedAt('即版本时间'),
    ],
  },
  {
    name: 'demand-entries',
    title: '需求服务目录',
    description: '政府部门发布的购买服务需求目录的当前版本，含已撤回的；草稿不公开。',
    order: '按首次发布时间从早到晚，同一时间按编号',
    changes: '目录条目发布、变更或撤回时变化',
    fields: [
      f('id', '条目编号', 'id', '目录条目的唯一编号', 'Entry id'),
      ...programmeFields,
      f('title', '服务名称', 'text', '需求服务的名称', 'Title'),
      f('serviceKindLabel', '服务类别', 'text', '需求服务的类别', 'Kind of service'),
      f('description', '服务内容', 'text', '需求服务的内容', 'What is to be provided'),
      f('purchaseMethodLabel', '购买方式', 'text', '购买方式，如公开招标、委托', 'How it is purchased'),
      f('budgetYuan', '预算金额（元）', 'yuan', '预算金额，单位元，两位小数；未列明为空', 'Budget in yuan; empty when not stated', nul),
      f('period', '服务期限', 'text', '服务期限', 'Service period', nul),
      f('status', '状态代码', 'text', '条目状态的代码：published 已发布、withdrawn 已撤回', 'Status code'),
      f('statusLabel', '状态', 'text', '条目状态', 'Status'),
      f('revision', '版本号', 'integer', '当前公开版本的版本号', 'Current published revision'),
      f('departmentId', '发布部门编号', 'id', '发布条目的政府部门的编号', 'Id of the department that published it'),
      f('departmentName', '发布部门', 'text', '发布条目的政府部门', 'Department that published it'),
      f('associationName', '所属科协', 'text', '方案所属的科协', 'Association of the programme'),
      f('publishedAt', '发布时间', 'instant', '首次发布的时间', 'When it was first published'),
      f('withdrawnAt', '撤回时间', 'instant', '撤回的时间', 'When it was withdrawn', nul),
      f('withdrawReason', '撤回原因', 'text', '撤回的原因', 'Why it was withdrawn', nul),
      changedAt('发布、变更、撤回'),
    ],
  },
  {
    name: 'selection-results',
    title: '遴选结果',
    description: '已确定承接学会的事项，即试点项目：事项、承接学会、委托部门和确定理由。',
    order: '按确定时间从早到晚，同一时间按编号',
    changes: '确定一个承接学会即增加一条；已有记录不再改变',
    fields: [
      f('projectId', '试点项目编号', 'id', '试点项目的编号', 'Pilot project id'),
      f('itemId', '事项编号', 'id', '承接的事项的编号（见“可转移职能事项”数据集）', 'Item id (see the items feed)'),
      f('title', '项目名称', 'text', '试点项目（承接事项）的名称', 'Project (item) title'),
      f('categoryLabel', '事项类别', 'text', '事项类别的完整名称', 'Category name'),
      ...programmeFields,
      f('departmentId', '委托部门编号', 'id', '委托部门的编号', 'Id of the commissioning department'),
      f('departmentName', '委托部门', 'text', '委托部门', 'Commissioning department'),
      f('societyId', '承接学会编号', 'id', '承接学会的编号', 'Id of the undertaking society'),
      f('societyName', '承接学会', 'text', '确定承接的学会', 'Undertaking society'),
      f('selectionReason', '确定理由', 'text', '择优确定承接学会的理由', 'Why this society was chosen'),
      f('selectedAt', '确定时间', 'instant', '确定承接学会的时间', 'When the society was chosen'),
      changedAt('即确定时间'),
    ],
  },
  {
    name: 'task-books',
    title: '任务书摘要',
    description: '已签署生效的三方任务书（或职能转移合同）各版本的摘要：项目、版本、生效时间和三方单位——与门户“任务书核验”显示的相同，不含任务书内容和校验码。',
    order: '按生效时间从早到晚，同一时间按项目编号和版本号',
    changes: '一个版本三方签署完毕（生效）即增加一条；变更后的新版本生效时，上一版本的状态随之变化',
    fields: [
      f('projectId', '试点项目编号', 'id', '试点项目的编号（见“遴选结果”数据集）', 'Pilot project id (see the selection results)'),
      f('projectTitle', '项目名称', 'text', '任务书载明的项目名称', 'Project name as the task book states it'),
      f('programmeName', '方案名称', 'text', '所属方案的名称', 'Programme name'),
      f('agreementLabel', '文书名称', 'text', '三方任务书、职能转移合同等', 'Kind of agreement'),
      f('version', '版本', 'integer', '任务书的版本号（变更后生效的版本依次加 1）', 'Version of the task book'),
      f('statusLabel', '状态', 'text', '已签署生效，或已被变更后的新版本替代', 'In force, or superseded by a later version'),
      f('signedAt', '生效时间', 'instant', '三方签署完毕、生效的时间', 'When all three parties had signed'),
      f('departmentName', '委托部门', 'text', '签署的委托部门', 'Commissioning department'),
      f('societyName', '承接学会', 'text', '签署的承接学会', 'Undertaking society'),
      f('associationName', '科协', 'text', '签署的科协', 'Association'),
      changedAt('生效，或被新版本替代'),
    ],
  },
  {
    name: 'progress',
    title: '项目进展',
    description: '科协选择公开的试点项目进展：标题和公开摘要（进展报告正文不公开）。撤回公开的不再列出。',
    order: '按公开时间从早到晚，同一时间按编号',
    changes: '公开一条进展或撤回公开时变化',
    fields: [
      f('id', '进展编号', 'id', '进展信息的编号', 'Progress disclosure id'),
      f('projectId', '试点项目编号', 'id', '试点项目的编号', 'Pilot project id'),
      f('projectTitle', '项目名称', 'text', '试点项目的名称', 'Project title'),
      f('programmeName', '方案名称', 'text', '所属方案的名称', 'Programme name'),
      f('societyName', '承接学会', 'text', '承接学会', 'Undertaking society'),
      f('departmentName', '委托部门', 'text', '委托部门', 'Commissioning department'),
      f('title', '标题', 'text', '进展的标题', 'Title'),
      f('publicSummary', '公开摘要', 'text', '科协公开的摘要；未写摘要为空', 'The public summary the association wrote; empty if none', nul),
      f('milestoneName', '报告节点', 'text', '该进展所属的任务书节点', 'Milestone it reports on', nul),
      f('completesMilestone', '完成该节点', 'boolean', '是否报告该节点已完成', 'Whether it reports the milestone as completed'),
      f('submittedAt', '报告时间', 'instant', '学会报告的时间', 'When the society reported it'),
      publishedAtField,
      changedAt('即公开时间'),
    ],
  },
  {
    name: 'briefings',
    title: '工作简报',
    description: '科协选择公开的方案工作简报全文。未公开和撤回公开的不列出。',
    order: '按公开时间从早到晚，同一时间按编号',
    changes: '公开一期简报、修改已公开的简报或撤回公开时变化',
    fields: [
      f('id', '简报编号', 'id', '简报的编号', 'Briefing id'),
      ...programmeFields,
      f('associationName', '编发科协', 'text', '编发简报的科协', 'Association that issued it'),
      f('issueNo', '期号', 'integer', '简报的期号', 'Issue number'),
      f('title', '标题', 'text', '简报的标题', 'Title'),
      f('issuedOn', '印发日期', 'day', '简报的印发日期', 'Date of issue'),
      f('body', '正文', 'text', '简报全文', 'Full text'),
      publishedAtField,
      changedAt('公开、修改'),
    ],
  },
  {
    name: 'evaluation-results',
    title: '评估结果',
    description: '科协审核采纳并选择公开的第三方绩效评估结果：得分、等级、各量化指标的核实情况和评估结论（不含佐证材料）。',
    order: '按公开时间从早到晚，同一时间按编号',
    changes: '公开或撤下一份评估结果时变化',
    fields: [
      f('id', '评估结果编号', 'id', '评估结果的编号', 'Evaluation result id'),
      f('programmeName', '方案名称', 'text', '所属方案的名称', 'Programme name'),
      f('evaluatorName', '评估机构', 'text', '受托的第三方评估机构', 'Third-party evaluator'),
      f('projectTitle', '项目名称', 'text', '被评估的试点项目；方案总体评估为空', 'Evaluated project; empty for the programme as a whole', nul),
      f('societyName', '承接学会', 'text', '被评估项目的承接学会', 'Society of the evaluated project', nul),
      f('score', '得分', 'integer', '绩效评估得分', 'Score', nul),
      f('grade', '等级', 'text', '绩效评估等级，如优、良、中、差', 'Grade', nul),
      f('kpis', '量化指标评分', 'json', '各量化考核指标的名称、目标值、单位、核实完成值和得分（CSV 中写作方括号括起的列表文本）', 'Each KPI: target, verified value, unit and score (in the CSV, the list as JSON text)', { schema: z.array(ZKpiPublic) }),
      f('findings', '评估结论', 'text', '评估机构的结论', 'Findings'),
      f('recommendations', '意见建议', 'text', '评估机构的意见建议', 'Recommendations', nul),
      publishedAtField,
      changedAt('即公开时间'),
    ],
  },
  {
    name: 'typical-cases',
    title: '典型案例',
    description: '科协从已完成的试点项目中选出并在门户公开的典型案例：背景、做法、成效和可复制推广的经验。',
    order: '按公开时间从早到晚，同一时间按编号',
    changes: '公开一个案例、修改已公开的案例或撤回时变化',
    fields: [
      f('id', '案例编号', 'id', '典型案例的编号', 'Case id'),
      ...programmeFields,
      f('associationName', '科协', 'text', '选编案例的科协', 'Association that selected it'),
      f('projectId', '试点项目编号', 'id', '案例来源的试点项目', 'Source pilot project id'),
      f('projectTitle', '项目名称', 'text', '案例来源的试点项目名称', 'Source project title'),
      f('societyName', '承接学会', 'text', '承接学会', 'Undertaking society'),
      f('departmentName', '委托部门', 'text', '委托部门', 'Commissioning department'),
      f('title', '案例标题', 'text', '案例的标题', 'Title'),
      f('summary', '案例摘要', 'text', '案例的摘要', 'Summary'),
      f('body', '案例正文', 'text', '背景、做法和成效', 'Background, what was done, results'),
      f('experience', '经验做法', 'text', '可复制推广的经验', 'Replicable experience'),
      f('tags', '标签', 'json', '案例的标签（CSV 中写作方括号括起的列表文本，如 ["科技评估","团体标准"]）', 'Tags (in the CSV, the list as JSON text)', { schema: z.array(z.string()) }),
      publishedAtField,
      changedAt('公开、修改'),
    ],
  },
  {
    name: 'indicators',
    title: '统计指标',
    description: '各级科协公开的年度统计指标（公开时的数值），每个指标一条记录；撤回的公开不列出。',
    order: '按公开时间从早到晚，同一次公开按指标代码',
    changes: '科协公开或撤回一个年度的指标时变化（公开后数值不再改变，更新须重新公开）',
    fields: [
      f('publicationId', '公开编号', 'id', '一次指标公开的编号（同一次公开的各指标相同）', 'Id of the publication the figure belongs to'),
      f('associationId', '科协编号', 'id', '公开指标的科协的编号', 'Id of the association'),
      f('associationName', '科协', 'text', '公开指标的科协（含其下级科协的数据）', 'Association (its subtree counted)'),
      f('year', '年度', 'integer', '指标的年度', 'Year'),
      f('indicator', '指标代码', 'text', '指标的代码', 'Indicator code'),
      f('indicatorLabel', '指标', 'text', '指标的名称', 'Indicator name'),
      f('unit', '单位', 'text', '家、项、个、份或 %', 'Unit'),
      f('value', '数值', 'number', '公开时的数值；比例为百分数，一位小数；无数据为空', 'The figure as published; rates in percent; empty when there was nothing to count', nul),
      publishedAtField,
      changedAt('即公开时间'),
    ],
  },
] as const satisfies readonly OpenDataFeedDef[];

export type OpenDataFeedName = (typeof openDataFeeds)[number]['name'];
export const openDataFeedNames = openDataFeeds.map((d) => d.name) as OpenDataFeedName[];
export const openDataFeed = (name: OpenDataFeedName): OpenDataFeedDef => openDataFeeds.find((d) => d.name === name)!;

const baseOf = (t: OpenDataFieldType, schema?: z.ZodType): z.ZodType => {
  switch (t) {
    case 'id':
      return z.uuid();
    case 'integer':
      return z.int();
    case 'number':
      return z.number();
    case 'boolean':
      return z.boolean();
    case 'yuan':
      return z.string().regex(/^-?\d+\.\d{2}$/);
    case 'instant':
      return z.string();
    case 'day':
      return z.string();
    case 'json':
      return schema ?? z.unknown();
    default:
      return z.string();
  }
};
const formatNote: Partial<Record<OpenDataFieldType, string>> = {
  instant: '；北京时间，ISO 8601 格式（如 2026-05-01T14:30:00.000+08:00）',
  day: '；YYYY-MM-DD',
  yuan: '；如 12345.60',
};

/** The JSON record of a feed: its fields in order, each described (OpenAPI shows the descriptions). */
export function openDataRecordSchema(def: OpenDataFeedDef): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const fd of def.fields) {
    const base = baseOf(fd.type, fd.schema);
    shape[fd.name] = (fd.nullable ? base.nullable() : base).meta({ title: fd.label, description: `${fd.label}：${fd.description}${formatNote[fd.type] ?? ''}。${fd.en}.` });
  }
  return z.object(shape);
}

const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/** A page of a feed: no total (never counted), the cursor of the next page. */
export function openDataPageSchema(def: OpenDataFeedDef) {
  return z
    .object({
      items: z.array(openDataRecordSchema(def).meta({ id: `OpenData${pascal(def.name)}Record` })),
      nextCursor: z.string().nullable().describe('下一页游标；最后一页为 null（此后新公开或变更的记录用 since 增量读取）'),
    })
    .meta({ id: `OpenData${pascal(def.name)}Page` });
}

// ── the catalogue ───────────────────────────────────────────────────────────────────────────────

export const ZOpenDataFieldInfo = z.object({
  name: z.string().describe('字段名（JSON 的键；CSV 以 header=field 下载时的列名）'),
  label: z.string().describe('中文列名（CSV 默认的列名）'),
  type: z.enum(openDataFieldTypes).describe('id 编号、text 文本、integer 整数、number 数值、yuan 金额（元，两位小数的文本）、boolean 是/否、instant 时间（北京时间 ISO 8601）、day 日期、json 列表'),
  typeLabel: z.string(),
  nullable: z.boolean().describe('可以为空（JSON 为 null，CSV 为空单元格）'),
  description: z.string().describe('中文说明'),
  descriptionEn: z.string().describe('English description'),
});
export type OpenDataFieldInfo = z.infer<typeof ZOpenDataFieldInfo>;

export const ZOpenDataFeedInfo = z
  .object({
    name: z.string().describe('数据集名称（地址中的一段）'),
    title: z.string(),
    description: z.string(),
    order: z.string().describe('记录的顺序（分页和 CSV 相同）'),
    changes: z.string().describe('记录何时增加、变化或移除；ETag 随之改变'),
    jsonUrl: z.string().describe('分页数据接口的地址'),
    csvUrl: z.string().describe('CSV 下载地址'),
    fields: z.array(ZOpenDataFieldInfo).describe('字段，顺序即 CSV 的列序'),
  })
  .meta({ id: 'OpenDataFeed' });
export type OpenDataFeedInfo = z.infer<typeof ZOpenDataFeedInfo>;

export const ZOpenDataCatalogue = z
  .object({
    items: z.array(ZOpenDataFeedInfo),
    nextCursor: z.null().describe('不分页：始终为 null'),
    conventions: z.array(z.string()).describe('所有数据集共同的约定（分页、增量、缓存校验、CSV 格式）'),
  })
  .meta({ id: 'OpenDataCatalogue' });
export type OpenDataCatalogue = z.infer<typeof ZOpenDataCatalogue>;

export const OPEN_DATA_MAX_LIMIT = 1000;
export const OPEN_DATA_DEFAULT_LIMIT = 100;

/** What every feed shares, as the catalogue and the portal page state it. */
export const openDataConventions: readonly string[] = [
  `分页：每页 limit 条（1–${OPEN_DATA_MAX_LIMIT}，默认 ${OPEN_DATA_DEFAULT_LIMIT}），以上一页返回的 nextCursor 作为 cursor 取下一页；按记录的键分页，翻页期间新增的记录不会打乱已读的页，不提供总数。读取整个数据集时请用 limit=${OPEN_DATA_MAX_LIMIT} 或直接下载 CSV。`,
  '增量：since 参数（ISO 8601 时间）只返回变更时间晚于该时间的记录；CSV 下载同样支持。',
  '缓存校验：每个应答带 ETag 和 Last-Modified；以 If-None-Match 或 If-Modified-Since 再次请求，数据未变化时返回 304，不含内容。',
  'CSV：UTF-8 编码并带 BOM（Excel 可直接打开），逗号分隔，按 RFC 4180 加引号；第一行为中文列名（header=field 时为字段名），列序与字段顺序相同；空值为空单元格；时间为北京时间 ISO 8601 格式；列表为 JSON 文本。',
  'CSV 防公式注入：以 = + - @、制表符、回车或单引号开头的文本单元格前加一个单引号（\'），表格软件不会把它当作公式执行；读回时去掉这一个单引号即得原文。数值、时间和编号列不加。',
  '只包含门户已公开的信息：草稿、未公开或已撤回公开的记录和内部字段都不在其中。',
];

