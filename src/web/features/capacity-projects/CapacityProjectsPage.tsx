// 项目实施与验收 (issue 13): every funded capacity-plan project in the reader's scope and where it
// stands after funding — 实施中, the evaluation and its notice, 已拨付, the yearly acceptance, money
// left unspent when the execution window ended, recovery — with who acts next and the project's money.
// The association reads and acts on its own page sections; the co-managing finance bureau reads and
// confirms, and first sees what waits on it. Each row opens the application's page at its section.
// Filters in the URL; key-based paging (docs/UI.md).
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { useMe } from '../../shared/auth';
import { fmtDate, fmtYuan } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import type { CapacityProjectRow } from '../../../contract/capacity-projects';
import { useCallChoices } from '../capacity-applications/applicationShared';
import { PROJECTS_KEY, actionText, partyOf, rowLink, stageColor, stageFilterOptions, turnText, waitingOnOptions, waitingOnQuery } from './projectRows';

const small = { fontSize: 12 } as const;

/** Two amounts, one a line, each with its name. */
function Amounts({ lines }: { lines: [string, string, boolean?][] }) {
  return (
    <Space orientation="vertical" size={0}>
      {lines.map(([label, text, strong]) => (
        <span key={label} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary" style={small}>
            {label}{' '}
          </Typography.Text>
          {strong ? <Typography.Text strong>{text}</Typography.Text> : text}
        </span>
      ))}
    </Space>
  );
}

export function CapacityProjectsPage() {
  const title = '项目实施与验收';
  usePageTitle(title);
  const { data: me } = useMe();
  const party = partyOf(me?.orgType);
  const bureau = party === 'financeBureau';
  const calls = useCallChoices();
  const filters: FilterField[] = [
    { kind: 'select', name: 'stage', label: '阶段', options: stageFilterOptions(), placeholder: '全部阶段' },
    { kind: 'select', name: 'waitingOn', label: '待办方', options: waitingOnOptions(party), placeholder: bureau ? '待本单位办理（财政局）' : '全部' },
    { kind: 'select', name: 'callId', label: '申报通知', options: (calls.data ?? []).map((c) => ({ value: c.id, label: c.title })), placeholder: '全部申报通知', search: true },
    { kind: 'text', name: 'keyword', label: '关键词', placeholder: '项目名称或学会名称' },
  ];
  const columns: TableColumnsType<CapacityProjectRow> = [
    {
      title: '项目',
      dataIndex: 'title',
      render: (t: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={rowLink(r)}>{t}</Link>
          <Typography.Text type="secondary" style={small}>
            {r.societyName} · {r.callYear} 年度 · {r.typeName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '阶段',
      dataIndex: 'stage',
      width: 190,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2}>
          <Tooltip title={r.nextStep ? `下一步：${r.nextStep}` : undefined}>
            <Tag color={stageColor(r.stage)} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
              {r.stageLabel}
            </Tag>
          </Tooltip>
          <Typography.Text type={r.waitingOn && r.waitingOn === party ? 'warning' : 'secondary'} style={small}>
            {turnText(r, party)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '资助与拨付',
      key: 'award',
      width: 170,
      render: (_: unknown, r) => (
        <Amounts
          lines={[
            ['核定', r.awardCancelled ? '已撤销' : fmtYuan(r.awardFen)],
            ['拨付', fmtYuan(r.disbursedFen)],
          ]}
        />
      ),
    },
    {
      title: '支出与尚持有',
      key: 'spent',
      width: 170,
      render: (_: unknown, r) => (
        <Amounts
          lines={[
            ['支出', fmtYuan(r.spentFen)],
            r.unspentFen !== null && r.stageGroup === 'window' ? ['期满未用', fmtYuan(r.unspentFen), true] : ['尚持有', fmtYuan(r.outstandingFen)],
          ]}
        />
      ),
    },
    { title: '执行期至', dataIndex: 'windowEndsOn', width: 110, render: (v: string | null) => fmtDate(v) },
    {
      title: '操作',
      key: 'op',
      width: 72,
      render: (_: unknown, r) => <Link to={rowLink(r)}>{actionText(r, party)}</Link>,
    },
  ];
  return (
    <ListPage<CapacityProjectRow>
      title={title}
      endpoint={PROJECTS_KEY}
      filters={filters}
      toQuery={(f) => ({ stage: f.stage, callId: f.callId, keyword: f.keyword, waitingOn: waitingOnQuery(f.waitingOn, party) })}
      columns={columns}
      rowKey="id"
      extra={
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {bureau
            ? '与科协共同管理的学会服务能力提升计划项目：先列出等待本单位确认的评估结果和验收结论；选择“全部”查看各项目的实施、评估、拨付、验收和资金情况。'
            : '获得资助的学会服务能力提升计划项目：实施、评估与公示、资金拨付、年度验收、执行期满未使用资金的退还和追回。点击项目进入相应环节办理。'}
        </Typography.Paragraph>
      }
      emptyText={bureau ? '没有等待本单位确认的项目。在“待办方”中选择“全部”可查看所有项目' : '暂无获得资助的项目。项目责任书签署后在此列出'}
    />
  );
}
