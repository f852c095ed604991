// PRG-1 阶段: an editable table of the programme's stages. A stage keeps its code (the platform's,
// never shown: docs/UI.md); a new stage gets one made here.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Grid, Input, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { FormErrorList } from '../../shared/errors';
import { dayjs } from '../../shared/format';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import type { Programme } from '../../../contract/programmes';
import { SaveBar, useProgrammeSave } from './programmeSave';
import { StagesView } from './ProgrammeReadOnly';

interface Row {
  code: string;
  name: string;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  description?: string;
}

let made = 0;
/** A fresh code for a new stage (lower-case letters, digits and _, unique among the stages). */
const newCode = () => `s_${Date.now().toString(36)}_${(made++).toString(36)}`;

export function StagesEditor({ p, editable, onRefresh }: { p: Programme; editable: boolean; onRefresh: () => void }) {
  const [form] = Form.useForm<{ stages: Row[]; reason?: string }>();
  const { save, errors, saving } = useProgrammeSave(p, onRefresh);
  const wide = !!Grid.useBreakpoint().md;
  const initial = p.stages.map((s) => ({ ...s, startsOn: dayjs(s.startsOn), endsOn: dayjs(s.endsOn), description: s.description ?? '' }));

  if (!editable) return <StagesView stages={p.stages} />;
  const onFinish = (v: { stages: Row[]; reason?: string }) => {
    const stages = (v.stages ?? []).map((s) => ({
      code: s.code.trim(),
      name: s.name.trim(),
      startsOn: s.startsOn?.format('YYYY-MM-DD'),
      endsOn: s.endsOn?.format('YYYY-MM-DD'),
      ...(s.description?.trim() ? { description: s.description.trim() } : {}),
    }));
    save({ stages }, v.reason, form);
  };

  return (
    <Form form={form} name="stagesForm" initialValues={{ stages: initial }} onFinish={onFinish} disabled={!editable} aria-label="阶段" layout="vertical">
      <FormErrorList errors={errors} />
      <Form.List name="stages" rules={[{ validator: (_, v: Row[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error('至少需要一个阶段'))) }]}>
        {(fields, { add, remove }, { errors: listErrors }) => {
          type F = (typeof fields)[number];
          const name = (f: F, i: number, label?: string) => (
            <>
              <Form.Item name={[f.name, 'name']} label={label} rules={[{ required: true, whitespace: true, message: '请输入名称' }]} style={{ margin: label ? undefined : 0 }}>
                <Input aria-label={`第 ${i + 1} 个阶段的名称`} maxLength={60} />
              </Form.Item>
              <Form.Item name={[f.name, 'code']} hidden>
                <Input />
              </Form.Item>
            </>
          );
          const startsOn = (f: F, i: number, label?: string) => (
            <Form.Item name={[f.name, 'startsOn']} label={label} rules={[{ required: true, message: '请选择开始日期' }, dayRule]} style={{ margin: label ? undefined : 0 }}>
              <DayPicker aria-label={`第 ${i + 1} 个阶段的开始日期`} style={{ width: '100%' }} placeholder="请选择日期" />
            </Form.Item>
          );
          const endsOn = (f: F, i: number, label?: string) => (
            <Form.Item
              name={[f.name, 'endsOn']}
              label={label}
              dependencies={[['stages', f.name, 'startsOn']]}
              rules={[
                { required: true, message: '请选择结束日期' },
                dayRule,
                ({ getFieldValue }) => ({
                  validator: (_r, v: Dayjs | null) => {
                    const s = getFieldValue(['stages', f.name, 'startsOn']) as Dayjs | null;
                    return v && s && v.isBefore(s, 'day') ? Promise.reject(new Error('结束日期不能早于开始日期')) : Promise.resolve();
                  },
                }),
              ]}
              style={{ margin: label ? undefined : 0 }}
            >
              <DayPicker aria-label={`第 ${i + 1} 个阶段的结束日期`} style={{ width: '100%' }} placeholder="请选择日期" />
            </Form.Item>
          );
          const description = (f: F, i: number, label?: string) => (
            <Form.Item name={[f.name, 'description']} label={label} style={{ margin: label ? undefined : 0 }}>
              <Input.TextArea aria-label={`第 ${i + 1} 个阶段的说明`} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          );
          const del = (f: F, i: number) => (
            <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除第 ${i + 1} 个阶段`} onClick={() => remove(f.name)} disabled={fields.length <= 1} />
          );
          return (
            <>
              {wide ? (
                <Table
                  rowKey="key"
                  dataSource={fields}
                  pagination={false}
                  size="small"
                  scroll={{ x: 860 }}
                  columns={[
                    { title: '序号', width: 56, render: (_: unknown, __: unknown, i: number) => i + 1 },
                    { title: '名称', width: 200, render: (_: unknown, f: F, i: number) => name(f, i) },
                    { title: '开始日期', width: 150, render: (_: unknown, f: F, i: number) => startsOn(f, i) },
                    { title: '结束日期', width: 150, render: (_: unknown, f: F, i: number) => endsOn(f, i) },
                    { title: '说明', render: (_: unknown, f: F, i: number) => description(f, i) },
                    ...(editable ? [{ title: '操作', width: 64, render: (_: unknown, f: F, i: number) => del(f, i) }] : []),
                  ]}
                />
              ) : (
                // a phone: one card per stage, its fields one under another (docs/UI.md: forms single-column)
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  {fields.map((f, i) => (
                    <Card key={f.key} size="small" title={`第 ${i + 1} 个阶段`} extra={editable ? del(f, i) : null}>
                      {name(f, i, '名称')}
                      {startsOn(f, i, '开始日期')}
                      {endsOn(f, i, '结束日期')}
                      {description(f, i, '说明')}
                    </Card>
                  ))}
                </Space>
              )}
              <Form.ErrorList errors={listErrors} />
              {editable ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: newCode(), name: '', description: '' })} block style={{ marginTop: 12 }} disabled={fields.length >= 20}>
                  新增阶段
                </Button>
              ) : null}
            </>
          );
        }}
      </Form.List>
      {editable ? <SaveBar published={p.status === 'published'} saving={saving} /> : null}
    </Form>
  );
}
