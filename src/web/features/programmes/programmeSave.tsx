// Saving part of a programme: PATCH with the version read, and the reason (required once published).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { useErrorReporter } from '../../shared/errors';
import { blankToNull } from '../../shared/formRules';
import type { FieldError } from '../../../contract/common';
import type { Programme } from '../../../contract/programmes';

export function useProgrammeSave(p: Programme, onRefresh: () => void) {
  const qc = useQueryClient();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const m = useMutation({
    mutationFn: ({ patch, reason }: { patch: Record<string, unknown>; reason?: string }) =>
      api<Programme>(`/programmes/${p.id}`, { method: 'PATCH', body: { version: p.version, reason: blankToNull(reason), ...patch } }),
    onSuccess: (np) => {
      setErrors([]);
      qc.setQueryData(['programmes', p.id], np);
      void qc.invalidateQueries({ queryKey: ['/programmes'] });
      void qc.invalidateQueries({ queryKey: ['audit', 'entity', 'programme', p.id] });
      message.success('已保存');
    },
  });
  const save = (patch: Record<string, unknown>, reason: string | undefined, form?: FormInstance, mapPath?: (path: (string | number)[]) => (string | number)[]) => {
    setErrors([]);
    m.mutate({ patch, reason }, { onError: (e) => setErrors(report(e, { form, mapPath, onRefresh, action: '保存' })) });
  };
  return { save, errors, setErrors, saving: m.isPending };
}

export const isEditable = (p: Programme, canUpdate: boolean) => canUpdate && p.actions.includes('edit');

/** 修改原因 and 保存 at the foot of an editor form. */
export function SaveBar({ published, saving, extra }: { published: boolean; saving: boolean; extra?: React.ReactNode }) {
  return (
    <Flex gap={12} wrap align="flex-end" style={{ marginTop: 16, paddingTop: 16, borderTop: '1px solid #f0f0f0' }}>
      <Form.Item
        label="修改原因"
        name="reason"
        rules={[{ required: published, whitespace: true, message: '已发布的方案修改时须填写修改原因' }]}
        style={{ flex: 1, minWidth: 240, marginBottom: 0 }}
        extra={published ? '方案已发布，修改及原因将记入变更记录' : undefined}
      >
        <Input maxLength={500} placeholder={published ? '必填，如：根据领导小组会议意见调整阶段时间' : '选填'} />
      </Form.Item>
      {extra}
      <Button type="primary" htmlType="submit" loading={saving}>
        保存
      </Button>
    </Flex>
  );
}
