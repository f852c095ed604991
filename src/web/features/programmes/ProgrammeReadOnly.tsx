// What people who may not edit a programme see: the same content as plain text. The parameters
// without a form of their own (经费开支范围、资金、领导小组 …) are described here for everyone; only an
// administrator has the raw editor (JsonEditor.tsx).
import { Descriptions, Empty, Grid, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useDict } from '../../shared/dictionaries';
import { fieldLabels } from '../../shared/fieldLabels';
import { fmtDate, fmtYuan } from '../../shared/format';
import type { DictName } from '../../../contract/system';
import type { Programme, ProgrammeParameters, QualificationCondition, Stage } from '../../../contract/programmes';
import {
  agreementKindLabels,
  evaluatorLabels,
  fundRecoveryGroundLabels,
  projectTypeKindLabels,
  supervisionMeasureLabels,
  surveyRespondentLabels,
} from '../../../domain/programme/programme.types';
import { ruleClauseDefaults, ruleClauseKeys } from '../../../domain/programme/rule-clauses';
import { satisfactionRuleOf, satisfactionRuleText } from '../../../domain/evaluation/satisfaction';
import type { ConditionDraft } from './conditions';

export function StagesView({ stages }: { stages: Stage[] }) {
  return (
    <Table<Stage>
      rowKey="code"
      dataSource={stages}
      pagination={false}
      size="middle"
      scroll={{ x: 800 }}
      locale={{ emptyText: <Empty description="暂无阶段" /> }}
      columns={[
        { title: '序号', width: 60, render: (_: unknown, __: Stage, i: number) => i + 1 },
        { title: '名称', dataIndex: 'name', width: 180 },
        { title: '开始日期', dataIndex: 'startsOn', width: 120, render: (v: string) => fmtDate(v) },
        { title: '结束日期', dataIndex: 'endsOn', width: 120, render: (v: string) => fmtDate(v) },
        { title: '说明', dataIndex: 'description', render: (v?: string) => v || '—' },
      ]}
    />
  );
}

/** Qualification conditions as a numbered list: the policy's wording, the check, its arguments. */
function ConditionList({ conditions, empty }: { conditions: readonly QualificationCondition[]; empty: string }) {
  const { label } = useDict();
  const cond = (c: ConditionDraft) => {
    const args: string[] = [];
    if (c.years) args.push(`${c.years} 年`);
    if (c.count) args.push(`不少于 ${c.count} 人`);
    if (c.acceptDeputyOrStaff) args.push('副秘书长或专职人员亦可');
    if (c.level) args.push(`${label('commendationLevels', c.level)}及以上`);
    if (c.withinYears) args.push(`${c.withinYears} 年内`);
    return args.join('，');
  };
  if (!conditions.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <ol style={{ paddingInlineStart: 20, margin: 0 }}>
      {conditions.map((c, i) => (
        <li key={i} style={{ marginBottom: 6 }}>
          <span>{c.label}</span> <Tag>{label('qualificationRules', c.rule)}</Tag>
          {cond(c) ? <Typography.Text type="secondary">{cond(c)}</Typography.Text> : null}
        </li>
      ))}
    </ol>
  );
}

/** Values of a list parameter as tags, in the order given; 无 when empty. */
function Tags({ values, labels, empty = '无' }: { values: readonly string[] | undefined; labels?: Record<string, string>; empty?: string }) {
  if (!values?.length) return <Typography.Text type="secondary">{empty}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {values.map((v) => (
        <Tag key={v} style={{ marginInlineEnd: 0, whiteSpace: 'normal', maxWidth: '100%' }}>
          {labels?.[v] ?? v}
        </Tag>
      ))}
    </Space>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </div>
  );
}

/**
 * The parameters that have no form of their own, described in words: the agreement, the expense
 * rules, the funds, the leading group, who evaluates, supervision measures and, for a capacity
 * plan, its project types, checklist, criteria and eligibility.
 */
export function OtherParametersView({ x }: { x: ProgrammeParameters }) {
  const L = fieldLabels;
  // a phone: each label above its value (a row of tags beside a label is wider than the screen)
  const wide = !!Grid.useBreakpoint().md;
  const dl = wide ? { styles: { label: { width: 160 } } } : { layout: 'vertical' as const };
  const cap = x.capacityEligibility;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Section title="协议、考核与监管">
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          {...dl}
          items={[
            { key: 'ak', label: L.agreementKind, children: agreementKindLabels[x.agreementKind] ?? '—' },
            { key: 'fb', label: L.financeBureauCoManages, children: x.financeBureauCoManages ? '是（财政局共同负责评审、评估、预算审核和验收）' : '否' },
            { key: 'ev', label: L.evaluators, children: <Tags values={x.evaluators} labels={evaluatorLabels} /> },
            { key: 'ss', label: L.satisfactionSurvey, children: <Tags values={x.satisfactionSurvey} labels={surveyRespondentLabels} empty="不要求" /> },
            { key: 'sr', label: L.satisfactionRule, children: satisfactionRuleText(satisfactionRuleOf(x)) },
            { key: 'sm', label: L.supervisionMeasures, span: { xs: 1, md: 2 }, children: <Tags values={x.supervisionMeasures} labels={supervisionMeasureLabels} /> },
            { key: 'rf', label: L.recoverFundsOn, span: { xs: 1, md: 2 }, children: <Tags values={x.sanctions.recoverFundsOn} labels={fundRecoveryGroundLabels} /> },
          ]}
        />
      </Section>
      <Section title="领导小组">
        <Descriptions
          bordered
          size="small"
          column={1}
          {...dl}
          items={[
            { key: 'gl', label: L.leadingGroupLeader, children: x.leadingGroupLeader ?? '未规定' },
            { key: 'go', label: L.leadingGroupOfficeAt, children: x.leadingGroupOfficeAt ?? '未规定' },
            { key: 'gm', label: L.leadingGroupMembers, children: <Tags values={x.leadingGroupMembers} empty="未规定" /> },
          ]}
        />
      </Section>
      <Section title={L.expenseCategories}>
        <Descriptions
          bordered
          size="small"
          column={1}
          {...dl}
          items={[
            ...x.expenseCategories.allowed.map((a, i) => ({
              key: `a${i}`,
              label: a.label,
              children: <Tags values={a.items} empty="不限明细" />,
            })),
            { key: 'forbidden', label: L.forbidden, children: <Tags values={x.expenseCategories.forbidden.map((f) => f.label)} /> },
          ]}
        />
      </Section>
      <Section title={L.funds}>
        {x.funds.length ? (
          <Descriptions
            bordered
            size="small"
            column={1}
            {...dl}
            items={x.funds.map((f, i) => ({
              key: `f${i}`,
              label: f.name,
              children: `${f.amountFen === null ? '金额未规定' : fmtYuan(f.amountFen)}${f.source ? `，来源：${f.source}` : ''}`,
            }))}
          />
        ) : (
          <Typography.Text type="secondary">未规定专项资金</Typography.Text>
        )}
      </Section>
      {x.projectTypes.length ? (
        <Section title={L.projectTypes}>
          <Descriptions
            bordered
            size="small"
            column={1}
            {...dl}
            items={x.projectTypes.map((t, i) => ({
              key: `t${i}`,
              label: t.name,
              children: [projectTypeKindLabels[t.kind], t.quota ? `每年 ${t.quota} 个` : null, t.awardFen !== undefined ? `每个 ${fmtYuan(t.awardFen)}` : null].filter(Boolean).join('，'),
            }))}
          />
        </Section>
      ) : null}
      {x.formalReviewChecklist.length ? (
        <Section title={L.formalReviewChecklist}>
          <ol style={{ paddingInlineStart: 20, margin: 0 }}>
            {x.formalReviewChecklist.map((c, i) => (
              <li key={i}>{c.label}</li>
            ))}
          </ol>
        </Section>
      ) : null}
      {x.expertReviewCriteria.length ? (
        <Section title={L.expertReviewCriteria}>
          <ol style={{ paddingInlineStart: 20, margin: 0 }}>
            {x.expertReviewCriteria.map((c, i) => (
              <li key={i}>
                {c.label} <Typography.Text type="secondary">权重 {c.weight}%</Typography.Text>
              </li>
            ))}
          </ol>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            每项申报随机抽取 {x.expertReview.expertsPerApplication} 名专家评审；有效评分达到 {x.expertReview.minScoresForTrim} 份时，去掉一个最高分和一个最低分后取平均分，不足时取全部评分的平均分。
          </Typography.Paragraph>
        </Section>
      ) : null}
      {cap.keyProject.length || cap.demonstration.length ? (
        <Section title={L.capacityEligibility}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            申报重点项目的学会须满足：
          </Typography.Paragraph>
          <ConditionList conditions={cap.keyProject} empty="无" />
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 8px' }}>
            申报综合示范学会的，还须满足：
          </Typography.Paragraph>
          <ConditionList conditions={cap.demonstration} empty="无其他条件" />
        </Section>
      ) : null}
      <RuleClausesView x={x} />
    </Space>
  );
}

/**
 * PRG-2: the clauses the programme's refusals and its 责任书 cite, in its seed's words; where it
 * states none, the platform's wording of the rule stands (and a signed document cites nothing).
 */
function RuleClausesView({ x }: { x: ProgrammeParameters }) {
  const own = ruleClauseKeys.filter((k) => x.ruleClauses?.[k]);
  // a phone: each rule above its clause (a 180 px label column leaves the clause a sliver)
  const dl = Grid.useBreakpoint().md ? { styles: { label: { width: 180 } } } : { layout: 'vertical' as const };
  return (
    <Section title={fieldLabels.ruleClauses}>
      {own.length ? (
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            拒绝办理时的“依据”和责任书所引条款取自以下原文{own.length < ruleClauseKeys.length ? '；其余规则使用平台的通用表述' : ''}。
          </Typography.Paragraph>
          <Descriptions bordered size="small" column={1} {...dl} items={own.map((k) => ({ key: k, label: ruleClauseDefaults[k].label, children: x.ruleClauses?.[k] }))} />
        </>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          本方案未载明条款原文：拒绝办理时的“依据”使用平台对各项规则的通用表述，责任书不引用条款。
        </Typography.Paragraph>
      )}
    </Section>
  );
}

export function ParametersView({ p }: { p: Programme }) {
  const { label } = useDict();
  const x = p.parameters;
  const list = (dict: DictName, v: string[] | undefined, sep = '、') => (v?.length ? v.map((c) => label(dict, c)).join(sep) : '无');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'ro', label: '会签审核部门', children: list('reviewOfficeKinds', x.reviewOffices) },
          { key: 'al', label: '审批层级', children: label('approvalLevels', x.approvalLevel) },
          { key: 'cm', label: '委托方式', children: list('commissioningModes', x.commissioningModes) },
          { key: 'pm', label: '优先采购方式', children: list('procurementModes', x.preferredProcurementModes) },
          ...(x.selectionDays
            ? [{ key: 'sd', label: '遴选各环节期限', children: `申报 ${x.selectionDays.declare} 天 · 审核 ${x.selectionDays.review} 天 · 会签 ${x.selectionDays.countersign} 天 · 报批 ${x.selectionDays.approve} 天 · 择优确定 ${x.selectionDays.select} 天` }]
            : []),
          { key: 'rs', label: '转发包含下级科协所属学会', children: x.relayIncludesSubordinateSocieties ? '包含（下级市、县科协所属学会也收到转发）' : '不含（只转发至本科协直属学会）' },
          { key: 'np', label: '公示期', children: `${x.noticePeriodDays} 天` },
          { key: 'en', label: '评估结果公示期', children: `${x.evaluationNoticeDays} 天` },
          { key: 'ew', label: '资金执行期限', children: `${x.executionWindowMonths} 个月` },
          { key: 'sr', label: '阶段报告报送日期', children: x.stageReportDue ? `每年 ${x.stageReportDue.replace('-', ' 月 ')} 日` : '不要求' },
          { key: 'pt', label: '政府采购限额', children: fmtYuan(x.procurementThresholdFen) },
          { key: 'fm', label: '弄虚作假取消申报资格', children: x.sanctions.falseMaterialsDebarYears ? `${x.sanctions.falseMaterialsDebarYears} 年` : '不取消' },
          { key: 'fa', label: '验收不合格取消申报资格', children: x.sanctions.failedAcceptanceDebarYears ? `${x.sanctions.failedAcceptanceDebarYears} 年` : '不取消' },
          { key: 'lp', label: '项目负责人最低职务', children: label('projectLeaderPosts', x.projectLeaderMinPost) },
          { key: 'lb', label: '负责人审批机构', children: list('leaderApprovalBodies', x.leaderApprovalBodies, ' 或 ') },
          { key: 'mm', label: '重大事项报批顺序', children: list('approvers', x.majorMatterSteps, ' → ') },
          { key: 'ca', label: '变更审批单位', children: list('approvers', x.changeApprovers, ' → ') },
        ]}
      />
      <Section title="承接资格条件">
        <ConditionList conditions={x.qualificationConditions} empty="未设置资格条件" />
      </Section>
      <OtherParametersView x={x} />
    </Space>
  );
}
