// CAP-5: the fields of a responsibility letter the association may change while drafting — the
// supplementary terms, 甲方负责人 and both parties' contacts. Saved whole with the letter's rowVersion:
// a letter changed by someone else meanwhile is answered 409 and offered a refresh. The parent keys
// the form by the letter's rowVersion, so a saved or refreshed letter starts it afresh.
import { SaveOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Col, Form, Input, Row, Typography } from 'antd';
import { api, fieldPath, isApiError } from '../../shared/api';
import { applyFieldErrors, useErrorReporter } from '../../shared/errors';
import type { CapacityLetter, CapacityLetterEdit } from '../../../contract/capacity-letters';

interface Values {
  supplementaryTerms?: string | null;
  associationRepresentative?: string | null;
  associationContact?: { name?: string | null; phone?: string | null };
  societyContact?: { name?: string | null; phone?: string | null };
}

/** The API's field paths in the form's words (a refused field named as the user sees it). */
const fieldNames: Record<string, string> = {
  supplementaryTerms: '补充条款',
  associationRepresentative: '甲方负责人',
  associationContact: '甲方联系人',
  societyContact: '乙方联系人',
  name: '姓名',
  phone: '联系电话',
};
const describe = (path: string) =>
  fieldPath(path)
    .map((p) => fieldNames[String(p)] ?? '')
    .filter(Boolean)
    .join(' › ');

const text = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);

const valuesOf = (l: CapacityLetter): Values => ({
  supplementaryTerms: l.content.supplementaryTerms,
  associationRepresentative: l.content.parties.association.representative,
  associationContact: { ...l.content.parties.association.contact },
  societyContact: { ...l.content.parties.society.contact },
});

export function LetterEditForm({ letter, onSaved, onDirty, onRefresh }: { letter: CapacityLetter; onSaved: (l: CapacityLetter) => void; onDirty: (dirty: boolean) => void; onRefresh: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: CapacityLetterEdit = {
        rowVersion: letter.rowVersion,
        supplementaryTerms: text(v.supplementaryTerms),
        associationRepresentative: text(v.associationRepresentative),
        associationContact: { name: text(v.associationContact?.name), phone: text(v.associationContact?.phone) },
        societyContact: { name: text(v.societyContact?.name), phone: text(v.societyContact?.phone) },
      };
      return api<CapacityLetter>(`/capacity-letters/${letter.id}`, { method: 'PUT', body });
    },
    onSuccess: (l) => {
      message.success('已保存');
      onSaved(l);
    },
    onError: (e) => {
      if (isApiError(e) && e.errors.length) {
        applyFieldErrors(form, e.errors);
        const first = e.errors[0];
        message.error(`保存失败：${describe(first.path) ? `${describe(first.path)}：` : ''}${first.message}`);
        return;
      }
      report(e, { action: '保存', onRefresh });
    },
  });
  const short = (max: number, what: string) => [{ max, message: `${what}不能超过 ${max} 个字` }];
  return (
    <Form<Values> form={form} layout="vertical" aria-label="修改责任书" onValuesChange={() => onDirty(true)} onFinish={(v) => save.mutate(v)} initialValues={valuesOf(letter)}>
      <Typography.Paragraph type="secondary">
        责任书的项目内容、预算、资助金额和双方义务取自申报书、申报通知和方案参数，不能在此修改；以下内容可在定稿前补充或修改。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="associationRepresentative" label="甲方负责人" rules={short(50, '甲方负责人')}>
            <Input maxLength={50} placeholder="签字的负责人姓名" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item name={['associationContact', 'name']} label="甲方联系人" rules={short(50, '联系人')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item name={['associationContact', 'phone']} label="甲方联系电话" rules={short(30, '联系电话')}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item name={['societyContact', 'name']} label="乙方联系人" rules={short(50, '联系人')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Form.Item name={['societyContact', 'phone']} label="乙方联系电话" rules={short(30, '联系电话')}>
            <Input maxLength={30} inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="supplementaryTerms" label="补充条款（选填）" rules={short(5000, '补充条款')}>
        <Input.TextArea rows={4} maxLength={5000} showCount placeholder="双方约定的其他事项，列在责任书正文之后" />
      </Form.Item>
      <Button htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
        保存修改
      </Button>
    </Form>
  );
}
