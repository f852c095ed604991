// CAP-2, CAP-3: one application (申报书) — the page to-dos and notifications link to. Its content in
// words and money, the eligibility (today's for a draft or a returned one, the submission day's
// otherwise), where it stands and what comes next, the latest formal review item by item, every
// submitted version (each readable in a drawer) and the steps the user may take now: edit, 提交申报,
// 撤回申报 (with a reason) for the society; 形式审查 for the association.
import { ArrowLeftOutlined, DownloadOutlined, EditOutlined, HistoryOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Form, Grid, Input, Modal, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime, fmtYuan } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { z } from 'zod';
import type { CapacityApplication, Eligibility, ZApplicationVersion } from '../../../contract/capacity-applications';
import { AuditTimeline } from '../audit/AuditTimeline';
import { MultiLine } from '../transfer/common';
import { APPLICATIONS_KEY, ApplicationStatusTag, ContentView, EligibilityPanel, EligibilityTag, OwnBreadcrumb, applicationKey, refusalOf } from './applicationShared';
import { FormalReviewPanel } from './FormalReviewPanel';
import { returnedNotice } from './applicationRules';
import { ExpertReviewPanel } from '../capacity-review/ExpertReviewPanel';
import { LetterSection } from '../capacity-letters/LetterSection';
import { CapacityImplementationSection } from '../capacity-implementation/ImplementationSection';
import { EvaluationSection } from '../capacity-evaluation/EvaluationSection';
import { CapacityClosingSection } from '../capacity-closing/ClosingSection';

/** CAP-6: the budget execution is shown from the signed letter on (read-only once the project is no longer carried out). */
const IMPLEMENTATION_STATES = new Set(['funded', 'disbursed', 'accepted', 'acceptanceFailed', 'evaluationFailed', 'revoked']);

type ApplicationVersion = z.infer<typeof ZApplicationVersion>;

export function ApplicationDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const can = useCan();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const [withdrawing, setWithdrawing] = useState(false);
  const [version, setVersion] = useState<number | null>(null);
  const q = useQuery({ queryKey: applicationKey(id), queryFn: ({ signal }) => api<CapacityApplication>(`/capacity-applications/${id}`, { signal }) });
  const a = q.data;
  usePageTitle(a ? `申报书：${a.title}` : '申报书');
  const done = (r: CapacityApplication, text: string) => {
    qc.setQueryData(applicationKey(id), r);
    void qc.invalidateQueries({ queryKey: [APPLICATIONS_KEY] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_application', id] });
    message.success(text);
  };
  const submit = useMutation({
    mutationFn: () => api<CapacityApplication>(`/capacity-applications/${id}/submit`, { method: 'POST', body: { rowVersion: a!.rowVersion } }),
    onSuccess: (r) => done(r, `已提交，等待${r.associationName}形式审查`),
    onError: (e) => {
      const r = refusalOf(e);
      if (isApiError(e) && r && e.status === 409 && e.code !== 'CONFLICT') {
        // refused for the eligibility or the application period: say why, with the clause
        void q.refetch();
        modal.error({
          title: '申报书未能提交',
          width: screens.md ? 560 : undefined,
          content: r.eligibility ? <EligibilityRefusal e={r.eligibility} /> : <RefusalText detail={r.detail} clause={r.clause} />,
          okText: '知道了',
        });
        return;
      }
      if (isApiError(e) && r && e.errors.length) {
        modal.error({ title: '申报书未能提交，请先修改', content: <RefusalText detail={e.errors.map((x) => x.message).join('；')} clause={r.clause} />, okText: '知道了' });
        return;
      }
      report(e, { action: '提交申报', onRefresh: () => void q.refetch() });
    },
  });
  const withdraw = useMutation({
    mutationFn: (reason: string | null) => api<CapacityApplication>(`/capacity-applications/${id}/withdraw`, { method: 'POST', body: { rowVersion: a!.rowVersion, reason } }),
    onSuccess: (r) => {
      setWithdrawing(false);
      done(r, '申报书已撤回');
    },
    onError: (e) => report(e, { action: '撤回申报', onRefresh: () => void q.refetch() }),
  });
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 14 }} /></Card>;
  if (q.isError || !a) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const actions = a.actions;
  const blocked = !!a.eligibility && !a.eligibility.eligible;

  const askSubmit = () =>
    modal.confirm({
      title: a.version > 0 ? '重新提交申报书？' : '提交申报书？',
      width: screens.md ? 520 : undefined,
      content: (
        <Space orientation="vertical" size={4}>
          <span>
            将向{a.associationName}提交“{a.title}”（{a.content.typeName}，预算合计 {fmtYuan(a.content.requestedFen)}）{a.version > 0 ? `，作为第 ${a.version + 1} 版` : ''}。
          </span>
          <span>提交后内容不能修改，由科协逐项进行形式审查；审查前可以撤回。</span>
          {a.eligibility?.manual ? <span>另有 {a.eligibility.manual} 项申报条件由科协在形式审查时人工确认。</span> : null}
        </Space>
      ),
      okText: a.version > 0 ? '重新提交申报' : '提交申报',
      cancelText: '取消',
      onOk: () => submit.mutateAsync().catch(() => undefined),
    });

  const buttons: ReactNode[] = [];
  if (actions.includes('edit')) {
    buttons.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => navigate(`/app/capacity-applications/${id}/edit`)}>
        修改申报书
      </Button>,
    );
  }
  if (actions.includes('submit')) {
    buttons.push(
      <Button key="submit" type="primary" icon={<SendOutlined />} onClick={askSubmit} loading={submit.isPending} disabled={blocked} title={blocked ? '不符合申报条件，不能提交' : undefined}>
        {a.version > 0 ? '重新提交申报' : '提交申报'}
      </Button>,
    );
  }
  if (actions.includes('withdraw')) {
    buttons.push(
      <Button key="withdraw" danger icon={<RollbackOutlined />} onClick={() => setWithdrawing(true)}>
        撤回申报
      </Button>,
    );
  }
  // CAP-2: the 申报书 as Word or PDF — the latest submitted version, or the draft as it stands (printed 草稿)
  const draft = a.status === 'draft' || a.status === 'returned' || a.version === 0;
  const which = draft ? '（草稿）' : `（第 ${a.version} 版）`;
  for (const [format, label] of [['docx', 'Word'], ['pdf', 'PDF']] as const) {
    buttons.push(
      <Button key={format} icon={<DownloadOutlined />} href={`/api/v1/capacity-applications/${id}/document?format=${format}`}>
        下载 {label}
        {which}
      </Button>,
    );
  }
  const reviewing = actions.includes('review');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <OwnBreadcrumb trail={[{ title: '能力提升项目申报书', to: `/app/capacity-applications?callId=${a.callId}` }, { title: '详情' }]} />
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/capacity-applications" aria-label="返回申报书列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {a.title}
            </Typography.Title>
            <ApplicationStatusTag status={a.status} label={a.statusLabel} />
            {a.eligibility ? <EligibilityTag e={a.eligibility} /> : null}
          </Space>
          <Typography.Text type="secondary">
            {a.societyName} · {a.content.typeName} · 预算合计 {fmtYuan(a.requestedFen)}
            {a.version > 0 ? ` · 已提交 ${a.version} 次` : ''}
          </Typography.Text>
          <Typography.Text>
            申报通知：<Link to={`/app/capacity-calls/${a.callId}`}>{a.callTitle}</Link>
            <Typography.Text type="secondary">（{a.associationName}，申报截止 {fmtDate(a.callClosesOn)}）</Typography.Text>
          </Typography.Text>
          {buttons.length ? <Space wrap>{buttons}</Space> : null}
        </Space>
      </Card>
      <NextStep a={a} blocked={blocked} />
      {/* CAP-5, FND-4: the responsibility letter, once the result passed its public notice (?section=letter scrolls here) */}
      <LetterSection a={a} />
      {/* CAP-6: 评估与拨付 — the evaluation, its notice and the disbursement, from funding on (?section=evaluation scrolls here) */}
      <EvaluationSection a={a} />
      {/* CAP-6, FND-1…FND-5: 经费预算与支出, budget adjustments and progress reports while funded (?section=implementation scrolls here) */}
      {IMPLEMENTATION_STATES.has(a.status) ? <CapacityImplementationSection a={a} /> : null}
      <CapacityClosingSection a={a} />{/* CAP-6, CAP-7, FND-4, FND-6: 年度验收, 资金退还与追回 from funding on (?section=closing scrolls here) */}
      {/* CAP-4: the draw, the experts' sheets and the final score (association and co-managing finance bureau only) */}
      <ExpertReviewPanel a={a} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={reviewing ? 14 : 16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={a.status === 'draft' || a.status === 'returned' ? '申报书内容' : `申报书内容（第 ${a.version} 版）`}>
              <ContentView content={a.content} awardFen={a.awardFen} />
            </Card>
            {a.eligibility ? (
              <Card title="申报资格" extra={<Typography.Text type="secondary">{actions.includes('edit') ? `按今日（${fmtDate(a.eligibility.checkedOn)}）学会档案核对` : `第 ${a.version} 版提交当日（${fmtDate(a.eligibility.checkedOn)}）核对`}</Typography.Text>} styles={{ header: { flexWrap: 'wrap' } }}>
                <EligibilityPanel e={a.eligibility} audience={actions.includes('submit') || actions.includes('edit') ? 'society' : reviewing ? 'reviewer' : 'other'} />
              </Card>
            ) : null}
          </Space>
        </Col>
        <Col xs={24} xl={reviewing ? 10 : 8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {reviewing ? <FormalReviewPanel key={a.rowVersion} a={a} /> : null}
            {a.review ? <ReviewResult a={a} /> : null}
            <Card title="提交记录">
              <RecordList
                items={a.versions}
                rowKey={(v) => String(v.version)}
                label="历次提交"
                empty={<Typography.Text type="secondary">尚未提交</Typography.Text>}
                render={(v) => (
                  <RecordRow
                    title={`第 ${v.version} 版${v.version === a.version ? '（最新）' : ''}`}
                    description={`${fmtDateTime(v.submittedAt)} · ${v.submittedByName ?? a.societyName}提交`}
                    actions={
                      <Button size="small" icon={<HistoryOutlined />} onClick={() => setVersion(v.version)} aria-label={`查看第 ${v.version} 版`}>
                        查看
                      </Button>
                    }
                  />
                )}
              />
            </Card>
            {can('audit.read') ? (
              <Card title="变更记录">
                <AuditTimeline entityType="capacity_application" entityId={a.id} />
              </Card>
            ) : null}
          </Space>
        </Col>
      </Row>
      <VersionDrawer a={a} version={version} onClose={() => setVersion(null)} />
      <WithdrawModal open={withdrawing} a={a} loading={withdraw.isPending} onCancel={() => setWithdrawing(false)} onOk={(reason) => withdraw.mutate(reason)} />
    </Space>
  );
}

function RefusalText({ detail, clause }: { detail: string; clause: string | null }) {
  return (
    <Space orientation="vertical" size={4}>
      <span>{detail}</span>
      {clause && !detail.includes(clause) ? <Typography.Text type="secondary">依据：{clause}</Typography.Text> : null}
    </Space>
  );
}

/** A submission refused for the eligibility: each failed condition with its fact, and the clause. */
function EligibilityRefusal({ e }: { e: Eligibility }) {
  const failed = e.conditions.filter((c) => c.status === 'fail');
  return (
    <Space orientation="vertical" size={6}>
      <span>本学会不符合“{e.typeName}”的以下申报条件，不能提交：</span>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {failed.map((c) => (
          <li key={`${c.group}-${c.index}`}>
            <Typography.Text strong>{c.label}</Typography.Text>
            <div>
              <Typography.Text type="danger">依据：{c.fact}</Typography.Text>
            </div>
          </li>
        ))}
      </ul>
      <Typography.Text type="secondary">条件出处：{e.clause}。如学会档案或年度情况有误，请联系科协更正后再提交。</Typography.Text>
    </Space>
  );
}

/** Where the application stands and what comes next, for whoever reads it. */
function NextStep({ a, blocked }: { a: CapacityApplication; blocked: boolean }) {
  const own = a.actions.includes('edit') || a.actions.includes('submit') || a.actions.includes('withdraw');
  switch (a.status) {
    case 'draft':
      if (!own) return <Alert type="info" showIcon title="草稿：学会尚未提交" />;
      return blocked ? (
        <Alert
          type="error"
          showIcon
          title="不符合申报条件，不能提交"
          description="见下方“申报资格”中不符合的条件。如学会档案或年度情况有误，请联系科协更正；也可以撤回此申报书，改报其他类型。"
        />
      ) : (
        <Alert
          type="info"
          showIcon
          title="草稿，尚未提交"
          description={`核对申报书内容无误后，点击“提交申报”。提交后由${a.associationName}进行形式审查。申报截止日期 ${fmtDate(a.callClosesOn)}。`}
        />
      );
    case 'submitted':
      return a.actions.includes('review') ? (
        <Alert type="warning" showIcon title="请进行形式审查" description="对照形式审查清单逐项审查：各项均符合时通过；有不符合的，退回学会修改或不予受理，并写明意见。" />
      ) : (
        <Alert
          type="info"
          showIcon
          title={`已提交，等待${a.associationName}形式审查`}
          description={`第 ${a.version} 版提交于 ${fmtDateTime(a.submittedAt)}。${a.actions.includes('withdraw') ? '审查前如需修改，可撤回申报书后重新填写。' : ''}`}
        />
      );
    case 'returned': {
      // today's eligibility: a failed condition (a debarment, say) bars the resubmission — say why, do not invite it
      const r = returnedNotice(a);
      return (
        <Alert
          type={r.type}
          showIcon
          title={r.title}
          description={
            <Space orientation="vertical" size={2}>
              {r.comment ? <span style={{ whiteSpace: 'pre-wrap' }}>审查意见：{r.comment}</span> : null}
              {r.failed.length ? (
                <>
                  <span>不符合的申报条件：</span>
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {r.failed.map((c) => (
                      <li key={c.label}>
                        <Typography.Text strong>{c.label}</Typography.Text>
                        <div>
                          <Typography.Text type="danger">依据：{c.fact}</Typography.Text>
                        </div>
                      </li>
                    ))}
                  </ul>
                  {r.clause ? <Typography.Text type="secondary">条件出处：{r.clause}</Typography.Text> : null}
                </>
              ) : null}
              <span>{r.next}</span>
            </Space>
          }
        />
      );
    }
    case 'rejected':
      return <Alert type="error" showIcon title="不予受理" description={a.review?.comment ? `理由：${a.review.comment}` : undefined} />;
    case 'passed':
      return <Alert type="success" showIcon title="形式审查通过" description={`${fmtDateTime(a.decidedAt)}${a.decidedByName ? `，${a.decidedByName}` : ''}。申报书进入专家评审。`} />;
    case 'withdrawn':
      return <Alert type="info" showIcon title="申报书已撤回" description="撤回的申报书不再审查。申报截止前，学会可以重新填写该类项目的申报书。" />;
    default:
      return null;
  }
}

/** The latest formal review: each checklist item met or not, with its note, and the comment. */
function ReviewResult({ a }: { a: CapacityApplication }) {
  const r = a.review!;
  // the review stored is the latest: returned (or, once resubmitted, the earlier return), rejected, or passed — every state after the formal review passed it
  const returnedEarlier = a.status === 'submitted';
  const outcome = a.status === 'rejected' ? '不予受理' : a.status === 'returned' ? '退回修改' : returnedEarlier ? '退回修改（学会已重新提交）' : '通过';
  const color = a.status === 'rejected' ? 'red' : a.status === 'returned' || returnedEarlier ? 'orange' : 'green';
  return (
    <Card title={returnedEarlier ? '上次形式审查结果' : '形式审查结果'} extra={<Tag color={color}>{outcome}</Tag>}>
      <RecordList
        items={r.items}
        rowKey={(i) => i.code}
        label="形式审查清单"
        render={(i) => (
          <RecordRow
            title={
              <Space wrap size={6}>
                <span>{i.label}</span>
                {i.passed ? <Tag color="green">符合</Tag> : <Tag color="red">不符合</Tag>}
              </Space>
            }
            description={i.note ? <MultiLine text={i.note} /> : undefined}
          />
        )}
      />
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 12 }}
        styles={{ label: { width: 72, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'c', label: '审查意见', children: <MultiLine text={r.comment} /> },
          { key: 'by', label: '审查人', children: a.decidedByName ?? '—' },
          { key: 'at', label: '审查时间', children: fmtDateTime(a.decidedAt) },
        ]}
      />
    </Card>
  );
}

function VersionDrawer({ a, version, onClose }: { a: CapacityApplication; version: number | null; onClose: () => void }) {
  const screens = Grid.useBreakpoint();
  const q = useQuery({
    queryKey: [...applicationKey(a.id), 'versions', version],
    queryFn: ({ signal }) => api<ApplicationVersion>(`/capacity-applications/${a.id}/versions/${version}`, { signal }),
    enabled: version !== null,
    staleTime: Infinity,
  });
  const meta = a.versions.find((v) => v.version === version);
  return (
    <Drawer open={version !== null} onClose={onClose} size={screens.md ? 760 : '100%'} title={version ? `申报书第 ${version} 版` : ''} destroyOnHidden>
      {q.isLoading ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : q.isError || !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title={`${fmtDateTime(q.data.submittedAt)}${meta?.submittedByName ? `，${meta.submittedByName}` : ''}提交${q.data.version === a.version ? '（最新一版）' : ''}`}
          />
          <ContentView content={q.data.content} awardFen={a.awardFen} />
          <Typography.Title level={5} style={{ margin: 0 }}>
            提交当日的申报资格
          </Typography.Title>
          <EligibilityPanel e={q.data.eligibility} audience="other" />
        </Space>
      )}
    </Drawer>
  );
}

function WithdrawModal({ open, a, loading, onCancel, onOk }: { open: boolean; a: CapacityApplication; loading: boolean; onCancel: () => void; onOk: (reason: string | null) => void }) {
  const [form] = Form.useForm<{ reason?: string }>();
  const submitted = a.version > 0;
  return (
    <Modal
      open={open}
      title="撤回申报书？"
      okText="撤回申报"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {submitted ? `撤回后“${a.title}”不再由${a.associationName}审查，科协会收到撤回通知。` : `撤回后这份草稿作废。`}撤回不能恢复；申报截止（{fmtDate(a.callClosesOn)}）前，本学会可以重新填写“{a.content.typeName}”的申报书。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.reason?.trim() || null)} aria-label="撤回申报书">
        <Form.Item label={submitted ? '撤回原因（选填，将告知科协）' : '撤回原因（选填）'} name="reason">
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：项目内容需要调整，重新申报" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
