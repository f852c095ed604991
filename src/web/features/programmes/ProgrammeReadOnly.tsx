// What people who may not edit a programme see: the same content as plain text.
import { Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useDict } from '../../shared/dictionaries';
import { fmtYuan } from '../../shared/format';
import type { DictName } from '../../../contract/system';
import type { Programme, Stage } from '../../../contract/programmes';
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
        { title: '开始日期', dataIndex: 'startsOn', width: 120 },
        { title: '结束日期', dataIndex: 'endsOn', width: 120 },
        { title: '说明', dataIndex: 'description', render: (v?: string) => v || '—' },
      ]}
    />
  );
}

export function ParametersView({ p }: { p: Programme }) {
  const { label } = useDict();
  const x = p.parameters;
  const list = (dict: DictName, v: string[] | undefined, sep = '、') => (v?.length ? v.map((c) => label(dict, c)).join(sep) : '无');
  const cond = (c: ConditionDraft) => {
    const args: string[] = [];
    if (c.years) args.push(`${c.years} 年`);
    if (c.count) args.push(`不少于 ${c.count} 人`);
    if (c.acceptDeputyOrStaff) args.push('副秘书长或专职人员亦可');
    if (c.level) args.push(`${label('commendationLevels', c.level)}及以上`);
    if (c.withinYears) args.push(`${c.withinYears} 年内`);
    return args.join('，');
  };
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
      <div>
        <Typography.Title level={5}>承接资格条件</Typography.Title>
        {x.qualificationConditions.length ? (
          <ol style={{ paddingInlineStart: 20, margin: 0 }}>
            {x.qualificationConditions.map((c, i) => (
              <li key={i} style={{ marginBottom: 6 }}>
                <span>{c.label}</span> <Tag>{label('qualificationRules', c.rule)}</Tag>
                {cond(c) ? <Typography.Text type="secondary">{cond(c)}</Typography.Text> : null}
              </li>
            ))}
          </ol>
        ) : (
          <Typography.Text type="secondary">未设置资格条件</Typography.Text>
        )}
      </div>
    </Space>
  );
}
