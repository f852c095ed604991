// 高级：全部参数 — the whole parameters object as raw text (JSON), for an administrator only
// (ProgrammeDetailPage shows the tab to roles with isAdmin); everyone else reads OtherParametersView.
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { FormErrorList } from '../../shared/errors';
import type { Programme } from '../../../contract/programmes';
import { SaveBar, useProgrammeSave } from './programmeSave';

export function JsonEditor({ p, editable, onRefresh }: { p: Programme; editable: boolean; onRefresh: () => void }) {
  const [form] = Form.useForm<{ json: string; reason?: string }>();
  const { save, errors, saving } = useProgrammeSave(p, onRefresh);
  const [parseError, setParseError] = useState<string | null>(null);

  if (!editable) {
    return (
      <div>
        <Typography.Paragraph type="secondary">全部政策参数的原始格式（只读，仅管理员可见）：</Typography.Paragraph>
        <pre className="cj-pre" style={{ background: '#fafafa', padding: 12, border: '1px solid #f0f0f0', borderRadius: 4, maxHeight: '70vh', overflow: 'auto' }}>
          {JSON.stringify(p.parameters, null, 2)}
        </pre>
      </div>
    );
  }
  const onFinish = (v: { json: string; reason?: string }) => {
    let parameters: unknown;
    try {
      parameters = JSON.parse(v.json);
    } catch (e) {
      setParseError(`格式错误，无法读取：${(e as Error).message}`);
      return;
    }
    if (!parameters || typeof parameters !== 'object' || Array.isArray(parameters)) {
      setParseError('政策参数应为一个对象（以 { 开头）');
      return;
    }
    setParseError(null);
    save({ parameters }, v.reason, form);
  };

  return (
    <Form form={form} name="parametersJson" layout="vertical" initialValues={{ json: JSON.stringify(p.parameters, null, 2) }} onFinish={onFinish} disabled={!editable} aria-label="高级：全部参数">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="管理员专用：以原始格式编辑全部政策参数"
        description="适用于“政策参数”页中没有表单的参数，如经费开支范围、资金、领导小组、考核评估主体、监管措施等。保存时平台逐项校验，出错的参数会在下方列出。原始格式中的金额以分计（1 元 = 100），请谨慎修改。"
      />
      <FormErrorList errors={errors} title="政策参数校验未通过" />
      {parseError ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title={parseError} /> : null}
      <Form.Item label="全部政策参数（原始格式）" name="json" rules={[{ required: true, message: '请输入政策参数' }]}>
        <Input.TextArea
          autoSize={{ minRows: 16, maxRows: 40 }}
          spellCheck={false}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 }}
        />
      </Form.Item>
      {editable ? (
        <SaveBar
          published={p.status === 'published'}
          saving={saving}
          extra={
            <Space>
              <Button
                onClick={() => {
                  try {
                    form.setFieldValue('json', JSON.stringify(JSON.parse(form.getFieldValue('json') as string), null, 2));
                    setParseError(null);
                  } catch (e) {
                    setParseError(`格式错误，无法读取：${(e as Error).message}`);
                  }
                }}
              >
                格式化
              </Button>
              <Button onClick={() => form.setFieldValue('json', JSON.stringify(p.parameters, null, 2))}>还原</Button>
            </Space>
          }
        />
      ) : (
        <Typography.Text type="secondary">当前状态下不能修改。</Typography.Text>
      )}
    </Form>
  );
}
