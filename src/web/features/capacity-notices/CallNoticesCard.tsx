// CAP-5, CAP-6 on the call's page: the call's notices — its result notice (评审结果公示) and its
// evaluation notices (评估结果公示), each with where it stands and a link to it with its objections —
// and, for the association that runs the programme, publishing the result notice once every
// application has its result, and an evaluation notice when projects have passed their evaluation
// (capacity-evaluation/PublishEvaluationNotice). Shown only to those who read notices (the
// association staff over the programme, the co-managing finance bureau); nothing for anyone else.
import { FileSearchOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDate, fmtRange } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import type { FieldError } from '../../../contract/common';
import type { CapacityNotice, CapacityNoticeList, CapacityNoticeSummary } from '../../../contract/capacity-notices';
import { NoticeStatusTag, callNoticesKey, noticeKey } from './noticeShared';
import { PublishEvaluationNotice } from '../capacity-evaluation/PublishEvaluationNotice';

interface Values {
  title?: string;
  body?: string;
}

export function CallNoticesCard({ call }: { call: { id: string; title: string; year: number; status: string } }) {
  const q = useQuery({
    queryKey: callNoticesKey(call.id),
    queryFn: ({ signal }) => api<CapacityNoticeList>(`/capacity-calls/${call.id}/notices`, { signal }),
    enabled: call.status === 'published' || call.status === 'closed',
    retry: false,
  });
  const [open, setOpen] = useState(false);
  if (call.status !== 'published' && call.status !== 'closed') return null;
  // not a reader of the notices (a society, another office): the card is not theirs
  if (q.isError && isApiError(q.error) && (q.error.status === 403 || q.error.status === 404)) return null;
  if (q.isLoading) return null;
  if (q.isError || !q.data) {
    return (
      <Card title="公示">
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      </Card>
    );
  }
  const d = q.data;
  const mayPublish = d.actions.includes('publishResult');
  const ready = d.undecided === 0 && d.selected > 0;
  return (
    <Card title="公示">
      {d.items.length ? (
        <RecordList<CapacityNoticeSummary>
          items={d.items}
          rowKey={(n) => n.id}
          label="公示"
          render={(n) => (
            <RecordRow
              mark={<FileSearchOutlined style={{ fontSize: 18, color: n.status === 'closed' ? '#8c8c8c' : '#1456c8', marginTop: 4 }} />}
              title={
                <Space wrap size={[8, 4]}>
                  <Link to={`/app/capacity-notices/${n.id}`}>{n.title}</Link>
                  <Tag color={n.kind === 'evaluation' ? 'purple' : 'blue'}>{n.kindLabel}</Tag>
                  <NoticeStatusTag status={n.status} label={n.statusLabel} />
                  {n.pendingObjections ? <Tag color="orange">待处理异议 {fmtCount(n.pendingObjections, ' 条')}</Tag> : null}
                </Space>
              }
              description={`公示期 ${fmtRange(n.startsOn, n.endsOn)} · 公示项目 ${fmtCount(n.resultCount, ' 个')} · 收到异议 ${fmtCount(n.objectionCount, ' 条')}`}
            />
          )}
        />
      ) : mayPublish ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text>
            拟资助 {fmtCount(d.selected, ' 项')}；尚未确定评审结果 {fmtCount(d.undecided, ' 项')}。评审结果确定后，拟资助项目在门户网站公示 {d.periodDays} 天，公示期间任何人可提出异议。
          </Typography.Text>
          {!ready ? (
            <Alert
              type="info"
              showIcon
              title={d.undecided ? '还有申报书未确定评审结果，全部确定后才能公示' : '没有拟资助的项目，无需公示'}
              description={`依据：${d.clause}。`}
            />
          ) : null}
          <div>
            <Button type="primary" icon={<SendOutlined />} disabled={!ready} onClick={() => setOpen(true)}>
              发布评审结果公示
            </Button>
          </div>
        </Space>
      ) : d.actions.includes('publishEvaluation') ? null : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未发布评审结果公示" />
      )}
      <PublishEvaluationNotice call={call} list={d} />
      <PublishModal open={open} call={call} list={d} onClose={() => setOpen(false)} />
    </Card>
  );
}

function PublishModal({ open, call, list, onClose }: { open: boolean; call: { id: string; title: string; year: number }; list: CapacityNoticeList; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const publish = useMutation({
    mutationFn: (v: Values) => api<CapacityNotice>(`/capacity-calls/${call.id}/notices`, { method: 'POST', body: { title: v.title?.trim() ?? '', body: v.body?.trim() ?? '' } }),
    onSuccess: (n) => {
      qc.setQueryData(noticeKey(n.id), n);
      void qc.invalidateQueries({ queryKey: callNoticesKey(call.id) });
      void qc.invalidateQueries({ queryKey: ['/public/capacity-notices'] });
      message.success(`已发布：公示至 ${fmtDate(n.endsOn)}，已通知拟资助项目的学会`);
      onClose();
      navigate(`/app/capacity-notices/${n.id}`);
    },
    onError: (e) => setErrors(report(e, { form, action: '发布公示', onRefresh: () => void qc.invalidateQueries({ queryKey: callNoticesKey(call.id) }) })),
  });
  return (
    <Modal
      open={open}
      title="发布评审结果公示？"
      okText="发布公示"
      cancelText="取消"
      confirmLoading={publish.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {fmtCount(list.selected, ' 个')}拟资助项目将在门户网站公示，公示期自今天起 {list.periodDays} 天。公示期间任何人可对公示项目提出异议，每条异议须由科协处理；公示期满后，无异议的项目确定资助，异议成立的项目不予资助。发布后不能撤回。
      </Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          title: `${call.year}年度学会服务能力提升计划拟资助项目公示`,
          body: `根据《${call.title}》，经形式审查、专家评审，现将拟资助项目予以公示。\n对公示项目有异议的，请在公示期内通过本页面提出，并写明事实和理由、留下联系方式。`,
        }}
        onFinish={(v) => {
          setErrors([]);
          publish.mutate(v);
        }}
      >
        <Form.Item name="title" label="公示标题" rules={[{ required: true, whitespace: true, message: '请填写公示标题' }, { max: 200, message: '公示标题不能超过 200 个字' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="body" label="公示内容" rules={[{ required: true, whitespace: true, message: '请填写公示内容' }, { max: 20000, message: '公示内容不能超过 20000 个字' }]}>
          <Input.TextArea rows={6} maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
