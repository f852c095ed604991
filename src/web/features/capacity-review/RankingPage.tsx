// CAP-4: 评审排名 — a call's applications ranked per project type by their final score against the
// type's quota (the page the finance bureau's to-do links to). Equal scores share a rank; a tie at
// the quota's edge is marked and left to the joint decision. The association proposes the funded
// applications of a type (ticked rows, at most the quota; the page says when reasons are needed —
// passing over a higher score, or choosing inside an edge tie — by the server's own rule); the
// co-managing finance bureau confirms or returns the proposal with its comment.
import { ArrowLeftOutlined, CheckCircleOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Grid, Input, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { Key } from 'react';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { clipped } from '../../shared/cells';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDateTime, fmtYuan } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { Ranking } from '../../../contract/capacity-review';
import { MultiLine } from '../transfer/common';
import { DecisionStatusTag, ReasonModal, ReviewApplicationTag, rankingKey } from './reviewShared';
import { defaultSelection, proposalNoteNeed } from './reviewRules';

type RankedType = Ranking['types'][number];
type Entry = RankedType['entries'][number];

export function RankingPage() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: rankingKey(id), queryFn: ({ signal }) => api<Ranking>(`/capacity-calls/${id}/ranking`, { signal }) });
  const r = q.data;
  usePageTitle(r ? `评审排名：${r.callTitle}` : '评审排名');
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !r) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to={`/app/capacity-calls/${r.callId}`} aria-label="返回申报通知">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              评审排名
            </Typography.Title>
          </Space>
          <Typography.Text>
            申报通知：<Link to={`/app/capacity-calls/${r.callId}`}>{r.callTitle}</Link>
          </Typography.Text>
          <Typography.Text type="secondary">
            各类型按专家评审最终得分排名，对照奖励名额；得分相同的名次相同，名额边界有同分的，平台不作取舍。
            {r.coManagedByFinance ? '拟资助项目由科协提出，财政局确认后生效。' : '拟资助项目由科协确定。'}
          </Typography.Text>
        </Space>
      </Card>
      {r.types.map((t) => (
        <TypeRanking key={`${t.code}-${t.decision?.rowVersion ?? 0}-${t.decision?.status ?? ''}`} t={t} r={r} />
      ))}
    </Space>
  );
}

function TypeRanking({ t, r }: { t: RankedType; r: Ranking }) {
  const qc = useQueryClient();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const proposing = t.actions.includes('propose');
  const [selected, setSelected] = useState<string[]>(() => (t.decision?.status === 'returned' ? t.decision.selected : defaultSelection(t.entries)));
  const [note, setNote] = useState(t.decision?.status === 'returned' ? (t.decision.note ?? '') : '');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<null | 'confirm' | 'return'>(null);
  const need = useMemo(() => proposalNoteNeed(t.entries, selected, t.quota), [t.entries, selected, t.quota]);
  const pending = t.entries.filter((e) => e.status === 'expertReview').length;
  const reviewed = t.entries.filter((e) => e.status === 'reviewed').length;
  const tied = t.entries.filter((e) => e.tiedAtQuotaEdge);
  const byId = new Map(t.entries.map((e) => [e.applicationId, e]));
  const chosenIds = proposing ? selected : (t.decision?.selected ?? []);
  const chosen = new Set(chosenIds);

  const after = (next: Ranking, text: string) => {
    qc.setQueryData(rankingKey(r.callId), next);
    void qc.invalidateQueries({ queryKey: ['capacity-applications'] });
    void qc.invalidateQueries({ queryKey: ['/capacity-applications'] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['todos'] });
    message.success(text);
  };
  const propose = useMutation({
    mutationFn: () => api<Ranking>(`/capacity-calls/${r.callId}/decisions`, { method: 'POST', body: { typeCode: t.code, selected, note: note.trim() || null } }),
    onSuccess: (next) => after(next, r.coManagedByFinance ? `“${t.name}”拟资助项目已提交财政局确认` : `“${t.name}”拟资助项目已确定`),
    onError: (e) => {
      if (isApiError(e) && e.errors.some((x) => x.path === 'body.note')) {
        setNoteError(e.errors.find((x) => x.path === 'body.note')!.message);
        return;
      }
      report(e, { action: '提出拟资助项目', onRefresh: () => void qc.invalidateQueries({ queryKey: rankingKey(r.callId) }) });
    },
  });
  const settle = useMutation({
    mutationFn: ({ step, comment }: { step: 'confirm' | 'return'; comment: string | null }) =>
      api<Ranking>(`/capacity-decisions/${t.decision!.id}/${step}`, { method: 'POST', body: { rowVersion: t.decision!.rowVersion, comment } }),
    onSuccess: (next, { step }) => {
      setDialog(null);
      after(next, step === 'confirm' ? `已确认“${t.name}”的评审结果，已通知科协和申报学会` : `已退回“${t.name}”的评审结果，已通知科协`);
    },
    onError: (e) => report(e, { action: '办理', onRefresh: () => void qc.invalidateQueries({ queryKey: rankingKey(r.callId) }) }),
  });

  const askPropose = () => {
    if (need && !note.trim()) {
      setNoteError(need.message);
      return;
    }
    const names = selected.map((id) => byId.get(id)).filter((e): e is Entry => !!e);
    modal.confirm({
      title: r.coManagedByFinance ? '提交财政局确认？' : '确定拟资助项目？',
      width: screens.md ? 560 : undefined,
      content: (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          <span>
            “{t.name}”拟资助 {names.length} 项（名额 {t.quota} 个），资助金额合计 {fmtYuan(names.length * t.awardFen)}：
          </span>
          {names.length ? (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {names.map((e) => (
                <li key={e.applicationId}>
                  {e.societyName}“{e.title}”（{e.scoreText ?? '—'} 分）
                </li>
              ))}
            </ol>
          ) : (
            <Typography.Text type="warning">本类型不资助任何项目。</Typography.Text>
          )}
          <span>
            {r.coManagedByFinance
              ? '提交后由财政局确认；确认后未选中的申报书为“未入选”，并通知各申报学会。财政局退回的，可修改后重新提交。'
              : '确定后未选中的申报书为“未入选”，并通知各申报学会。此操作不能撤销。'}
          </span>
        </Space>
      ),
      okText: r.coManagedByFinance ? '提交财政局确认' : '确定拟资助项目',
      cancelText: '取消',
      onOk: () => propose.mutateAsync().catch(() => undefined),
    });
  };

  const columns: TableColumnsType<Entry> = [
    { title: '名次', dataIndex: 'rank', width: 64, align: 'center', render: (v: number | null) => (v === null ? '—' : v) },
    { title: '申报单位', dataIndex: 'societyName', width: 180, ...clipped<Entry>() },
    { title: '项目名称', dataIndex: 'title', ...clipped<Entry>((v, e) => <Link to={`/app/capacity-applications/${e.applicationId}`}>{v}</Link>) },
    { title: '得分', dataIndex: 'scoreText', width: 80, align: 'right', render: (v: string | null) => (v ? <Typography.Text strong>{v}</Typography.Text> : <Typography.Text type="secondary">评审中</Typography.Text>) },
    { title: '状态', dataIndex: 'status', width: 112, render: (s: string, e) => <ReviewApplicationTag status={s} label={e.statusLabel} /> },
    {
      title: '对照名额',
      key: 'quota',
      width: 132,
      render: (_: unknown, e) => (
        <Space size={4} wrap>
          {e.withinQuota ? <Tag color="green">名额内</Tag> : null}
          {e.tiedAtQuotaEdge ? <Tag color="orange">名额边界同分</Tag> : null}
          {!proposing && chosen.has(e.applicationId) && t.decision?.status !== 'confirmed' ? <Tag color="blue">拟资助</Tag> : null}
        </Space>
      ),
    },
  ];
  const rowSelection = proposing
    ? {
        selectedRowKeys: selected,
        onChange: (keys: Key[]) => {
          setSelected(keys.map(String));
          setNoteError(null);
        },
        hideSelectAll: true,
        getCheckboxProps: (e: Entry) => ({
          disabled: e.status !== 'reviewed' || (!selected.includes(e.applicationId) && selected.length >= t.quota),
          'aria-label': `选择“${e.title}”`,
        }),
        columnTitle: '拟资助',
        columnWidth: 64,
      }
    : undefined;
  const width = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 200), proposing ? 64 : 0);

  // on a phone the quota goes under the title, which keeps its whole width
  const facts = (
    <Space wrap size={8}>
      <Typography.Text type="secondary">
        名额 {fmtCount(t.quota, ' 个')} · 资助标准 {fmtYuan(t.awardFen)}/项
      </Typography.Text>
      {t.decision ? <DecisionStatusTag status={t.decision.status} label={t.decision.statusLabel} /> : null}
    </Space>
  );
  return (
    <Card title={t.name} extra={screens.md ? facts : undefined} styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {screens.md ? null : facts}
        {tied.length && t.decision?.status !== 'confirmed' ? (
          <Alert
            type="warning"
            showIcon
            title={`名额边界同分：${tied.length} 份申报书得分均为 ${tied[0].scoreText} 分`}
            description="按得分排名，名额的最后一个位置有同分的申报书。平台不自动取舍，由科协会同财政局决定，并写明选择的理由。"
          />
        ) : null}
        {t.entries.length ? (
          <Table<Entry> rowKey="applicationId" size="middle" columns={columns} dataSource={t.entries} pagination={false} rowSelection={rowSelection} scroll={{ x: width }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本类型没有进入专家评审的申报书" />
        )}
        {t.decision ? <DecisionBlock t={t} byId={byId} coManaged={r.coManagedByFinance} /> : null}
        {proposing ? (
          <section aria-label={`提出“${t.name}”拟资助项目`} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t.decision?.status === 'returned' ? '修改后重新提交拟资助项目' : '提出拟资助项目'}
            </Typography.Title>
            {pending ? (
              <Alert type="info" showIcon title={`还有 ${pending} 份申报书正在专家评审`} description="本类型全部申报书完成专家评分后，才能提出拟资助项目。" />
            ) : (
              <>
                <Typography.Paragraph type="secondary">
                  在表格中勾选拟资助的申报书（最多 {t.quota} 项，已选 {selected.length} 项）。按得分从高到低选择的无需说明；跳过得分较高的申报书，或在名额边界同分的申报书中作出选择的，须写明理由。
                </Typography.Paragraph>
                {need ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={need.message} /> : null}
                <Form layout="vertical" aria-label={`“${t.name}”拟资助项目说明`}>
                  <Form.Item
                    label={need ? '说明理由（必填）' : '说明（选填）'}
                    htmlFor={`decision-note-${t.code}`}
                    required={!!need}
                    validateStatus={noteError ? 'error' : undefined}
                    help={noteError ?? undefined}
                  >
                    <Input.TextArea
                      id={`decision-note-${t.code}`}
                      rows={3}
                      maxLength={2000}
                      showCount
                      value={note}
                      onChange={(ev) => {
                        setNote(ev.target.value);
                        setNoteError(null);
                      }}
                      placeholder={need ? '如：经科协会同财政局研究，综合考虑项目基础条件和区域分布，选择……' : '如：按专家评审得分从高到低确定'}
                    />
                  </Form.Item>
                </Form>
                <Button type="primary" icon={<SendOutlined />} disabled={reviewed === 0} loading={propose.isPending} onClick={askPropose}>
                  {r.coManagedByFinance ? '提交财政局确认' : '确定拟资助项目'}
                </Button>
              </>
            )}
          </section>
        ) : null}
        {t.actions.includes('confirm') ? (
          <Space wrap>
            <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setDialog('confirm')}>
              确认评审结果
            </Button>
            <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('return')}>
              退回科协
            </Button>
          </Space>
        ) : null}
      </Space>
      {t.decision ? (
        <>
          <ReasonModal
            open={dialog === 'confirm'}
            title={`确认“${t.name}”的评审结果？`}
            intro={`确认后，拟资助的 ${t.decision.selected.length} 项申报书进入公示环节，其余申报书为“未入选”，并通知各申报学会。资助金额合计 ${fmtYuan(t.decision.selected.length * t.awardFen)}。`}
            label="确认意见（选填）"
            okText="确认评审结果"
            loading={settle.isPending}
            onCancel={() => setDialog(null)}
            onOk={(comment) => settle.mutate({ step: 'confirm', comment })}
          />
          <ReasonModal
            open={dialog === 'return'}
            title={`退回“${t.name}”的评审结果？`}
            intro="退回后由科协修改拟资助项目并重新提交；您的意见会通知科协。"
            label="退回意见"
            required
            requiredMessage="请填写退回意见"
            placeholder="如：请附专家评审意见汇总；请说明未按得分顺序选择的理由"
            okText="退回科协"
            danger
            loading={settle.isPending}
            onCancel={() => setDialog(null)}
            onOk={(comment) => settle.mutate({ step: 'return', comment })}
          />
        </>
      ) : null}
    </Card>
  );
}

/** The decision of a type: its state, the chosen applications, the association's note, the bureau's return comment. */
function DecisionBlock({ t, byId, coManaged }: { t: RankedType; byId: Map<string, Entry>; coManaged: boolean }) {
  const d = t.decision!;
  const screens = Grid.useBreakpoint();
  const chosen = d.selected.map((id) => byId.get(id)).filter((e): e is Entry => !!e);
  const next =
    d.status === 'proposed'
      ? t.actions.includes('confirm')
        ? '科协提出了拟资助项目，请核对排名和说明：无误请点击“确认评审结果”；有意见请点击“退回科协”并写明意见。'
        : '已提交财政局确认，等待确认。'
      : d.status === 'returned'
        ? t.actions.includes('propose')
          ? '财政局退回了拟资助项目，请按意见修改后重新提交。'
          : '已退回科协修改。'
        : `${coManaged ? '科协提出、财政局确认，' : '科协确定，'}评审结果已确定：拟资助的申报书进入公示，其余申报书为“未入选”。`;
  return (
    <section aria-label="评审结果" style={{ borderTop: '1px solid #f0f0f0', paddingTop: 12 }}>
      <Alert
        type={d.status === 'confirmed' ? 'success' : d.status === 'returned' ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={d.statusLabel}
        description={
          <Space orientation="vertical" size={2}>
            <span>{next}</span>
            {d.status === 'returned' && d.returnComment ? <span style={{ whiteSpace: 'pre-wrap' }}>财政局退回意见：{d.returnComment}</span> : null}
          </Space>
        }
      />
      <Descriptions
        size="small"
        column={1}
        bordered
        layout={screens.md ? 'horizontal' : 'vertical'}
        styles={{ label: { width: 112, whiteSpace: 'nowrap' } }}
        items={[
          {
            key: 'sel',
            label: `拟资助（${chosen.length} 项）`,
            children: chosen.length ? (
              <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                {chosen.map((e) => (
                  <li key={e.applicationId}>
                    {e.societyName}“{e.title}”（{e.scoreText ?? '—'} 分）
                  </li>
                ))}
              </ol>
            ) : (
              <Typography.Text type="secondary">不资助</Typography.Text>
            ),
          },
          { key: 'sum', label: '资助金额合计', children: fmtYuan(chosen.length * t.awardFen) },
          { key: 'note', label: '科协说明', children: <MultiLine text={d.note} empty="无" /> },
          ...(d.returnComment && d.status !== 'returned' ? [{ key: 'ret', label: '上次退回意见', children: <MultiLine text={d.returnComment} /> }] : []),
          ...(d.confirmedAt ? [{ key: 'at', label: '确定时间', children: fmtDateTime(d.confirmedAt) }] : []),
        ]}
      />
    </section>
  );
}
