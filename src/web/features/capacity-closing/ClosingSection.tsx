// CAP-6, CAP-7, FND-4, FND-6 on the application's page, once the project holds an award: 年度验收 — the
// association's conclusion, the finance bureau's confirmation or return, the result — and 资金退还与追回
// — the execution window (its last day; once it ended, what was not spent), the project's money in the
// ledger, the debarments that followed, the refunds and recoveries with their ground, responsibility
// and files, and the association's 登记退还 / 登记追回. The society sees its flags, returns and any
// debarment; the experts see nothing here. To-dos and notifications link with ?section=closing.
import { AuditOutlined, CheckOutlined, EditOutlined, RollbackOutlined, UndoOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Grid, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { useSectionAnchor } from '../../shared/useSectionAnchor';
import { currentYearCst, fmtDate, fmtDateTime, fmtYuan } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import type { CapacityApplication } from '../../../contract/capacity-applications';
import type { CapacityAcceptance, CapacityClosing, CapacityFundReturnList } from '../../../contract/capacity-closing';
import { Files, Text } from '../supervision/ImplementationShared';
import { applicationKey } from '../capacity-applications/applicationShared';
import { AcceptanceModal, RecoveryModal, RefundModal, ReturnAcceptanceModal, debarmentText } from './ClosingModals';
import { CLOSING_STATES, closingKey } from './closingRules';

/** The sections, shown from the letter's signing on (nothing before). */
export function CapacityClosingSection({ a }: { a: CapacityApplication }) {
  return CLOSING_STATES.has(a.status) ? <Closing a={a} /> : null;
}

type Dialog = 'propose' | 'repropose' | 'return' | 'refund' | 'recovery' | null;

function Closing({ a }: { a: CapacityApplication }) {
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const q = useQuery({
    queryKey: [...closingKey(a.id), 'state'],
    queryFn: ({ signal }) => api<CapacityClosing>(`/capacity-applications/${a.id}/closing`, { signal }),
    retry: (n, e) => !(isApiError(e) && (e.status === 403 || e.status === 404)) && n < 2,
  });
  const anchor = useSectionAnchor('closing', !!q.data);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: closingKey(a.id) });
    void qc.invalidateQueries({ queryKey: applicationKey(a.id) });
    void qc.invalidateQueries({ queryKey: ['capacity-implementation', a.id] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['todos'] });
    void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_application', a.id] });
  };
  // a reader who may not see these sections (an expert) sees nothing of them
  if (q.isError && isApiError(q.error) && (q.error.status === 403 || q.error.status === 404)) return null;
  if (q.isLoading) return <Card title="年度验收与资金退还"><Skeleton active paragraph={{ rows: 6 }} /></Card>;
  if (q.isError || !q.data) return <Card title="年度验收与资金退还"><QueryError error={q.error} onRetry={() => q.refetch()} compact /></Card>;
  const c = q.data;
  const close = () => setDialog(null);
  return (
    <div ref={anchor.ref} {...anchor.props}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <AcceptanceCard a={a} c={c} onOpen={setDialog} onChanged={refresh} />
        <FundsCard a={a} c={c} onOpen={setDialog} />
      </Space>
      {dialog === 'propose' || dialog === 'repropose' ? (
        <AcceptanceModal applicationId={a.id} closing={c} callYear={a.callYear} thisYear={currentYearCst()} returned={dialog === 'repropose' ? c.acceptance : null} onClose={close} onDone={refresh} />
      ) : null}
      {dialog === 'return' && c.acceptance ? <ReturnAcceptanceModal acceptance={c.acceptance} onClose={close} onDone={refresh} /> : null}
      {dialog === 'refund' ? <RefundModal applicationId={a.id} closing={c} onClose={close} onDone={refresh} /> : null}
      {dialog === 'recovery' ? <RecoveryModal applicationId={a.id} closing={c} onClose={close} onDone={refresh} /> : null}
    </div>
  );
}

// ------------------------------------------------------------------------------------------------
// 年度验收
// ------------------------------------------------------------------------------------------------

const resultColor = (r: CapacityAcceptance['result']) => (r === 'passed' ? 'green' : 'red');
const stateColor: Record<CapacityAcceptance['status'], string> = { proposed: 'processing', returned: 'warning', confirmed: 'default' };

function AcceptanceCard({ a, c, onOpen, onChanged }: { a: CapacityApplication; c: CapacityClosing; onOpen: (d: Dialog) => void; onChanged: () => void }) {
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const wide = !!Grid.useBreakpoint().md;
  const x = c.acceptance;
  const confirm = () =>
    modal.confirm({
      title: `确认验收结论：${x!.resultLabel}？`,
      content: x!.result === 'passed' ? '确认后项目验收合格。' : '确认后项目验收不合格，科协将收回已拨付的项目资金，并按本方案规定取消该学会的申报资格。',
      okText: '确认验收结论',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api(`/capacity-acceptances/${x!.id}/confirm`, { method: 'POST', body: { rowVersion: x!.rowVersion } });
          message.success('验收结论已确认');
          onChanged();
        } catch (e) {
          report(e, { action: '确认验收结论', onRefresh: onChanged });
        }
      },
    });
  const buttons = [];
  if (c.actions.includes('proposeAcceptance')) {
    buttons.push(
      <Button key="propose" type="primary" icon={<AuditOutlined />} onClick={() => onOpen('propose')}>
        提出验收结论
      </Button>,
    );
  }
  if (x?.actions.includes('repropose')) {
    buttons.push(
      <Button key="repropose" type="primary" icon={<EditOutlined />} onClick={() => onOpen('repropose')}>
        重新提出验收结论
      </Button>,
    );
  }
  if (x?.actions.includes('confirm')) {
    buttons.push(
      <Button key="confirm" type="primary" icon={<CheckOutlined />} onClick={confirm}>
        确认验收结论
      </Button>,
    );
  }
  if (x?.actions.includes('return')) {
    buttons.push(
      <Button key="return" icon={<RollbackOutlined />} onClick={() => onOpen('return')}>
        退回
      </Button>,
    );
  }
  const who = c.coManaged ? `${a.associationName}会同财政局` : a.associationName;
  let state;
  if (!x) {
    state =
      c.status === 'disbursed' ? (
        <Alert type="info" showIcon title="项目资金已拨付，待年度验收" description={`由${who}对项目进行验收：${c.actions.includes('proposeAcceptance') ? '对照申报书的目标和绩效指标提出验收结论' : '验收结论确定后在此显示'}。`} />
      ) : c.status === 'funded' ? (
        <Typography.Text type="secondary">项目资金拨付后，由{who}进行年度验收。</Typography.Text>
      ) : (
        <Typography.Text type="secondary">该项目未进行验收。</Typography.Text>
      );
  } else {
    state = (
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {x.status === 'proposed' ? (
          <Alert type="info" showIcon title={x.actions.includes('confirm') ? '请确认科协提出的验收结论' : '验收结论待财政局确认'} />
        ) : null}
        {x.status === 'returned' ? (
          <Alert type="warning" showIcon title="财政局退回了验收结论" description={<Text value={x.returnComment} />} />
        ) : null}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          items={[
            { key: 'result', label: '验收结论', children: <Tag color={resultColor(x.result)}>{x.resultLabel}</Tag> },
            { key: 'year', label: '验收年度', children: `${x.year} 年度` },
            { key: 'status', label: '状态', children: <Tag color={stateColor[x.status]}>{x.statusLabel}</Tag> },
            // the moment stays on one line (a narrow column would break it between the day and the time); one span, as
            // the item's content lays its children out side by side
            { key: 'proposed', label: '提出', children: <span>{x.proposedByName ?? a.associationName} · <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(x.proposedAt)}</span></span> },
            ...(x.confirmedAt
              ? [{ key: 'confirmed', label: '确认', children: <span>{`${x.confirmedOrgName ?? ''}${x.confirmedByName ? ` ${x.confirmedByName}` : ''}`} · <span style={{ whiteSpace: 'nowrap' }}>{fmtDateTime(x.confirmedAt)}</span></span> }]
              : []),
            { key: 'opinion', label: '验收意见', span: 'filled' as const, children: <Text value={x.opinion} /> },
            { key: 'files', label: '验收材料', span: 'filled' as const, children: <Files files={x.attachments} empty="未上传" /> },
          ]}
        />
      </Space>
    );
  }
  return (
    <Card title="年度验收" extra={wide && buttons.length ? <Space wrap>{buttons}</Space> : null}>
      {!wide && buttons.length ? <Space wrap style={{ marginBottom: 12 }}>{buttons}</Space> : null}
      {state}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        依据：{c.clauses.acceptance}
      </Typography.Paragraph>
    </Card>
  );
}

// ------------------------------------------------------------------------------------------------
// 资金退还与追回
// ------------------------------------------------------------------------------------------------

function WindowState({ c, society }: { c: CapacityClosing; society: boolean }) {
  const w = c.window;
  if (!w.endsOn) return null;
  if (w.flaggedAt && (w.unspentFen ?? 0) > 0 && w.settled) {
    return <Alert type="success" showIcon title={`执行期限已于 ${fmtDate(w.endsOn)} 届满，未使用的专项资金 ${fmtYuan(w.unspentFen)} 已退还或追回`} />;
  }
  if (w.flaggedAt && (w.unspentFen ?? 0) > 0) {
    const held = c.balance?.outstandingFen ?? 0;
    return (
      <Alert
        type="warning"
        showIcon
        icon={<WarningOutlined />}
        title={`执行期限已于 ${fmtDate(w.endsOn)} 届满，未使用的专项资金 ${fmtYuan(w.unspentFen)}`}
        description={
          <Space orientation="vertical" size={2}>
            <span>
              {society
                ? `请将未使用的资金部分或全部退还${c.balance && c.balance.disbursedFen > 0 ? `（本会尚持有已拨付的资金 ${fmtYuan(held)}）` : ''}，到账后由科协登记。`
                : `学会退还后请登记退还；确有违规情形的，按规定追回。学会尚持有已拨付的资金 ${fmtYuan(held)}。`}
            </span>
            <Typography.Text type="secondary">依据：{c.clauses.window}</Typography.Text>
          </Space>
        }
      />
    );
  }
  if (w.flaggedAt) return <Alert type="success" showIcon title={`执行期限已于 ${fmtDate(w.endsOn)} 届满，专项资金已全部使用`} />;
  if (w.ended) return <Alert type="info" showIcon title={`执行期限已于 ${fmtDate(w.endsOn)} 届满`} description="系统将核算未使用的专项资金。" />;
  // every yuan paid out has come back (refunded or recovered): nothing is left to refund at the window's end
  const allBack = !!c.balance && c.balance.disbursedFen > 0 && c.balance.outstandingFen === 0;
  return (
    <Typography.Text type="secondary">
      执行期限：{fmtDate(w.approvedOn)} 至 {fmtDate(w.endsOn)}。{allBack ? '已拨付的专项资金已全部退还或追回。' : '期满未使用的专项资金应部分或全部退还。'}
    </Typography.Text>
  );
}

function FundsCard({ a, c, onOpen }: { a: CapacityApplication; c: CapacityClosing; onOpen: (d: Dialog) => void }) {
  const { data: me } = useMe();
  const society = me?.orgId === a.societyId;
  // at 390 px the buttons go under the title (the header has no room for both)
  const wide = !!Grid.useBreakpoint().md;
  const returns = useQuery({
    queryKey: [...closingKey(a.id), 'returns'],
    queryFn: ({ signal }) => api<CapacityFundReturnList>(`/capacity-applications/${a.id}/fund-returns`, { signal }),
  });
  const b = c.balance;
  const buttons = [];
  if (c.actions.includes('recordRefund')) {
    buttons.push(
      <Button key="refund" icon={<UndoOutlined />} onClick={() => onOpen('refund')}>
        登记退还
      </Button>,
    );
  }
  if (c.actions.includes('recordRecovery')) {
    buttons.push(
      <Button key="recovery" danger icon={<WarningOutlined />} onClick={() => onOpen('recovery')}>
        登记追回
      </Button>,
    );
  }
  return (
    <Card title="资金退还与追回" extra={wide && buttons.length ? <Space wrap>{buttons}</Space> : null}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {!wide && buttons.length ? <Space wrap>{buttons}</Space> : null}
        <WindowState c={c} society={society} />
        {c.debarments.map((d) => (
          <Alert key={`${d.startsOn}-${d.reason}`} type="error" showIcon title={`${society ? '本会' : c.societyName}被${debarmentText(d)}`} description={d.reason} />
        ))}
        {b ? (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2, xl: 4 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'award', label: '核定资助', children: b.cancelled ? <Space size={4} wrap><Typography.Text delete>{fmtYuan(b.awardFen)}</Typography.Text><Tag>已撤销</Tag></Space> : fmtYuan(b.awardFen) },
              { key: 'disbursed', label: '已拨付', children: fmtYuan(b.disbursedFen) },
              { key: 'spent', label: '已支出', children: fmtYuan(b.spentFen) },
              { key: 'unspent', label: '未使用', children: fmtYuan(b.unspentFen) },
              { key: 'refunded', label: '已退还', children: fmtYuan(b.refundedFen) },
              { key: 'recovered', label: '已追回', children: fmtYuan(b.recoveredFen) },
              { key: 'held', label: '学会尚持有的拨付资金', children: fmtYuan(b.outstandingFen) },
            ]}
          />
        ) : null}
        <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
          退还和追回记录
        </Typography.Title>
        {returns.isLoading ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : returns.isError || !returns.data ? (
          <QueryError error={returns.error} onRetry={() => returns.refetch()} compact />
        ) : (
          <RecordList
            items={returns.data.items}
            rowKey={(r) => r.id}
            label="退还和追回记录"
            empty={<Typography.Text type="secondary">尚无退还或追回记录</Typography.Text>}
            render={(r) => (
              <RecordRow
                title={
                  <Space wrap size={6}>
                    <Tag color={r.kind === 'refund' ? 'blue' : 'red'}>{r.kindLabel}</Tag>
                    <span>{r.amountFen > 0 ? fmtYuan(r.amountFen) : r.awardCancelled ? '资金未拨付，撤销资助' : '不涉及金额'}</span>
                    {r.groundLabel ? <Typography.Text type="secondary">事由：{r.groundLabel}</Typography.Text> : null}
                  </Space>
                }
                description={`${fmtDateTime(r.recordedAt)} · ${r.recordedByName ?? a.associationName}登记`}
              >
                <Descriptions
                  size="small"
                  column={1}
                  style={{ marginTop: 6 }}
                  styles={{ label: { whiteSpace: 'nowrap' } }}
                  items={[
                    ...(r.responsibility ? [{ key: 'resp', label: '责任认定', children: <Text value={r.responsibility} /> }] : []),
                    ...(r.debarment ? [{ key: 'debar', label: '取消申报资格', children: <Typography.Text type="danger">{`${r.debarment.years} 年（${fmtDate(r.debarment.startsOn)} 至 ${fmtDate(r.debarment.endsOn)}），已记入学会年度情况`}</Typography.Text> }] : []),
                    ...(r.note ? [{ key: 'note', label: '说明', children: <Text value={r.note} /> }] : []),
                    ...(r.groundClause ? [{ key: 'clause', label: '依据', children: <Typography.Text type="secondary">{r.groundClause}</Typography.Text> }] : []),
                    ...(r.attachments.length ? [{ key: 'files', label: '材料', children: <Files files={r.attachments} /> }] : []),
                  ]}
                />
              </RecordRow>
            )}
          />
        )}
      </Space>
    </Card>
  );
}
