// SEL-6, SEL-7 择优确定委托主体: the department picks one of the recommended societies, with a
// reason; the choice creates the pilot project and closes the other declarations.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Empty, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import type { TransferItem } from '../../../contract/transfer';
import type { FieldError } from '../../../contract/common';
import type { DeclarationSummary, PilotProject } from '../../../contract/selection';

/** What the dialog reads of the item's declarations (the item detail's `declarations`). */
type Candidate = Pick<DeclarationSummary, 'id' | 'societyName' | 'isQualified' | 'failedConditions' | 'reviewOpinion'> & { status: string };
import { QualificationTag } from './QualificationCheck';

export function SelectSocietyModal({ item, declarations, onClose }: { item: TransferItem; declarations: Candidate[]; onClose: () => void }) {
  const [form] = Form.useForm<{ declarationId: string; reason: string }>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const recommended = declarations.filter((d) => d.status === 'recommended');
  const others = recommended.length - 1;
  const select = useMutation({
    mutationFn: (v: { declarationId: string; reason: string }) =>
      api<PilotProject>(`/items/${item.id}/select`, { method: 'POST', body: { version: item.version, declarationId: v.declarationId, reason: v.reason.trim() } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['items', item.id] });
      void qc.invalidateQueries({ queryKey: ['/items'] });
      void qc.invalidateQueries({ queryKey: ['/projects'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      message.success('已确定承接学会，试点项目已建立');
      onClose();
      navigate(`/app/projects/${r.id}`);
    },
    onError: (e) => setErrors(report(e, { form, action: '择优确定', onRefresh: () => void qc.invalidateQueries({ queryKey: ['items', item.id] }) })),
  });
  const submit = (v: { declarationId: string; reason: string }) => {
    const chosen = recommended.find((d) => d.id === v.declarationId);
    modal.confirm({
      title: `确定由 ${chosen?.societyName ?? ''} 承接？`,
      content: (
        <div>
          <p>确定后将建立试点项目，由 {chosen?.societyName} 承接“{item.title}”。</p>
          {others > 0 ? <p>其他 {others} 家推荐学会的申报将关闭，并告知选定结果和理由。</p> : null}
          <p style={{ marginBottom: 0 }}>此操作不可撤销。</p>
        </div>
      ),
      okText: '确定',
      cancelText: '取消',
      onOk: () => select.mutateAsync(v).catch(() => undefined),
    });
  };
  return (
    <Modal open title="择优确定承接学会" okText="确定承接学会" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={select.isPending} destroyOnHidden width={640}>
      <Typography.Paragraph type="secondary">在科协推荐并经审批同意的学会中择优确定委托主体（承接学会），并写明选定理由。</Typography.Paragraph>
      <FormErrorList errors={errors} />
      {recommended.length === 0 ? (
        <Empty description="暂无推荐学会" />
      ) : (
        <Form form={form} name="selectSociety" layout="vertical" onFinish={submit} aria-label="择优确定承接学会" initialValues={recommended.length === 1 ? { declarationId: recommended[0].id } : undefined}>
          <Form.Item label="承接学会" name="declarationId" rules={[{ required: true, message: '请选择承接学会' }]}>
            <Radio.Group style={{ width: '100%' }}>
              <Space orientation="vertical" style={{ width: '100%' }}>
                {recommended.map((d) => (
                  <Radio key={d.id} value={d.id} style={{ alignItems: 'flex-start' }}>
                    <Space orientation="vertical" size={2}>
                      <Space wrap size={6}>
                        <Typography.Text strong>{d.societyName}</Typography.Text>
                        <QualificationTag isQualified={d.isQualified} failed={d.failedConditions} />
                        <Link to={`/app/declarations/${d.id}`} target="_blank" onClick={(e) => e.stopPropagation()}>
                          查看申报材料
                        </Link>
                      </Space>
                      {d.reviewOpinion ? <Typography.Text type="secondary">科协推荐意见：{d.reviewOpinion}</Typography.Text> : null}
                    </Space>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item label="选定理由" name="reason" rules={[{ required: true, whitespace: true, message: '请输入选定理由' }, { min: 4, message: '选定理由至少 4 个字' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="如：该会评估专家资源充足，近三年承担同类项目经验丰富，实施方案切实可行" />
          </Form.Item>
        </Form>
      )}
      {recommended.length > 0 ? <Alert type="info" showIcon title="选定理由将告知未被选定的学会，并记入审计日志。" /> : null}
    </Modal>
  );
}
