// FND-5, FND-7 资金台账: a programme's special funds — each fund's balances in a card (always
// balancing: 预算 = 可用余额 + 待拨付 + 净拨出, checked by the server), the funded projects and the
// journal of the chosen fund page by page, the 登记预算 dialog for the association that keeps the
// ledger, and the Excel download (the same column titles as the lists here).
import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Form, Grid, Input, Modal, Row, Segmented, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { FormErrorList, QueryError, errorText, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDateTime, fmtYuan } from '../../shared/format';
import { MoneyInput, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { CursorPager } from '../../shared/CursorPager';
import { clipped, tableMinWidth } from '../../shared/cells';
import { usePageTitle } from '../../shared/usePageTitle';
import { downloadFile } from '../transfer/common';
import type { FieldError } from '../../../contract/common';
import type { FundAccount, FundEntry, FundEntryPage, FundLedger, FundProject, FundProjectPage } from '../../../contract/funds';
import { fundBalanceColumns, fundProjectColumns } from '../../../domain/funds/columns';

const money = (title: string) => title.replace(/（元）$/, '');

/** Where a funded project is read: a pilot project's 项目经费 tab, or the capacity application. */
const projectLink = (kind: FundProject['projectKind'] | null, id: string | null) => (!kind || !id ? null : kind === 'project' ? `/app/projects/${id}?tab=funding` : `/app/capacity-applications/${id}`);

/** A project's name, linked to where it is read (a name the project no longer has: plain). */
function ProjectName({ kind, id, title }: { kind: FundProject['projectKind'] | null; id: string | null; title: string | null }) {
  const to = projectLink(kind, id);
  if (!title) return <>—</>;
  return to ? <Link to={to}>{title}</Link> : <>{title}</>;
}

export function FundLedgerPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const { message } = App.useApp();
  const [sp, setSp] = useSearchParams();
  const [budgetFor, setBudgetFor] = useState<FundAccount | null>(null);
  const key = ['programmes', id, 'funds'];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<FundLedger>(`/programmes/${id}/funds`, { signal }) });
  usePageTitle(q.data ? `资金台账 · ${q.data.programmeName}` : '资金台账');
  if (q.isLoading) return <LedgerSkeleton />;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const d = q.data;
  const fund = d.items.find((f) => f.code === sp.get('fund')) ?? d.items[0] ?? null;
  const mayBudget = d.actions.includes('budget') && can('fund.manage');

  const exportLedger = async () => {
    const hide = message.loading('正在生成 Excel…', 0);
    try {
      await downloadFile(`/programmes/${id}/funds/export.xlsx`, `资金台账-${d.programmeName}.xlsx`);
    } catch (e) {
      message.error(`导出失败：${errorText(e)}`);
    } finally {
      hide();
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Flex wrap gap={8} align="center" justify="space-between">
            <Space wrap align="center">
              <Link to={`/app/programmes/${id}`} aria-label="返回方案">
                <ArrowLeftOutlined />
              </Link>
              <Typography.Title level={3} style={{ margin: 0 }}>
                资金台账
              </Typography.Title>
            </Space>
            <Button icon={<DownloadOutlined />} onClick={() => void exportLedger()} disabled={!d.items.length}>
              导出 Excel
            </Button>
          </Flex>
          <Typography.Text type="secondary">
            <Link to={`/app/programmes/${id}`}>{d.programmeName}</Link> · {d.associationName}
          </Typography.Text>
          <Typography.Text type="secondary">专项资金单独核算、专款专用。每一笔预算、核定资助、拨付、支出、退还和收回都记入台账；预算 = 可用余额 + 待拨付 + 净拨出。</Typography.Text>
        </Space>
      </Card>

      {!d.items.length ? (
        <Card>
          <Empty description="该方案的政策参数中没有列出专项资金。" />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {d.items.map((f) => (
            <Col key={f.code} xs={24} xl={d.items.length > 1 ? 12 : 24}>
              <FundCard f={f} onBudget={mayBudget && f.inParameters ? () => setBudgetFor(f) : undefined} />
            </Col>
          ))}
        </Row>
      )}

      {fund ? (
        <Card
          title={d.items.length > 1 ? '资金明细' : `${fund.name}：资金明细`}
          extra={
            d.items.length > 1 ? (
              <Segmented
                value={fund.code}
                onChange={(v) => setSp({ fund: String(v) }, { replace: true })}
                options={d.items.map((f) => ({ value: f.code, label: f.name }))}
                aria-label="选择专项资金"
              />
            ) : null
          }
          styles={{ body: { paddingTop: 8 } }}
        >
          <Tabs
            items={[
              { key: 'projects', label: `资助项目（${fmtCount(fund.projects)}）`, children: <ProjectsTable key={fund.code} programmeId={id} fund={fund} /> },
              { key: 'entries', label: `台账明细（${fmtCount(fund.entries)}）`, children: <EntriesTable key={fund.code} programmeId={id} fund={fund} /> },
            ]}
          />
        </Card>
      ) : null}

      {budgetFor ? <BudgetModal programmeId={id} fund={budgetFor} onClose={() => setBudgetFor(null)} onDone={() => setBudgetFor(null)} queryKey={key} /> : null}
    </Space>
  );
}

function LedgerSkeleton() {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Skeleton active title paragraph={{ rows: 2 }} />
      </Card>
      <Card>
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    </Space>
  );
}

/** One fund: what is left to award in large type, the other balances beneath, and the balance check. */
function FundCard({ f, onBudget }: { f: FundAccount; onBudget?: () => void }) {
  const screens = Grid.useBreakpoint();
  return (
    <Card
      title={
        <Space wrap size={4}>
          <span>{f.name}</span>
          {f.balanced ? (
            <Tag color="success" icon={<CheckCircleOutlined />}>
              收支平衡
            </Tag>
          ) : (
            <Tooltip title="台账合计与各项目的资金情况不一致，请联系系统管理员核查">
              <Tag color="error" icon={<WarningOutlined />}>
                核对不一致
              </Tag>
            </Tooltip>
          )}
        </Space>
      }
      extra={
        onBudget ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={onBudget}>
            登记预算
          </Button>
        ) : null
      }
    >
      <Flex wrap gap={24} align="baseline" style={{ marginBottom: 16 }}>
        <div>
          <Typography.Text type="secondary">可用余额</Typography.Text>
          <div style={{ fontSize: 24, fontWeight: 600 }}>{fmtYuan(f.availableFen)}</div>
        </div>
        <Typography.Text type="secondary">
          资金来源：{f.source ?? '—'} · 计划金额：{f.plannedFen === null ? '未规定' : fmtYuan(f.plannedFen)} · 资助项目 {fmtCount(f.projects, ' 个')}
          {f.updatedAt ? ` · 最近入账 ${fmtDateTime(f.updatedAt)}` : ''}
        </Typography.Text>
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={screens.md ? 3 : 1}
        items={fundBalanceColumns.map((c) => ({ key: c.key, label: money(c.title), children: fmtYuan(f[c.key]) }))}
      />
    </Card>
  );
}

/** A cursor stack kept on the page (two lists share it, so not in the address). */
function useCursors() {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack.length ? stack[stack.length - 1] : undefined,
    page: stack.length + 1,
    next: (c: string) => setStack((s) => [...s, c]),
    prev: () => setStack((s) => s.slice(0, -1)),
    first: () => setStack([]),
  };
}

/** The total counted with the first page, kept while paging on (docs/UI.md: counted on the first page only). */
function useFirstPageTotal(data: { total?: number; totalEstimated?: boolean } | undefined, cursor: string | undefined) {
  const [total, setTotal] = useState<{ total?: number; totalEstimated?: boolean }>({});
  useEffect(() => {
    if (!cursor && data?.total !== undefined) setTotal({ total: data.total, totalEstimated: data.totalEstimated });
  }, [data, cursor]);
  return total;
}

const moneyColumn = <T,>(title: string, key: keyof T & string): TableColumnType<T> => ({
  title,
  dataIndex: key,
  width: 140,
  align: 'right',
  render: (v: number) => fmtYuan(v),
});

function ProjectsTable({ programmeId, fund }: { programmeId: string; fund: FundAccount }) {
  const c = useCursors();
  const [limit, setLimit] = useState(20);
  const q = useQuery({
    queryKey: ['programmes', programmeId, 'funds', fund.code, 'projects', c.cursor ?? null, limit],
    queryFn: ({ signal }) => api<FundProjectPage>(`/programmes/${programmeId}/funds/${fund.code}/projects`, { signal, query: { cursor: c.cursor, limit, count: c.cursor ? undefined : 'exact' } }),
    placeholderData: (prev) => prev,
  });
  const total = useFirstPageTotal(q.data, c.cursor);
  if (q.isError) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const title = (k: (typeof fundProjectColumns)[number]['key']) => fundProjectColumns.find((x) => x.key === k)!.title;
  const columns: TableColumnType<FundProject>[] = [
    { title: title('title'), dataIndex: 'title', ...clipped<FundProject>((v: string | null, p) => <ProjectName kind={p.projectKind} id={p.projectId} title={v} />) },
    { title: title('projectKindLabel'), dataIndex: 'projectKindLabel', width: 120 },
    { title: title('societyName'), dataIndex: 'societyName', width: 200, ...clipped<FundProject>() },
    moneyColumn<FundProject>(title('awardFen'), 'awardFen'),
    moneyColumn<FundProject>(title('disbursedFen'), 'disbursedFen'),
    moneyColumn<FundProject>(title('spentFen'), 'spentFen'),
    moneyColumn<FundProject>(title('refundedFen'), 'refundedFen'),
    moneyColumn<FundProject>(title('recoveredFen'), 'recoveredFen'),
    moneyColumn<FundProject>(title('committedFen'), 'committedFen'),
    moneyColumn<FundProject>(title('outstandingFen'), 'outstandingFen'),
    { title: title('cancelled'), dataIndex: 'cancelled', width: 100, render: (v: boolean) => (v ? <Tag>已撤销</Tag> : <Tag color="blue">正常</Tag>) },
  ];
  return (
    <>
      <Table<FundProject>
        rowKey={(p) => `${p.projectKind}:${p.projectId}`}
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: tableMinWidth(columns) }}
        locale={{ emptyText: '尚无核定资助的项目' }}
      />
      <CursorPager
        total={total.total}
        totalEstimated={total.totalEstimated}
        page={c.page}
        pageSize={limit}
        hasNext={!!q.data?.nextCursor}
        onNext={() => q.data?.nextCursor && c.next(q.data.nextCursor)}
        onPrev={c.prev}
        onFirst={c.first}
        onPageSize={(n) => {
          setLimit(n);
          c.first();
        }}
        loading={q.isFetching}
      />
    </>
  );
}

function EntriesTable({ programmeId, fund }: { programmeId: string; fund: FundAccount }) {
  const c = useCursors();
  const [limit, setLimit] = useState(20);
  const q = useQuery({
    queryKey: ['programmes', programmeId, 'funds', fund.code, 'entries', c.cursor ?? null, limit],
    queryFn: ({ signal }) => api<FundEntryPage>(`/programmes/${programmeId}/funds/${fund.code}/entries`, { signal, query: { cursor: c.cursor, limit, count: c.cursor ? undefined : 'estimate' } }),
    placeholderData: (prev) => prev,
  });
  const total = useFirstPageTotal(q.data, c.cursor);
  if (q.isError) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const columns: TableColumnType<FundEntry>[] = [
    { title: '入账时间', dataIndex: 'recordedAt', width: 150, render: (v: string) => fmtDateTime(v) },
    { title: '类别', dataIndex: 'kindLabel', width: 100, render: (v: string, e) => <Tag color={e.kind === 'budget' ? 'green' : e.kind === 'refund' || e.kind === 'recover' ? 'orange' : e.kind === 'cancelAward' ? 'default' : 'blue'}>{v}</Tag> },
    { title: '金额（元）', dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '项目名称', dataIndex: 'projectTitle', ...clipped<FundEntry>((v: string | null, e) => <ProjectName kind={e.projectKind} id={e.projectId} title={v} />) },
    { title: '承接学会', dataIndex: 'societyName', width: 200, ...clipped<FundEntry>() },
    { title: '说明', dataIndex: 'note', width: 220, ...clipped<FundEntry>() },
    { title: '登记人', dataIndex: 'recordedByName', width: 110, render: (v: string | null) => v ?? '系统' },
  ];
  return (
    <>
      <Table<FundEntry>
        rowKey="id"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: tableMinWidth(columns) }}
        locale={{ emptyText: '台账尚无记录' }}
      />
      <CursorPager
        total={total.total}
        totalEstimated={total.totalEstimated}
        page={c.page}
        pageSize={limit}
        hasNext={!!q.data?.nextCursor}
        onNext={() => q.data?.nextCursor && c.next(q.data.nextCursor)}
        onPrev={c.prev}
        onFirst={c.first}
        onPageSize={(n) => {
          setLimit(n);
          c.first();
        }}
        loading={q.isFetching}
      />
    </>
  );
}

interface BudgetValues {
  amount: string;
  note: string;
}

function BudgetModal({ programmeId, fund, onClose, onDone, queryKey }: { programmeId: string; fund: FundAccount; onClose: () => void; onDone: () => void; queryKey: unknown[] }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<BudgetValues>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (v: BudgetValues) => {
    setBusy(true);
    try {
      await api<FundAccount>(`/programmes/${programmeId}/funds/${fund.code}/budget`, { method: 'POST', body: { amountFen: moneyToFen(v.amount), note: v.note } });
      message.success(`预算已入账：${fund.name}`);
      void qc.invalidateQueries({ queryKey });
      void qc.invalidateQueries({ queryKey: ['audit'] });
      onDone();
    } catch (e) {
      setErrors(report(e, { form, action: '登记预算', mapPath: (p) => (p[p.length - 1] === 'amountFen' ? ['amount'] : p.slice(-1)) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`登记预算：${fund.name}`}
      okText="登记预算"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={screens.sm ? 560 : '100%'}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">登记本年度批复的专项资金预算。入账后计入可用余额，不能修改或删除；如有更正，请另行登记并在说明中注明。</Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="amount" label="预算金额" rules={moneyRules({ label: '预算金额', required: true, min: 1, minMessage: '预算金额应大于 0' })}>
          <MoneyInput />
        </Form.Item>
        <Form.Item name="note" label="入账说明" extra="如预算批复文号、资金下达文件" rules={[{ required: true, whitespace: true, message: '请填写入账说明' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
