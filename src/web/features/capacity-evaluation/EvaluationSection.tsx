// CAP-6 (《实施方案》五、4 项目评估和公示, 五、5 资金拨付) on the application's page, from funding on:
// 评估与拨付 — where the project stands in a sentence; the evaluation (结论, 得分, 意见, 材料, who
// proposed and who confirmed it, the bureau's comment when it returned it); its evaluation notice on
// the portal and its outcome there; the award and the disbursement, or why the money may not be paid
// yet with the clause in words. The association 提出评估结果 / 修改 and 拨付资金, the co-managing finance
// bureau 确认 / 退回; the society reads. To-dos and the audit log link here with ?section=evaluation.
import { AuditOutlined, CheckOutlined, EditOutlined, MoneyCollectOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { can, useMe } from '../../shared/auth';
import { QueryError } from '../../shared/errors';
import { useSectionAnchor } from '../../shared/useSectionAnchor';
import { fmtDateTime, fmtRange, fmtYuan } from '../../shared/format';
import type { CapacityApplication } from '../../../contract/capacity-applications';
import type { EvaluationSection as Section } from '../../../contract/capacity-evaluation';
import { Files, Text } from '../supervision/ImplementationShared';
import { APPLICATIONS_KEY, applicationKey } from '../capacity-applications/applicationShared';
import { EVALUATION_READERS, EVALUATION_STATES, evaluationKey, returnCommentOf, stageText } from './evaluationRules';
import { DisburseModal, EvaluationFormModal, SettleEvaluationModal } from './EvaluationModals';

type Dialog = 'evaluate' | 'confirm' | 'return' | 'disburse' | null;

const statusColor: Record<string, string> = { proposed: 'processing', returned: 'warning', confirmed: 'green' };

export function EvaluationSection({ a }: { a: CapacityApplication }) {
  const { data: me } = useMe();
  const qc = useQueryClient();
  const shown = !!me && EVALUATION_READERS.some((p) => can(me, p)) && EVALUATION_STATES.has(a.status);
  const q = useQuery({
    queryKey: evaluationKey(a.id),
    enabled: shown,
    queryFn: ({ signal }) => api<Section>(`/capacity-applications/${a.id}/evaluation`, { signal }),
    retry: false,
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const anchor = useSectionAnchor('evaluation', q.isSuccess);
  if (!shown) return null;
  if (q.isError && isApiError(q.error) && (q.error.status === 403 || q.error.status === 404)) return null;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: evaluationKey(a.id) });
    void qc.invalidateQueries({ queryKey: applicationKey(a.id) });
    void qc.invalidateQueries({ queryKey: [APPLICATIONS_KEY] });
    void qc.invalidateQueries({ queryKey: ['todos/counts'] });
    void qc.invalidateQueries({ queryKey: ['todos'] });
    void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_application', a.id] });
  };
  let body;
  if (q.isLoading) body = <Skeleton active paragraph={{ rows: 5 }} />;
  else if (q.isError || !q.data) body = <QueryError error={q.error} onRetry={() => q.refetch()} compact />;
  else body = <SectionBody s={q.data} />;
  const s = q.data;
  const actions = s?.actions ?? [];
  const buttons = (
    <Space wrap>
      {actions.includes('propose') ? (
        <Button type="primary" icon={<AuditOutlined />} onClick={() => setDialog('evaluate')}>
          提出评估结果
        </Button>
      ) : null}
      {actions.includes('edit') ? (
        <Button type={s?.evaluation?.status === 'returned' ? 'primary' : 'default'} icon={<EditOutlined />} onClick={() => setDialog('evaluate')}>
          修改评估结果
        </Button>
      ) : null}
      {actions.includes('confirm') ? (
        <Button type="primary" icon={<CheckOutlined />} onClick={() => setDialog('confirm')}>
          确认评估结果
        </Button>
      ) : null}
      {actions.includes('return') ? (
        <Button danger icon={<RollbackOutlined />} onClick={() => setDialog('return')}>
          退回修改
        </Button>
      ) : null}
      {actions.includes('disburse') ? (
        <Button type="primary" icon={<MoneyCollectOutlined />} onClick={() => setDialog('disburse')}>
          拨付资金
        </Button>
      ) : null}
    </Space>
  );
  return (
    <div ref={anchor.ref} {...anchor.props}>
      <Card title="评估与拨付" extra={actions.length ? buttons : null} styles={{ header: { flexWrap: 'wrap', rowGap: 8 } }}>
        {body}
      </Card>
      {s && dialog === 'evaluate' ? <EvaluationFormModal s={s} applicationTitle={a.title} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {s && (dialog === 'confirm' || dialog === 'return') ? <SettleEvaluationModal s={s} confirm={dialog === 'confirm'} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {s && dialog === 'disburse' ? <DisburseModal s={s} applicationTitle={a.title} onClose={() => setDialog(null)} onDone={refresh} /> : null}
    </div>
  );
}

function SectionBody({ s }: { s: Section }) {
  const stage = stageText(s);
  const e = s.evaluation;
  const ret = returnCommentOf(e);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Alert type={stage.type} showIcon title={stage.title} />
      <Row gutter={[24, 16]}>
        <Col xs={24} xl={14}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            项目评估
          </Typography.Title>
          {e ? (
            <Descriptions
              size="small"
              column={1}
              styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
              items={[
                {
                  key: 'result',
                  label: '评估结论',
                  children: (
                    <Space wrap size={6}>
                      <Tag color={e.result === 'passed' ? 'green' : 'red'}>{e.resultLabel}</Tag>
                      <Tag color={statusColor[e.status] ?? 'default'}>{e.statusLabel}</Tag>
                    </Space>
                  ),
                },
                { key: 'score', label: '评估得分', children: e.score === null ? '未打分' : `${e.score} 分` },
                { key: 'findings', label: '评估意见', children: <Text value={e.findings} /> },
                { key: 'files', label: '评估材料', children: <Files files={e.attachments} empty="未上传" /> },
                { key: 'proposed', label: '提出', children: `${e.proposedByName ?? '科协'} · ${fmtDateTime(e.proposedAt)}` },
                ...(e.confirmedAt ? [{ key: 'confirmed', label: '确认', children: `${e.confirmedOrgName ?? ''}${e.confirmedByName ? ` ${e.confirmedByName}` : ''} · ${fmtDateTime(e.confirmedAt)}` }] : []),
                ...(ret
                  ? [
                      {
                        key: 'ret',
                        label: ret.label,
                        children: ret.current ? (
                          <Text value={ret.text} />
                        ) : (
                          <Space orientation="vertical" size={0}>
                            <Text value={ret.text} />
                            <Typography.Text type="secondary">科协已据此修改，重新提交财政局确认</Typography.Text>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          ) : (
            <Typography.Text type="secondary">
              尚未评估。{s.coManaged ? '科协会同财政局对项目进行评估，评估结果经财政局确认后生效。' : '科协对项目进行评估。'}
            </Typography.Text>
          )}
        </Col>
        <Col xs={24} xl={10}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            评估结果公示与资金拨付
          </Typography.Title>
          <Descriptions
            size="small"
            column={1}
            styles={{ label: { width: 96, whiteSpace: 'nowrap' } }}
            items={[
              {
                key: 'notice',
                label: '结果公示',
                children: s.notice ? (
                  <Space orientation="vertical" size={2}>
                    <Link to={`/portal/notices/${s.notice.id}`} target="_blank">
                      {s.notice.title}
                    </Link>
                    <Space wrap size={6}>
                      <Typography.Text type="secondary">{fmtRange(s.notice.startsOn, s.notice.endsOn)}</Typography.Text>
                      <Tag color={s.notice.status === 'open' ? 'green' : 'default'}>{s.notice.statusLabel}</Tag>
                      {e?.noticeOutcomeLabel ? <Tag color={e.noticeOutcome === 'cleared' ? 'green' : 'red'}>{e.noticeOutcomeLabel}</Tag> : null}
                    </Space>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{e?.result === 'passed' && e.status === 'confirmed' && s.applicationStatus === 'funded' ? `待科协发布（公示期 ${s.evaluationNoticeDays} 天）` : '—'}</Typography.Text>
                ),
              },
              { key: 'award', label: '核定资助', children: fmtYuan(s.awardFen) },
              ...(s.disbursement
                ? [
                    { key: 'amount', label: '已拨付', children: <Typography.Text strong>{fmtYuan(s.disbursement.amountFen)}</Typography.Text> },
                    { key: 'at', label: '拨付', children: `${s.disbursement.disbursedByName ?? '科协'} · ${fmtDateTime(s.disbursement.disbursedAt)}` },
                    ...(s.disbursement.note ? [{ key: 'note', label: '拨付说明', children: <Text value={s.disbursement.note} /> }] : []),
                  ]
                : [
                    {
                      key: 'block',
                      label: '资金拨付',
                      children: s.disbursementBlock ? (
                        <Space orientation="vertical" size={2}>
                          <span>{s.disbursementBlock.message}</span>
                          <Typography.Text type="secondary">依据：{s.disbursementBlock.clause}</Typography.Text>
                        </Space>
                      ) : s.actions.includes('disburse') ? (
                        '可以拨付'
                      ) : (
                        '—'
                      ),
                    },
                  ]),
            ]}
          />
        </Col>
      </Row>
    </Space>
  );
}
