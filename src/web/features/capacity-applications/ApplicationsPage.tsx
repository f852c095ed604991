// CAP-2, CAP-3: the applications (申报书) to the capacity plan's yearly calls — a society's own
// (能力提升项目申报), the association's 形式审查 (those waiting, by default, or any state), and the
// finance bureau's reading of a call's applications. Filters in the URL; key-based paging.
import { DownOutlined, FormOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useCan, useMe } from '../../shared/auth';
import { clipped } from '../../shared/cells';
import { fmtDateTime, fmtYuan } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import type { CapacityApplicationSummary } from '../../../contract/capacity-applications';
import { APPLICATIONS_KEY, ApplicationStatusTag, OwnBreadcrumb, applicationStatusOptions, useCallChoices, type CallChoice } from './applicationShared';

/** The reviewer's list shows those waiting unless another state (or 全部) is chosen. */
const ALL = 'all';

export function ApplicationsPage() {
  const { data: me } = useMe();
  const can = useCan();
  const isSociety = me?.orgType === 'society';
  const reviewer = !isSociety && can('capacityApplication.review');
  const title = isSociety ? '我的能力提升项目申报' : reviewer ? '形式审查' : '能力提升项目申报书';
  usePageTitle(title);
  const navigate = useNavigate();
  const calls = useCallChoices();
  const open = (calls.data ?? []).filter((c) => c.status === 'published');
  const filters: FilterField[] = [
    {
      kind: 'select',
      name: 'status',
      label: '状态',
      options: reviewer ? [...applicationStatusOptions.filter((o) => o.value !== 'draft'), { value: ALL, label: '全部状态' }] : applicationStatusOptions.filter((o) => isSociety || o.value !== 'draft'),
      placeholder: reviewer ? '待形式审查' : '全部状态',
    },
    { kind: 'select', name: 'callId', label: '申报通知', options: (calls.data ?? []).map((c) => ({ value: c.id, label: c.title })), placeholder: '全部申报通知', search: true },
  ];
  const columns: TableColumnsType<CapacityApplicationSummary> = [
    {
      title: '项目名称',
      dataIndex: 'title',
      render: (t: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/capacity-applications/${r.id}`}>{t}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.callYear} 年度 · {r.typeName}
          </Typography.Text>
        </Space>
      ),
    },
    ...(isSociety ? [] : [{ title: '申报学会', dataIndex: 'societyName', width: 170, ...clipped<CapacityApplicationSummary>() }]),
    { title: '预算合计', dataIndex: 'requestedFen', width: 140, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '状态', dataIndex: 'status', width: 110, render: (s: string, r) => <ApplicationStatusTag status={s} label={r.statusLabel} /> },
    {
      title: '提交时间',
      dataIndex: 'submittedAt',
      width: 160,
      render: (v: string | null, r) =>
        v ? (
          <Space orientation="vertical" size={0}>
            <span>{fmtDateTime(v)}</span>
            {r.version > 1 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                第 {r.version} 次提交
              </Typography.Text>
            ) : null}
          </Space>
        ) : (
          <Typography.Text type="secondary">尚未提交</Typography.Text>
        ),
    },
    {
      title: '操作',
      key: 'op',
      width: 72,
      render: (_: unknown, r) => (
        <Link to={`/app/capacity-applications/${r.id}`}>
          {reviewer && r.status === 'submitted' ? '审查' : isSociety && (r.status === 'draft' || r.status === 'returned') ? '办理' : '查看'}
        </Link>
      ),
    },
  ];
  return (
    <>
      <OwnBreadcrumb trail={[{ title }]} />
      <ListPage<CapacityApplicationSummary>
        title={title}
        endpoint={APPLICATIONS_KEY}
        filters={filters}
        toQuery={(f) => ({ callId: f.callId, status: f.status === ALL ? undefined : (f.status ?? (reviewer ? 'submitted' : undefined)) })}
        columns={columns}
        rowKey="id"
        emptyText={isSociety ? '本学会还没有能力提升项目申报书。科协发布申报通知后，点击“填写申报书”' : reviewer ? '没有待形式审查的申报书' : '暂无申报书'}
        toolbar={isSociety && can('capacityApplication.submit') ? <ApplyButton calls={open} onPick={(id) => navigate(`/app/capacity-calls/${id}/apply`)} /> : null}
      />
    </>
  );
}

/** 填写申报书: one button for the one call open now, a menu when there are several, a note when none. */
function ApplyButton({ calls, onPick }: { calls: CallChoice[]; onPick: (id: string) => void }) {
  if (!calls.length) return <Typography.Text type="secondary">暂无正在受理的申报通知</Typography.Text>;
  if (calls.length === 1) {
    return (
      <Button type="primary" icon={<FormOutlined />} onClick={() => onPick(calls[0].id)} title={calls[0].title}>
        填写申报书
      </Button>
    );
  }
  return (
    <Dropdown menu={{ items: calls.map((c) => ({ key: c.id, label: c.title })), onClick: ({ key }) => onPick(key) }} trigger={['click']}>
      <Button type="primary" icon={<FormOutlined />}>
        <Space size={4}>
          填写申报书
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </Button>
    </Dropdown>
  );
}
