// Shared pieces of the yearly call's pages (申报通知): its status tag, the capacity programmes a user
// may open, the table of project types with quota and award, and the Chinese names of its fields.
import { useQuery } from '@tanstack/react-query';
import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { api, fieldPath } from '../../shared/api';
import { dayjs, fmtCount, fmtDate, fmtYuan, todayCst } from '../../shared/format';
import type { Page } from '../../../contract/common';
import type { ProgrammeSummary } from '../../../contract/programmes';
import type { CallTypeView } from '../../../contract/capacity';
import { callLifecycle } from '../../../domain/capacity/call';

const statusColors: Record<string, string> = {
  draft: 'default',
  pendingConfirmation: 'gold',
  confirmed: 'cyan',
  published: 'green',
  closed: 'volcano',
};

/** The call's state as a coloured tag, named as its lifecycle names it. */
export function CallStatusTag({ status, label }: { status: string; label?: string }) {
  return <Tag color={statusColors[status] ?? 'default'}>{label ?? (callLifecycle.states as Record<string, string>)[status] ?? status}</Tag>;
}

/** 申报截止 2027-01-06（还剩 30 天）: the closing day counts whole (the societies' to-dos fall due at its end, China time). */
export function ClosesOnText({ closesOn }: { closesOn: string }) {
  const left = dayjs(closesOn).diff(dayjs(todayCst()), 'day');
  return (
    <span>
      申报截止 {fmtDate(closesOn)}{' '}
      {left < 0 ? <Tag>已过截止日期</Tag> : left === 0 ? <Tag color="red">今日截止</Tag> : <Tag color={left <= 3 ? 'red' : left <= 7 ? 'orange' : 'blue'}>还剩 {left} 天</Tag>}
    </span>
  );
}

/** The capacity-improvement programmes the user can read (their calls are listed per programme). */
export function useCapacityProgrammes() {
  return useQuery({
    queryKey: ['/programmes', { kind: 'capacityPlan', limit: 100 }],
    queryFn: ({ signal }) => api<Page<ProgrammeSummary>>('/programmes', { query: { kind: 'capacityPlan', limit: 100 }, signal }).then((p) => p.items),
    staleTime: 60_000,
  });
}

/** “2026年济南市科协学会服务能力提升计划” → “济南市科协学会服务能力提升计划” (for a call's default title). */
export const withoutYear = (name: string) => name.replace(/^\d{4}\s*年度?/, '');

export const callListKey = (programmeId: string) => `/programmes/${programmeId}/capacity-calls`;

/** The types a call offers: name, quota, award, subtotal, and the total against the budget. */
export function CallTypesTable({ types, budgetFen, totalAwardFen }: { types: CallTypeView[]; budgetFen: number; totalAwardFen: number }) {
  const columns: TableColumnsType<CallTypeView> = [
    { title: '项目类型', dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: '名额', dataIndex: 'quota', width: 90, align: 'right', render: (v: number) => fmtCount(v, ' 个') },
    { title: '资助标准（每项）', dataIndex: 'awardFen', width: 170, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '小计', key: 'sub', width: 170, align: 'right', render: (_, r) => fmtYuan(r.quota * r.awardFen) },
  ];
  const over = totalAwardFen > budgetFen;
  return (
    <Table<CallTypeView>
      rowKey="code"
      size="small"
      columns={columns}
      dataSource={types}
      pagination={false}
      scroll={{ x: 560 }}
      summary={() => (
        <Table.Summary>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>合计</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {fmtCount(
                types.reduce((s, t) => s + t.quota, 0),
                ' 个',
              )}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} />
            <Table.Summary.Cell index={3} align="right">
              <Typography.Text strong type={over ? 'danger' : undefined}>
                {fmtYuan(totalAwardFen)}
              </Typography.Text>
            </Table.Summary.Cell>
          </Table.Summary.Row>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              <Typography.Text type="secondary">年度预算 {fmtYuan(budgetFen)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {over ? (
                <Typography.Text type="danger">超出预算 {fmtYuan(totalAwardFen - budgetFen)}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">预算结余 {fmtYuan(budgetFen - totalAwardFen)}</Typography.Text>
              )}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

/** The call's fields as the user knows them (an API error's path → words). */
const callFieldLabels: Record<string, string> = {
  year: '年度',
  title: '通知标题',
  description: '通知正文',
  contact: '联系方式',
  budgetFen: '年度预算',
  fundCode: '资金来源',
  opensOn: '申报开始日期',
  closesOn: '申报截止日期',
  types: '项目类型、名额和资助标准',
  quota: '名额',
  awardFen: '资助标准',
  code: '项目类型',
  comment: '意见',
  rowVersion: '版本',
};

/**
 * `body.types.1.awardFen` → 学术交流项目 › 资助标准; `body.fundCode` → 资金来源. `typeNameAt` names the
 * type sent at an index of the request's `types`.
 */
export function describeCallPath(path: string, typeNameAt?: (i: number) => string | undefined): string {
  const parts = fieldPath(path);
  if (!parts.length) return '';
  if (parts[0] === 'types' && typeof parts[1] === 'number') {
    const name = typeNameAt?.(parts[1]) ?? `第 ${parts[1] + 1} 种项目类型`;
    const rest = parts.slice(2).filter((p) => p !== 'code');
    return [name, ...rest.map((p) => callFieldLabels[String(p)] ?? String(p))].join(' › ');
  }
  return parts.map((p) => (typeof p === 'number' ? `第 ${p + 1} 项` : (callFieldLabels[p] ?? p))).join(' › ');
}
