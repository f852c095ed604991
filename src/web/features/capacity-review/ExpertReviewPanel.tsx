// CAP-4, ORG-6: the expert review of one application as the association and the co-managing finance
// bureau read it (on the application's page): 抽取评审专家 when it passed the formal review (the
// programme's number of experts; the applicant's own experts and those who declared a conflict with
// it never drawn; a refusal, e.g. a pool too small, shown in the server's words), each draw with its
// seed for re-checking, every expert's sheet, and the final score with its method in words.
// Shown only to those the server answers (a society or another city gets 403/404: nothing shown).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, isApiError } from '../../shared/api';
import { can, useMe } from '../../shared/auth';
import { clipped } from '../../shared/cells';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtDate, fmtDateTime } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import type { CapacityApplication } from '../../../contract/capacity-applications';
import type { ExpertReviewView } from '../../../contract/capacity-review';
import { AssignmentStatusTag, expertReviewKey } from './reviewShared';
import { scoreMethodText } from './reviewRules';

type Sheet = ExpertReviewView['assignments'][number];
type Draw = ExpertReviewView['draws'][number];

/** The states in which an application has (or is about to have) an expert review. */
const REVIEW_STATES = new Set(['passed', 'expertReview', 'reviewed', 'selected', 'notSelected', 'approved', 'objectionUpheld', 'funded', 'evaluationFailed', 'disbursed', 'accepted', 'acceptanceFailed', 'revoked']);
const READERS = ['capacityApplication.review', 'capacityCall.manage', 'fund.read'];

export function ExpertReviewPanel({ a }: { a: CapacityApplication }) {
  const { data: me } = useMe();
  const qc = useQueryClient();
  const [drawing, setDrawing] = useState(false);
  const readable = !!me && me.orgType !== 'society' && READERS.some((p) => can(me, p)) && REVIEW_STATES.has(a.status);
  const q = useQuery({
    queryKey: expertReviewKey(a.id),
    queryFn: ({ signal }) => api<ExpertReviewView>(`/capacity-applications/${a.id}/expert-review`, { signal }),
    enabled: readable,
  });
  if (!readable) return null;
  if (q.isError && isApiError(q.error) && (q.error.status === 403 || q.error.status === 404)) return null;
  if (q.isLoading) return <Card title="专家评审" loading />;
  if (q.isError || !q.data) {
    return (
      <Card title="专家评审">
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      </Card>
    );
  }
  const r = q.data;
  const active = r.assignments.filter((x) => x.status !== 'recused');
  const scored = active.filter((x) => x.status === 'submitted').length;
  return (
    <Card
      title="专家评审"
      extra={r.draws.length ? <Typography.Text type="secondary">{a.status === 'expertReview' ? `已评分 ${scored} / ${active.length} 名专家` : r.status}</Typography.Text> : null}
      styles={{ header: { flexWrap: 'wrap' } }}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {r.actions.includes('draw') ? (
          <Alert
            type="warning"
            showIcon
            title="形式审查已通过，请抽取评审专家"
            description={`按方案规定，每个项目从专家库中随机抽取 ${r.expertsPerApplication} 名专家评审。`}
            action={
              <Button type="primary" onClick={() => setDrawing(true)}>
                抽取评审专家
              </Button>
            }
            styles={{ root: { flexWrap: 'wrap', rowGap: 8 } }}
          />
        ) : r.draws.length === 0 ? (
          <Alert type="info" showIcon title={`等待${a.associationName}抽取评审专家`} />
        ) : null}
        {r.finalScoreText ? <FinalScore r={r} /> : null}
        {r.assignments.length ? <SheetsTable r={r} /> : null}
        {r.draws.length ? <Draws draws={r.draws} /> : null}
      </Space>
      <DrawModal
        open={drawing}
        a={a}
        r={r}
        onCancel={() => setDrawing(false)}
        onDone={(next) => {
          setDrawing(false);
          qc.setQueryData(expertReviewKey(a.id), next);
        }}
      />
    </Card>
  );
}

function FinalScore({ r }: { r: ExpertReviewView }) {
  const counted = r.assignments.filter((x) => x.status === 'submitted').length;
  const why =
    r.scoreMethod === 'trimmed'
      ? `有效评分 ${counted} 份，达到方案规定的 ${r.minScoresForTrim} 份`
      : `有效评分 ${counted} 份，少于方案规定的 ${r.minScoresForTrim} 份，不去掉最高分和最低分`;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: '4px 16px', padding: '12px 16px', background: '#f6ffed', border: '1px solid #b7eb8f', borderRadius: 4 }}>
      <span>
        <Typography.Text>最终得分 </Typography.Text>
        <Typography.Text strong style={{ fontSize: 24 }}>
          {r.finalScoreText}
        </Typography.Text>
        <Typography.Text> 分</Typography.Text>
      </span>
      {r.scoreMethod ? <Tag color="green">{scoreMethodText[r.scoreMethod]}</Tag> : null}
      <Typography.Text type="secondary">{why}</Typography.Text>
    </div>
  );
}

/** Every drawn expert's sheet: status, each criterion's points, the total, the comment or the recusal reason. */
function SheetsTable({ r }: { r: ExpertReviewView }) {
  const columns: TableColumnsType<Sheet> = [
    { title: '专家', dataIndex: 'expertName', width: 88 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 96,
      render: (s: string, x) => (
        <Space orientation="vertical" size={0}>
          <AssignmentStatusTag status={s} label={x.statusLabel} />
          {x.submittedAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} title={`提交于 ${fmtDateTime(x.submittedAt)}`}>
              {fmtDate(x.submittedAt)}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    ...r.criteria.map((c) => ({
      title: (
        <span>
          {c.label}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            满分 {c.weight}
          </Typography.Text>
        </span>
      ),
      key: c.code,
      width: 96,
      align: 'right' as const,
      render: (_: unknown, x: Sheet) => {
        const p = x.scores?.find((s) => s.code === c.code);
        return p ? p.points.toFixed(1) : '—';
      },
    })),
    { title: '合计', dataIndex: 'totalText', width: 72, align: 'right', render: (v: string | null) => (v ? <Typography.Text strong>{v}</Typography.Text> : '—') },
    {
      title: '评审意见 / 回避原因',
      key: 'comment',
      width: 200,
      ...clipped<Sheet, unknown>(
        (_, x) => (x.status === 'recused' ? <Typography.Text type="secondary">回避：{x.recusalReason ?? '—'}</Typography.Text> : (x.comment ?? (x.status === 'submitted' ? '未填写' : '—'))),
        (x) => (x.status === 'recused' ? `回避：${x.recusalReason ?? ''}` : x.comment),
      ),
    },
  ];
  const width = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 0), 0);
  return (
    <section aria-label="各专家评分">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        各专家评分
      </Typography.Title>
      <Table<Sheet> rowKey="id" size="small" columns={columns} dataSource={r.assignments} pagination={false} scroll={{ x: width }} />
    </section>
  );
}

/** Each draw: why, when, by whom, from how many, whom it drew, and its seed for re-checking. */
function Draws({ draws }: { draws: Draw[] }) {
  return (
    <section aria-label="抽取记录">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        抽取记录
      </Typography.Title>
      <RecordList
        items={draws}
        rowKey={(d) => String(d.seq)}
        label="抽取记录"
        bordered
        render={(d) => (
          <RecordRow
            title={
              <Space wrap size={6}>
                <span>第 {d.seq} 次</span>
                <Tag color={d.reason === 'initial' ? 'blue' : 'purple'}>{d.reason === 'initial' ? '首次抽取' : '回避后补抽'}</Tag>
                {d.reason === 'replacement' && d.replacedName ? <Typography.Text type="secondary">替换回避的专家 {d.replacedName}</Typography.Text> : null}
              </Space>
            }
            description={`${fmtDateTime(d.drawnAt)} · ${d.reason === 'replacement' ? '专家申明回避后平台自动补抽' : `${d.drawnByName ?? '—'}抽取`} · 符合条件的专家 ${d.candidateCount} 名 · 研究领域：${d.field ?? '不限'}`}
          >
            <div style={{ marginTop: 4 }}>
              抽中：{d.drawnNames.length ? d.drawnNames.join('、') : <Typography.Text type="warning">无（专家库中已无可替换的专家，由其余专家完成评分）</Typography.Text>}
            </div>
            {d.shortBy > 0 && d.drawnNames.length > 0 ? <Typography.Text type="warning">专家库不足，少抽 {d.shortBy} 名</Typography.Text> : null}
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                随机种子（以同一专家库和种子可复核抽取结果）：
              </Typography.Text>
              <Typography.Text type="secondary" copyable={{ text: d.seed, tooltips: ['复制随机种子', '已复制'] }} style={{ fontSize: 12, fontFamily: 'monospace', wordBreak: 'break-all' }}>
                {d.seed}
              </Typography.Text>
            </div>
          </RecordRow>
        )}
      />
    </section>
  );
}

function DrawModal({ open, a, r, onCancel, onDone }: { open: boolean; a: CapacityApplication; r: ExpertReviewView; onCancel: () => void; onDone: (r: ExpertReviewView) => void }) {
  const [form] = Form.useForm<{ field?: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [refusal, setRefusal] = useState<string | null>(null);
  const draw = useMutation({
    mutationFn: (field: string | null) => api<ExpertReviewView>(`/capacity-applications/${a.id}/expert-draw`, { method: 'POST', body: { rowVersion: a.rowVersion, field } }),
    onSuccess: (next) => {
      setRefusal(null);
      onDone(next);
      void qc.invalidateQueries({ queryKey: ['capacity-applications'] });
      void qc.invalidateQueries({ queryKey: ['/capacity-applications'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'capacity_application', a.id] });
      const names = next.draws[next.draws.length - 1]?.drawnNames ?? [];
      message.success(`已抽取 ${names.length} 名评审专家，已通知专家评审`);
    },
    onError: (e) => {
      // the pool cannot fill the draw (or another refusal by rule): say so in the dialog, in the server's words
      if (isApiError(e) && e.status === 409 && e.code !== 'CONFLICT') {
        setRefusal(e.userMessage);
        return;
      }
      if (isApiError(e) && e.errors.length) {
        setRefusal(e.errors.map((x) => x.message).join('；'));
        return;
      }
      report(e, { action: '抽取评审专家', onRefresh: () => void qc.invalidateQueries({ queryKey: ['capacity-applications', a.id] }) });
    },
  });
  return (
    <Modal
      open={open}
      title="抽取评审专家"
      okText="随机抽取"
      cancelText="取消"
      confirmLoading={draw.isPending}
      onCancel={() => {
        setRefusal(null);
        onCancel();
      }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        styles={{ label: { width: 84, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'p', label: '申报书', children: `${a.title}（${a.societyName}）` },
          { key: 'n', label: '抽取人数', children: `${r.expertsPerApplication} 名（方案规定）` },
          { key: 's', label: '评分方法', children: `有效评分达到 ${r.minScoresForTrim} 份时，${scoreMethodText.trimmed}；少于 ${r.minScoresForTrim} 份时取${scoreMethodText.mean}` },
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>
        平台从{a.associationName}可用的专家库中随机抽取，<Typography.Text strong>申报单位（{a.societyName}）的专家和已申明与其存在利益冲突的专家不参与抽取</Typography.Text>
        。抽中的专家会收到待办；专家申明回避的，平台随即补抽一名。抽取结果和随机种子记入审计日志，可以复核。
      </Typography.Paragraph>
      {refusal ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title="未能抽取" description={refusal} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => draw.mutate(v.field?.trim() || null)} aria-label="抽取评审专家" onValuesChange={() => setRefusal(null)}>
        <Form.Item label="研究领域（选填）" name="field" extra="只从该领域的专家中抽取；不填则不限领域。">
          <Input maxLength={50} placeholder="如：机械工程" allowClear />
        </Form.Item>
      </Form>
    </Modal>
  );
}
