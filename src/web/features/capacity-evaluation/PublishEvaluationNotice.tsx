// CAP-6 (《实施方案》五、4: 对通过评估的项目进行公示) on the call's page, in its card of notices: when
// projects have passed their evaluation and no notice holds them yet, the association publishes an
// evaluation notice (评估结果公示) for the programme's evaluation-notice days; a call may have several.
import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDate } from '../../shared/format';
import type { FieldError } from '../../../contract/common';
import type { CapacityNotice, CapacityNoticeList } from '../../../contract/capacity-notices';
import { callNoticesKey, noticeKey } from '../capacity-notices/noticeShared';
import { refusalOf } from './evaluationRules';

interface Values {
  title?: string;
  body?: string;
}

export function PublishEvaluationNotice({ call, list }: { call: { id: string; title: string; year: number }; list: CapacityNoticeList }) {
  const [open, setOpen] = useState(false);
  if (!list.actions.includes('publishEvaluation')) return null;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', marginTop: 16 }}>
      <Alert
        type="warning"
        showIcon
        title={`${fmtCount(list.evaluationsReady, ' 个')}项目已通过评估，待发布评估结果公示`}
        description={`通过评估的项目在门户网站公示 ${list.evaluationPeriodDays} 天；公示期满无异议后，方可拨付项目资金。`}
      />
      <div>
        <Button type="primary" icon={<SendOutlined />} onClick={() => setOpen(true)}>
          发布评估结果公示
        </Button>
      </div>
      {open ? <PublishModal call={call} list={list} onClose={() => setOpen(false)} /> : null}
    </Space>
  );
}

function PublishModal({ call, list, onClose }: { call: { id: string; title: string; year: number }; list: CapacityNoticeList; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [refusal, setRefusal] = useState<{ reason: string; clause: string | null } | null>(null);
  const publish = useMutation({
    mutationFn: (v: Values) => api<CapacityNotice>(`/capacity-calls/${call.id}/evaluation-notices`, { method: 'POST', body: { title: v.title?.trim() ?? '', body: v.body?.trim() ?? '' } }),
    onSuccess: (n) => {
      qc.setQueryData(noticeKey(n.id), n);
      void qc.invalidateQueries({ queryKey: callNoticesKey(call.id) });
      void qc.invalidateQueries({ queryKey: ['/public/capacity-notices'] });
      void qc.invalidateQueries({ queryKey: ['capacity-evaluation'] });
      message.success(`已发布：公示至 ${fmtDate(n.endsOn)}，已通知项目所属学会`);
      onClose();
      navigate(`/app/capacity-notices/${n.id}`);
    },
    onError: (e) => {
      const clause = isApiError(e) && typeof e.problem.clause === 'string' ? e.problem.clause : null;
      if (isApiError(e) && clause) setRefusal(refusalOf(e.userMessage, clause));
      else setErrors(report(e, { form, action: '发布评估结果公示', onRefresh: () => void qc.invalidateQueries({ queryKey: callNoticesKey(call.id) }) }));
    },
  });
  return (
    <Modal open title="发布评估结果公示？" okText="发布公示" cancelText="取消" confirmLoading={publish.isPending} onCancel={onClose} onOk={() => form.submit()} width={720} destroyOnHidden>
      {refusal ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title="评估结果公示未能发布"
          description={
            <Space orientation="vertical" size={2}>
              <span>{refusal.reason}</span>
              {refusal.clause ? <Typography.Text type="secondary">依据：{refusal.clause}</Typography.Text> : null}
            </Space>
          }
        />
      ) : null}
      <Typography.Paragraph>
        {fmtCount(list.evaluationsReady, ' 个')}通过评估的项目将在门户网站公示，公示期自今天起 {list.evaluationPeriodDays} 天。公示期间任何人可对公示项目提出异议，每条异议须由科协处理；公示期满后，无异议的项目拨付资金，异议成立的项目不予拨付、撤销资助。发布后不能撤回。
      </Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          title: `${call.year}年度学会服务能力提升计划项目评估结果公示`,
          body: `根据《${call.title}》，经对项目实施情况进行评估，现将通过评估的项目予以公示。\n对公示项目有异议的，请在公示期内通过本页面提出，并写明事实和理由、留下联系方式。`,
        }}
        onFinish={(v) => {
          setErrors([]);
          setRefusal(null);
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
