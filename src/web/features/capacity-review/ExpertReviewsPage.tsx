// CAP-4, ORG-6: 专家评审 — the expert's own workbench: the applications drawn to them (never anyone
// else's), filtered by 待评分 / 已回避 / 已评分, newest first, paged by key. Each opens the assignment
// page, where the expert declares a conflict or not, then scores.
import { Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { clipped } from '../../shared/cells';
import { fmtDateTime } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import type { z } from 'zod';
import type { ZExpertAssignmentSummary } from '../../../contract/capacity-review';
import { ASSIGNMENTS_KEY, AssignmentStatusTag, assignmentStatusOptions } from './reviewShared';

type Summary = z.infer<typeof ZExpertAssignmentSummary>;

export function ExpertReviewsPage() {
  usePageTitle('专家评审');
  const filters: FilterField[] = [{ kind: 'select', name: 'status', label: '状态', options: assignmentStatusOptions, placeholder: '全部状态' }];
  const columns: TableColumnsType<Summary> = [
    {
      title: '项目名称',
      dataIndex: 'title',
      render: (t: string, r) => <Link to={`/app/expert-reviews/${r.id}`}>{t}</Link>,
    },
    { title: '申报单位', dataIndex: 'societyName', width: 200, ...clipped<Summary>() },
    { title: '状态', dataIndex: 'status', width: 96, render: (s: string, r) => <AssignmentStatusTag status={s} label={r.statusLabel} /> },
    { title: '抽取时间', dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
    {
      title: '操作',
      key: 'op',
      width: 72,
      render: (_: unknown, r) => <Link to={`/app/expert-reviews/${r.id}`}>{r.status === 'assigned' ? '评审' : '查看'}</Link>,
    },
  ];
  return (
    <ListPage<Summary>
      title="我的评审任务"
      endpoint={ASSIGNMENTS_KEY}
      filters={filters}
      columns={columns}
      rowKey="id"
      extra={
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          这里只列出抽取给您本人的能力提升项目。打开后先申明与申报单位有无利益冲突：无利益冲突的，查看申报书并按评审标准评分；有利益冲突的，申明回避。
        </Typography.Paragraph>
      }
      emptyText="暂无评审任务。科协抽取您为评审专家后，任务会出现在这里和工作台的待办中"
    />
  );
}
