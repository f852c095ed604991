// CAP-6, FND-1…FND-5 on the application's page once the responsibility letter is signed (实施中):
// 经费预算与支出 — the approved budget line by line with what is spent, what remains and the
// execution window; the expenses (newest first, paged) with their evidence, the association's
// check of procurement and fixed assets; the society's 登记支出 and 申请调整预算, the association's
// 审批; and the project's progress reports. A refusal by a rule shows its clause in words.
import { AuditOutlined, CheckOutlined, FileAddOutlined, PlusOutlined, RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Progress, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { clipped, tableMinWidth } from '../../shared/cells';
import { CursorPager } from '../../shared/CursorPager';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { useSectionAnchor } from '../../shared/useSectionAnchor';
import { fmtDate, fmtDateTime, fmtYuan, todayCst } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import type { CapacityApplication } from '../../../contract/capacity-applications';
import {
  expenseFlagLabels,
  type BudgetAdjustment,
  type BudgetAdjustmentList,
  type BudgetExecution,
  type CapacityExpense,
  type CapacityExpensePage,
  type CapacityProgressReportPage,
} from '../../../contract/capacity-implementation';
import { Files, FilesField, FormModal, Text, required } from '../supervision/ImplementationShared';
import { evidenceIds, type EvidenceFile } from '../selection/EvidenceUpload';
import { implementationKey, percentOf } from './implementationRules';
import { ExpenseModal } from './ExpenseModal';
import { AdjustmentDiff, AdjustmentModal, DecideAdjustmentModal } from './AdjustmentModals';

/** Everything an action here may change: the section's lists, the application, the to-dos. */
function useRefresh(applicationId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: implementationKey(applicationId) });
    void qc.invalidateQueries({ queryKey: ['capacity-applications', applicationId] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['todos'] });
  };
}

export function CapacityImplementationSection({ a }: { a: CapacityApplication }) {
  const q = useQuery({
    queryKey: [...implementationKey(a.id), 'budget-execution'],
    queryFn: ({ signal }) => api<BudgetExecution>(`/capacity-applications/${a.id}/budget-execution`, { signal }),
  });
  const refresh = useRefresh(a.id);
  const [recording, setRecording] = useState(false);
  const [adjusting, setAdjusting] = useState(false);
  // to-dos and notifications link here (…?section=implementation)
  const anchor = useSectionAnchor('implementation', !!q.data);
  if (q.isLoading) return <Card title="经费预算与支出"><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  if (q.isError || !q.data) return <Card title="经费预算与支出"><QueryError error={q.error} onRetry={() => q.refetch()} compact /></Card>;
  const e = q.data;
  const society = e.actions.includes('recordExpense');
  return (
    <div ref={anchor.ref} {...anchor.props}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card
          title="经费预算与支出"
          styles={{ header: { flexWrap: 'wrap' } }}
          extra={
            <Space wrap>
              {e.actions.includes('recordExpense') ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
                  登记支出
                </Button>
              ) : null}
              {e.actions.includes('requestAdjustment') ? (
                <Button icon={<SwapOutlined />} onClick={() => setAdjusting(true)}>
                  申请调整预算
                </Button>
              ) : null}
            </Space>
          }
        >
          <BudgetSummary e={e} society={society} />
          <BudgetLines e={e} />
        </Card>
        <ExpensesCard applicationId={a.id} onChanged={refresh} />
        <AdjustmentsCard applicationId={a.id} onChanged={refresh} />
        <ProgressReportsCard applicationId={a.id} canFile={e.actions.includes('fileReport')} onChanged={refresh} />
      </Space>
      {recording ? <ExpenseModal applicationId={a.id} execution={e} onClose={() => setRecording(false)} onDone={refresh} /> : null}
      {adjusting ? <AdjustmentModal applicationId={a.id} execution={e} onClose={() => setAdjusting(false)} onDone={refresh} /> : null}
    </div>
  );
}

function BudgetSummary({ e, society }: { e: BudgetExecution; society: boolean }) {
  const can = useCan();
  const today = todayCst();
  const ended = !!e.windowEndsOn && e.windowEndsOn < today;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', marginBottom: 16 }}>
      {e.pendingAdjustmentId ? (
        <Alert type="info" showIcon title="有一份预算调整申请待科协审批" description="审批通过前，支出仍按现行批复的预算登记。" />
      ) : null}
      {!society && e.uncheckedFlags > 0 ? (
        can('capacityApplication.review') ? (
          <Alert type="warning" showIcon title={`${e.uncheckedFlags} 笔支出待核查`} description="涉及政府采购或形成固定资产的支出，请在下方“经费支出”中逐笔核查。" />
        ) : (
          <Alert type="info" showIcon title={`${e.uncheckedFlags} 笔支出待科协核查`} />
        )
      ) : null}
      {ended ? <Alert type="warning" showIcon title={`执行期限已于 ${fmtDate(e.windowEndsOn)} 届满`} description="期满后发生的费用不能在专项资金中列支，未使用的资金应按规定退还。" /> : null}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={[
          { key: 'approved', label: '批复预算合计', children: fmtYuan(e.approvedFen) },
          { key: 'spent', label: '已支出', children: fmtYuan(e.spentFen) },
          { key: 'remaining', label: '结余', children: fmtYuan(e.remainingFen) },
          { key: 'progress', label: '执行进度', children: <Progress percent={percentOf(e.share)} size="small" style={{ minWidth: 160, margin: 0 }} /> },
          { key: 'window', label: '执行期限', children: e.approvedOn ? `${fmtDate(e.approvedOn)} 至 ${fmtDate(e.windowEndsOn)}（预算批复之日起 ${e.executionWindowMonths} 个月）` : '—' },
          { key: 'threshold', label: '政府采购限额标准', children: `${fmtYuan(e.procurementThresholdFen)}（达到的支出提请科协核查）` },
        ]}
      />
    </Space>
  );
}

function BudgetLines({ e }: { e: BudgetExecution }) {
  type Line = BudgetExecution['lines'][number];
  const columns: TableColumnsType<Line> = [
    { title: '支出类别', dataIndex: 'categoryLabel', width: 140 },
    { title: '开支项目', dataIndex: 'item', width: 180, ...clipped<Line>((v: string | null) => v ?? '（整个类别）') },
    { title: '批复预算', dataIndex: 'approvedFen', width: 140, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '已支出', dataIndex: 'spentFen', width: 140, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '结余', dataIndex: 'remainingFen', width: 140, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '执行进度', dataIndex: 'share', width: 180, render: (v: number) => <Progress percent={percentOf(v)} size="small" style={{ margin: 0 }} /> },
  ];
  return (
    <Table<Line>
      rowKey={(l) => `${l.category}:${l.item ?? ''}`}
      size="small"
      columns={columns}
      dataSource={e.lines}
      pagination={false}
      scroll={{ x: tableMinWidth(columns) }}
      locale={{ emptyText: '尚无批复的预算' }}
      summary={() =>
        e.lines.length ? (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}>
              合计
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {fmtYuan(e.approvedFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {fmtYuan(e.spentFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              {fmtYuan(e.remainingFen)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5}>
              <Progress percent={percentOf(e.share)} size="small" style={{ margin: 0 }} />
            </Table.Summary.Cell>
          </Table.Summary.Row>
        ) : null
      }
    />
  );
}

/** A cursor stack kept in the section (the page's address belongs to the application). */
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

/** 类别—开支项目, as the budget names the line an expense counts against. */
const budgetLineOf = (x: CapacityExpense) => `${x.categoryLabel}${x.item ? `—${x.item}` : ''}`;

function FlagTags({ x }: { x: CapacityExpense }) {
  if (!x.flags.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap>
      {x.flags.map((f) => (
        <Tag key={f} color="orange">
          {expenseFlagLabels[f]}
        </Tag>
      ))}
      {x.checkedAt ? <Tag color="green">已核查</Tag> : <Tag color="gold">待核查</Tag>}
    </Space>
  );
}

function ExpensesCard({ applicationId, onChanged }: { applicationId: string; onChanged: () => void }) {
  const c = useCursors();
  const [limit, setLimit] = useState(20);
  const [total, setTotal] = useState<{ total?: number; totalEstimated?: boolean }>({});
  const [checking, setChecking] = useState<CapacityExpense | null>(null);
  const [viewing, setViewing] = useState<CapacityExpense | null>(null);
  const q = useQuery({
    queryKey: [...implementationKey(applicationId), 'expenses', c.cursor ?? null, limit],
    queryFn: ({ signal }) => api<CapacityExpensePage>(`/capacity-applications/${applicationId}/expenses`, { signal, query: { cursor: c.cursor, limit, count: c.cursor ? undefined : 'exact' } }),
    placeholderData: (prev) => prev,
  });
  const data = q.data;
  useEffect(() => {
    if (!c.cursor && data?.total !== undefined) setTotal({ total: data.total, totalEstimated: data.totalEstimated });
  }, [data, c.cursor]);
  // docs/UI.md: fits the section's width at 1280 px (sider and margins leave about 960) — category and
  // item in one clipped cell, the evidence in 查看; below that the table scrolls in its box
  const columns: TableColumnsType<CapacityExpense> = [
    { title: '支出日期', dataIndex: 'spentOn', width: 110, render: (v: string) => fmtDate(v) },
    { title: '预算科目', key: 'line', width: 200, ...clipped<CapacityExpense, unknown>((_v, x) => budgetLineOf(x), (x) => budgetLineOf(x)) },
    { title: '金额', dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '支出说明', dataIndex: 'description', ...clipped<CapacityExpense>() },
    { title: '核查', key: 'flags', width: 150, render: (_: unknown, x) => <FlagTags x={x} /> },
    {
      title: '操作',
      key: 'op',
      width: 130,
      render: (_: unknown, x) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setViewing(x)}>
            查看
          </Button>
          {x.actions.includes('check') ? (
            <Button size="small" icon={<AuditOutlined />} onClick={() => setChecking(x)}>
              核查
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];
  return (
    <Card title="经费支出">
      {q.isError ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : (
        <>
          <Table<CapacityExpense>
            rowKey="id"
            size="small"
            loading={q.isFetching}
            columns={columns}
            dataSource={data?.items ?? []}
            pagination={false}
            scroll={{ x: tableMinWidth(columns) }}
            locale={{ emptyText: '尚未登记支出' }}
          />
          <CursorPager
            total={total.total}
            totalEstimated={total.totalEstimated}
            page={c.page}
            pageSize={limit}
            hasNext={!!data?.nextCursor}
            onNext={() => data?.nextCursor && c.next(data.nextCursor)}
            onPrev={c.prev}
            onFirst={c.first}
            onPageSize={(n) => {
              setLimit(n);
              c.first();
            }}
            loading={q.isFetching}
          />
        </>
      )}
      {viewing ? <ExpenseDrawer x={viewing} onClose={() => setViewing(null)} /> : null}
      {checking ? <CheckModal x={checking} onClose={() => setChecking(null)} onDone={onChanged} /> : null}
    </Card>
  );
}

function ExpenseDrawer({ x, onClose }: { x: CapacityExpense; onClose: () => void }) {
  return (
    <Modal open title="支出详情" footer={null} onCancel={onClose} width={640}>
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'line', label: '预算科目', children: budgetLineOf(x) },
          { key: 'amount', label: '金额', children: fmtYuan(x.amountFen) },
          { key: 'day', label: '支出日期', children: fmtDate(x.spentOn) },
          { key: 'desc', label: '支出说明', children: <Text value={x.description} /> },
          { key: 'asset', label: '形成固定资产', children: x.fixedAsset ? '是' : '否' },
          { key: 'flags', label: '核查', children: <FlagTags x={x} /> },
          ...(x.checkedAt ? [{ key: 'checked', label: '核查人', children: `${x.checkedByName ?? '—'} · ${fmtDateTime(x.checkedAt)}` }] : []),
          { key: 'files', label: '支出凭证', children: <Files files={x.attachments} empty="未上传凭证" /> },
          { key: 'by', label: '登记', children: `${x.recordedByName ?? '—'} · ${fmtDateTime(x.recordedAt)}` },
        ]}
      />
    </Modal>
  );
}

function CheckModal({ x, onClose, onDone }: { x: CapacityExpense; onClose: () => void; onDone: () => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<{ note?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api(`/capacity-expenses/${x.id}/check`, { method: 'POST', body: { note: form.getFieldValue('note')?.trim() || null } });
      message.success('已核查');
      onClose();
      onDone();
    } catch (e) {
      report(e, { form, action: '核查', onRefresh: onDone });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="核查支出" okText="确认已核查" cancelText="取消" okButtonProps={{ loading: busy, icon: <CheckOutlined /> }} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>
        {x.categoryLabel}
        {x.item ? `—${x.item}` : ''}，{fmtYuan(x.amountFen)}，{fmtDate(x.spentOn)}：{x.description}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {x.flags.includes('procurement') ? '达到政府采购限额标准：请核对是否按政府采购规定执行。' : ''}
        {x.flags.includes('fixedAsset') ? '形成固定资产：请核对是否已按资产管理办法登记管理。' : ''}
      </Typography.Paragraph>
      <Files files={x.attachments} empty="未上传凭证" />
      <Form form={form} layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item name="note" label="核查意见（选填）" rules={[{ max: 1000, message: '核查意见不能超过 1000 个字' }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AdjustmentsCard({ applicationId, onChanged }: { applicationId: string; onChanged: () => void }) {
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [deciding, setDeciding] = useState<BudgetAdjustment | null>(null);
  const q = useQuery({
    queryKey: [...implementationKey(applicationId), 'budget-adjustments'],
    queryFn: ({ signal }) => api<BudgetAdjustmentList>(`/capacity-applications/${applicationId}/budget-adjustments`, { signal }),
  });
  if (q.isLoading) return <Card title="预算调整"><Skeleton active /></Card>;
  if (q.isError || !q.data) return <Card title="预算调整"><QueryError error={q.error} onRetry={() => q.refetch()} compact /></Card>;
  const withdraw = (j: BudgetAdjustment) =>
    modal.confirm({
      title: '撤回预算调整申请？',
      content: '撤回后科协不再审批这份申请，可以重新申请。',
      okText: '撤回申请',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api(`/capacity-budget-adjustments/${j.id}/withdraw`, { method: 'POST', body: { rowVersion: j.rowVersion } });
          message.success('已撤回');
          onChanged();
        } catch (e) {
          report(e, { action: '撤回', onRefresh: onChanged });
        }
      },
    });
  return (
    <Card title="预算调整">
      <RecordList
        items={q.data.items}
        rowKey={(j) => j.id}
        label="预算调整申请"
        empty={<Empty description="没有预算调整申请。预算须严格按批复执行，确需调整的，由学会申请、科协审批。" />}
        render={(j) => (
          <RecordRow
            title={
              <Space wrap size={6}>
                <span>{fmtDateTime(j.createdAt)} 申请</span>
                <Tag color={j.status === 'pending' ? 'processing' : j.status === 'approved' ? 'green' : j.status === 'rejected' ? 'red' : 'default'}>{j.statusLabel}</Tag>
                <Typography.Text type="secondary">
                  合计 {fmtYuan(j.beforeTotalFen)} → {fmtYuan(j.afterTotalFen)}
                </Typography.Text>
              </Space>
            }
            description={
              <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                <span>调整理由：{j.reason}</span>
                <AdjustmentDiff j={j} />
                {j.decidedAt ? (
                  <Typography.Text type="secondary">
                    {j.decidedByName ?? '科协'} · {fmtDateTime(j.decidedAt)}
                    {j.comment ? `；意见：${j.comment}` : ''}
                  </Typography.Text>
                ) : null}
              </Space>
            }
            actions={
              <Space size={4} wrap>
                {j.actions.includes('decide') ? (
                  <Button size="small" type="primary" onClick={() => setDeciding(j)}>
                    审批
                  </Button>
                ) : null}
                {j.actions.includes('withdraw') ? (
                  <Button size="small" danger icon={<RollbackOutlined />} onClick={() => withdraw(j)}>
                    撤回申请
                  </Button>
                ) : null}
              </Space>
            }
          />
        )}
      />
      {deciding ? <DecideAdjustmentModal j={deciding} onClose={() => setDeciding(null)} onDone={onChanged} /> : null}
    </Card>
  );
}

function ProgressReportsCard({ applicationId, canFile, onChanged }: { applicationId: string; canFile: boolean; onChanged: () => void }) {
  const [filing, setFiling] = useState(false);
  const c = useCursors();
  const q = useQuery({
    queryKey: [...implementationKey(applicationId), 'progress-reports', c.cursor ?? null],
    queryFn: ({ signal }) => api<CapacityProgressReportPage>(`/capacity-applications/${applicationId}/progress-reports`, { signal, query: { cursor: c.cursor, limit: 10 } }),
    placeholderData: (prev) => prev,
  });
  return (
    <Card
      title="项目进展报告"
      extra={
        canFile ? (
          <Button icon={<FileAddOutlined />} onClick={() => setFiling(true)}>
            报送进展报告
          </Button>
        ) : null
      }
    >
      {q.isLoading ? (
        <Skeleton active />
      ) : q.isError || !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : (
        <>
          <RecordList
            items={q.data.items}
            rowKey={(r) => r.id}
            label="进展报告"
            empty={<Empty description={canFile ? '尚未报送进展报告。请按计划进度及时向科协报告项目实施进度和成果。' : '学会尚未报送进展报告'} />}
            render={(r) => (
              <RecordRow
                title={r.title}
                description={
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Typography.Text type="secondary">
                      {r.createdByName ?? r.societyName} · {fmtDateTime(r.createdAt)}
                    </Typography.Text>
                    <Text value={r.body} />
                    {r.attachments.length ? <Files files={r.attachments} /> : null}
                  </Space>
                }
              />
            )}
          />
          {c.page > 1 || q.data.nextCursor ? (
            <CursorPager total={undefined} page={c.page} pageSize={10} hasNext={!!q.data.nextCursor} onNext={() => q.data?.nextCursor && c.next(q.data.nextCursor)} onPrev={c.prev} onFirst={c.first} loading={q.isFetching} />
          ) : null}
        </>
      )}
      {filing ? <ProgressReportModal applicationId={applicationId} onClose={() => setFiling(false)} onDone={onChanged} /> : null}
    </Card>
  );
}

function ProgressReportModal({ applicationId, onClose, onDone }: { applicationId: string; onClose: () => void; onDone: () => void }) {
  type V = { title: string; body: string; files: EvidenceFile[] };
  return (
    <FormModal<V>
      title="报送进展报告"
      okText="报送"
      width={720}
      intro="向科协报告项目的实施进度和阶段成果；科协会收到通知。报送后不能修改。"
      initialValues={{ files: [] }}
      request={(v) => ({ path: `/capacity-applications/${applicationId}/progress-reports`, body: { title: v.title, body: v.body, attachmentIds: evidenceIds(v.files ?? []) } })}
      mapPath={(p) => (p[0] === 'attachmentIds' ? ['files'] : p)}
      success="进展报告已报送"
      onClose={onClose}
      onDone={onDone}
    >
      {() => (
        <>
          <Form.Item name="title" label="报告标题" rules={[...required('报告标题'), { max: 120, message: '报告标题不能超过 120 个字' }]}>
            <Input maxLength={120} placeholder="如：第一季度实施进展" />
          </Form.Item>
          <Form.Item name="body" label="进展情况" rules={[...required('进展情况'), { max: 20000, message: '进展情况不能超过 20000 个字' }]}>
            <Input.TextArea rows={8} maxLength={20000} showCount placeholder="按申报的主要内容和指标，说明计划进度、阶段目标的完成情况和取得的成果" />
          </Form.Item>
          <Form.Item name="files" label="附件（选填）">
            <FilesField />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}

