// FND-7 项目经费 on a pilot project's page: the funding its agreement in force promises, paid out of
// one of the programme's special funds. The association that keeps the programme's ledger assigns
// the project to a fund (核定资助, at most the agreement's funding and the fund's available money),
// records the payments to the society in stages (登记拨付), and money back (退还, 收回 on a ground the
// programme names); a termination's refunds come in through 中止与退款 by themselves. The other
// parties read the same figures and the project's entries in the ledger. Money typed in 元, sent in fen.
import { AccountBookOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Grid, Input, Modal, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDateTime, fmtYuan } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { clipped, tableMinWidth } from '../../shared/cells';
import type { FieldError } from '../../../contract/common';
import type { FundEntry, ProjectFunding } from '../../../contract/funds';

type Dialog = 'award' | 'disburse' | 'refund' | 'recover';

export function ProjectFundingTab({ project }: { project: { id: string } }) {
  const qc = useQueryClient();
  const can = useCan();
  const key = ['projects', project.id, 'funding'];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api<ProjectFunding>(`/projects/${project.id}/funding`, { signal }) });
  const [dialog, setDialog] = useState<Dialog | null>(null);
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const f = q.data;
  const done = (next: ProjectFunding) => {
    qc.setQueryData(key, next);
    void qc.invalidateQueries({ queryKey: ['programmes', f.programmeId, 'funds'] });
    void qc.invalidateQueries({ queryKey: ['audit'] });
    setDialog(null);
  };
  const a = f.award;
  const buttons: { key: Dialog; label: string; primary?: boolean }[] = [
    { key: 'award', label: '核定资助', primary: true },
    { key: 'disburse', label: '登记拨付', primary: true },
    { key: 'refund', label: '登记退还' },
    { key: 'recover', label: '登记收回' },
  ];
  const shown = buttons.filter((b) => f.actions.includes(b.key));
  // the programme's ledger: for its keeper (who alone sees the funds here)
  const ledgerLink = can('fund.read') && f.funds.length > 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title="项目经费">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {shown.length || ledgerLink ? (
            <Space wrap>
              {shown.map((b) => (
                <Button key={b.key} type={b.primary ? 'primary' : 'default'} icon={b.key === 'award' ? <PlusOutlined /> : undefined} onClick={() => setDialog(b.key)}>
                  {b.label}
                </Button>
              ))}
              {ledgerLink ? (
                <Link to={`/app/programmes/${f.programmeId}/funds`}>
                  <AccountBookOutlined /> 资金台账
                </Link>
              ) : null}
            </Space>
          ) : null}
          <Typography.Text type="secondary">
            项目经费从“{f.programmeName}”设立的专项资金中列支：由科协核定资助（不超过{f.agreementTitle}约定的经费和该项资金的可用余额），按{f.agreementTitle}分期拨付给承接学会；每一笔都记入资金台账。
          </Typography.Text>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'ag', label: `${f.agreementTitle}约定的经费`, children: f.agreementFundingFen === null ? `尚无生效的${f.agreementTitle}` : fmtYuan(f.agreementFundingFen) },
              { key: 'fund', label: '资助来源', children: a ? a.fundName : '尚未核定' },
              ...(a
                ? [
                    { key: 'award', label: '核定资助', children: <Space wrap>{fmtYuan(a.awardFen)}{a.cancelled ? <Tag>已撤销未拨付部分</Tag> : null}</Space> },
                    { key: 'disbursed', label: '已拨付', children: fmtYuan(a.disbursedFen) },
                    { key: 'committed', label: '待拨付', children: fmtYuan(a.committedFen) },
                    { key: 'refunded', label: '已退还', children: fmtYuan(a.refundedFen) },
                    { key: 'recovered', label: '已收回', children: fmtYuan(a.recoveredFen) },
                    { key: 'out', label: '学会尚持有', children: fmtYuan(a.outstandingFen) },
                  ]
                : []),
            ]}
          />
          {f.openTermination ? <Alert type="info" showIcon title="项目正在办理中止" description="中止项目的退款在“中止与退款”中登记，到账时自动记入资金台账，先退回专项资金已拨付的部分。" /> : null}
        </Space>
      </Card>
      <Card title="台账记录" styles={{ body: { paddingTop: 8 } }}>
        {f.entries.length ? <EntriesTable entries={f.entries} /> : <Empty description={a ? '尚无记录' : '尚未从专项资金核定资助'} />}
      </Card>
      {dialog ? <FundingDialog kind={dialog} f={f} projectId={project.id} onClose={() => setDialog(null)} onDone={done} /> : null}
    </Space>
  );
}

function EntriesTable({ entries }: { entries: FundEntry[] }) {
  const columns: TableColumnType<FundEntry>[] = [
    { title: '入账时间', dataIndex: 'recordedAt', width: 150, render: (v: string) => fmtDateTime(v) },
    { title: '类别', dataIndex: 'kindLabel', width: 100, render: (v: string, e) => <Tag color={e.kind === 'refund' || e.kind === 'recover' ? 'orange' : e.kind === 'cancelAward' ? 'default' : 'blue'}>{v}</Tag> },
    { title: '金额（元）', dataIndex: 'amountFen', width: 150, align: 'right', render: (v: number) => fmtYuan(v) },
    { title: '说明', dataIndex: 'note', ...clipped<FundEntry>((v: string | null) => v ?? '—') },
    { title: '登记人', dataIndex: 'recordedByName', width: 110, render: (v: string | null) => v ?? '系统' },
  ];
  return <Table<FundEntry> rowKey="id" size="small" dataSource={entries} columns={columns} pagination={false} scroll={{ x: tableMinWidth(columns) }} />;
}

interface Values {
  fundCode?: string;
  amount: string;
  ground?: string;
  note: string;
}

const titles: Record<Dialog, string> = { award: '核定资助', disburse: '登记拨付', refund: '登记退还', recover: '登记收回' };

function FundingDialog({ kind, f, projectId, onClose, onDone }: { kind: Dialog; f: ProjectFunding; projectId: string; onClose: () => void; onDone: (f: ProjectFunding) => void }) {
  const { message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const a = f.award;
  const leftToPay = a ? Math.max(0, Math.min(a.awardFen, f.agreementFundingFen ?? 0) - a.disbursedFen) : 0;
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const amountFen = moneyToFen(v.amount);
      const next =
        kind === 'award'
          ? await api<ProjectFunding>(`/projects/${projectId}/funding/award`, { method: 'POST', body: { fundCode: v.fundCode, amountFen, note: v.note } })
          : kind === 'disburse'
            ? await api<ProjectFunding>(`/projects/${projectId}/funding/disbursements`, { method: 'POST', body: { amountFen, note: v.note, disbursedFen: a?.disbursedFen ?? 0 } })
            : await api<ProjectFunding>(`/projects/${projectId}/funding/returns`, { method: 'POST', body: { kind, amountFen, ground: kind === 'recover' ? (v.ground ?? null) : null, note: v.note, outstandingFen: a?.outstandingFen ?? 0 } });
      message.success(`${titles[kind]}已记入资金台账`);
      onDone(next);
    } catch (e) {
      setErrors(report(e, { form, action: titles[kind], mapPath: (p) => (p[p.length - 1] === 'amountFen' ? ['amount'] : p.slice(-1)) }));
    } finally {
      setBusy(false);
    }
  };
  const intro: Record<Dialog, string> = {
    award: `从方案的专项资金中为本项目核定资助，不超过${f.agreementTitle}约定的经费（${fmtYuan(f.agreementFundingFen ?? 0)}）和所选资金的可用余额。核定后记入资金台账，不能修改。`,
    disburse: `可分期拨付，累计不超过核定的资助。本次最多可拨付 ${fmtYuan(leftToPay)}。`,
    refund: `学会退回的结余或未使用资金，退回后计入该项资金的可用余额。学会尚持有 ${fmtYuan(a?.outstandingFen ?? 0)}。`,
    recover: `按方案规定的情形收回已拨付的资金，并在说明中记录责任认定。学会尚持有 ${fmtYuan(a?.outstandingFen ?? 0)}。`,
  };
  const max = kind === 'award' ? (f.agreementFundingFen ?? undefined) : kind === 'disburse' ? leftToPay : (a?.outstandingFen ?? undefined);
  return (
    <Modal open title={titles[kind]} okText={titles[kind]} cancelText="取消" confirmLoading={busy} onCancel={onClose} onOk={() => form.submit()} width={screens.sm ? 560 : '100%'} destroyOnHidden>
      <Typography.Paragraph type="secondary">{intro[kind]}</Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={kind === 'disburse' && leftToPay ? { amount: fenToYuanText(leftToPay) } : undefined}>
        {kind === 'award' ? (
          <Form.Item name="fundCode" label="专项资金" rules={[{ required: true, message: '请选择专项资金' }]}>
            <Select options={f.funds.map((x) => ({ value: x.code, label: `${x.name}（可用余额 ${fmtYuan(x.availableFen)}）` }))} placeholder="选择专项资金" />
          </Form.Item>
        ) : null}
        {kind === 'recover' ? (
          <Form.Item name="ground" label="收回情形" rules={[{ required: true, message: '请选择收回资金的情形' }]}>
            <Select options={f.recoveryGrounds.map((g) => ({ value: g.code, label: g.label }))} placeholder="方案规定的情形" />
          </Form.Item>
        ) : null}
        <Form.Item name="amount" label="金额" rules={moneyRules({ label: '金额', required: true, min: 1, minMessage: '金额应大于 0', ...(max !== undefined ? { max, maxMessage: `不能超过 ${fmtYuan(max)}` } : {}) })}>
          <MoneyInput />
        </Form.Item>
        <Form.Item
          name="note"
          label="说明"
          extra={kind === 'award' ? '如核定文件、会议纪要' : kind === 'disburse' ? '如拨款凭证号、拨付依据（第几期）' : kind === 'refund' ? '如到账凭证号' : '如处理决定、责任认定'}
          rules={[{ required: true, whitespace: true, message: '请填写说明' }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
