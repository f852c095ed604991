// ORG-3: record or correct one year's facts — annual inspection, commendations, violations,
// criticisms, unfinished tasks and debarments.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { blankToNull } from '../../shared/formRules';
import { currentYearCst, dayjs } from '../../shared/format';
import { DayPicker, DayRangePicker, dayRule } from '../../shared/DayPicker';
import type { FieldError } from '../../../contract/common';
import type { Society, YearlyFacts } from '../../../contract/orgs';

type D = Dayjs | null | undefined;
interface Values {
  year: number;
  annualInspection?: string;
  commendations: { title: string; level?: string; awardedOn?: D }[];
  violations: { description: string; occurredOn?: D }[];
  criticisms: { description: string; occurredOn?: D }[];
  failedTasks: { description: string; occurredOn?: D }[];
  debarments: { reason: string; range?: [D, D] }[];
  note?: string;
  reason?: string;
}

const d = (v: string | undefined) => (v ? dayjs(v) : undefined);
const iso = (v: D) => (v ? v.format('YYYY-MM-DD') : undefined);

function toValues(f: YearlyFacts | null): Values {
  if (!f) return { year: currentYearCst() - 1, commendations: [], violations: [], criticisms: [], failedTasks: [], debarments: [] };
  const entries = (xs: { description: string; occurredOn?: string }[]) => xs.map((x) => ({ description: x.description, occurredOn: d(x.occurredOn) }));
  return {
    year: f.year,
    annualInspection: f.annualInspection,
    commendations: f.commendations.map((c) => ({ title: c.title, level: c.level, awardedOn: d(c.awardedOn) })),
    violations: entries(f.violations),
    criticisms: entries(f.criticisms),
    failedTasks: entries(f.failedTasks),
    debarments: f.debarments.map((x) => ({ reason: x.reason, range: [d(x.startsOn), d(x.endsOn)] as [D, D] })),
    note: f.note ?? '',
  };
}

export function YearlyFactsDrawer(props: { society: Society; facts: YearlyFacts | null; onClose: () => void; onRefresh: () => void }) {
  const { society, facts } = props;
  const [form] = Form.useForm<Values>();
  const { options } = useDict();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const existingYears = new Set(society.yearlyFacts.map((f) => f.year));

  const save = useMutation({
    mutationFn: (v: Values) => {
      const entries = (xs: Values['violations']) => (xs ?? []).map((x) => ({ description: x.description.trim(), ...(iso(x.occurredOn) ? { occurredOn: iso(x.occurredOn) } : {}) }));
      return api<YearlyFacts>(`/societies/${society.id}/facts/${v.year}`, {
        method: 'PUT',
        body: {
          annualInspection: v.annualInspection,
          commendations: (v.commendations ?? []).map((c) => ({ title: c.title.trim(), level: c.level, ...(iso(c.awardedOn) ? { awardedOn: iso(c.awardedOn) } : {}) })),
          violations: entries(v.violations),
          criticisms: entries(v.criticisms),
          failedTasks: entries(v.failedTasks),
          debarments: (v.debarments ?? []).map((x) => ({ reason: x.reason.trim(), startsOn: iso(x.range?.[0]), endsOn: iso(x.range?.[1]) })),
          note: blankToNull(v.note),
          reason: blankToNull(v.reason),
          ...(facts ? { version: facts.version } : {}),
        },
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['societies', society.id] });
      void qc.invalidateQueries({ queryKey: ['/societies'] });
      props.onClose();
    },
    onError: (e) =>
      setErrors(
        report(e, {
          form,
          action: '保存',
          onRefresh: props.onRefresh,
          // debarment dates are one range field in the form
          mapPath: (p) => (p[0] === 'debarments' && (p[2] === 'startsOn' || p[2] === 'endsOn') ? ['debarments', p[1], 'range'] : p),
        }),
      ),
  });

  const entryList = (name: 'violations' | 'criticisms' | 'failedTasks', title: string, placeholder: string) => (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.length === 0 ? <Typography.Paragraph type="secondary">无{title}记录</Typography.Paragraph> : null}
            {fields.map((f, i) => (
              <Row gutter={8} key={f.key} align="top">
                <Col xs={24} md={15}>
                  <Form.Item name={[f.name, 'description']} label={`${title}说明（第 ${i + 1} 条）`} rules={[{ required: true, whitespace: true, message: '请填写说明' }]}>
                    <Input maxLength={500} placeholder={placeholder} />
                  </Form.Item>
                </Col>
                <Col xs={18} md={7}>
                  <Form.Item name={[f.name, 'occurredOn']} label="日期" rules={[dayRule]}>
                    <DayPicker style={{ width: '100%' }} placeholder="请选择日期" />
                  </Form.Item>
                </Col>
                <Col xs={6} md={2} style={{ paddingTop: 30 }}>
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除${title}第 ${i + 1} 条`} onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ description: '' })} block>
              添加{title}
            </Button>
          </>
        )}
      </Form.List>
    </Card>
  );

  return (
    <Drawer
      open
      title={facts ? `更正 ${facts.year} 年度情况` : '录入年度情况'}
      size={screens.md ? 760 : '100%'}
      onClose={props.onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={props.onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      <FormErrorList errors={errors} />
      <Form<Values>
        form={form}
        name="facts"
        layout="vertical"
        initialValues={toValues(facts)}
        onFinish={(v) => {
          setErrors([]);
          save.mutate(v);
        }}
        scrollToFirstError
        aria-label="年度情况"
      >
        <Row gutter={16}>
          <Col xs={24} sm={12} md={8}>
            <Form.Item
              label="年度"
              name="year"
              rules={[
                { required: true, message: '请输入年度' },
                {
                  validator: (_, y: number) =>
                    !facts && existingYears.has(y) ? Promise.reject(new Error(`${y} 年度已有记录，请在列表中点“编辑”更正`)) : Promise.resolve(),
                },
              ]}
            >
              <InputNumber min={2000} max={currentYearCst()} precision={0} style={{ width: '100%' }} disabled={!!facts} suffix="年" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item label="年检结果" name="annualInspection" rules={[{ required: true, message: '请选择年检结果' }]}>
              <Select placeholder="请选择年检结果" options={options('inspectionResults')} />
            </Form.Item>
          </Col>
        </Row>

        <Card size="small" title="表彰" style={{ marginBottom: 12 }}>
          <Form.List name="commendations">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 ? <Typography.Paragraph type="secondary">无表彰记录</Typography.Paragraph> : null}
                {fields.map((f, i) => (
                  <Row gutter={8} key={f.key}>
                    <Col xs={24} md={10}>
                      <Form.Item name={[f.name, 'title']} label={`表彰名称（第 ${i + 1} 条）`} rules={[{ required: true, whitespace: true, message: '请填写表彰名称' }]}>
                        <Input maxLength={200} placeholder="如：全国科协系统先进集体" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={12} md={6}>
                      <Form.Item name={[f.name, 'level']} label="级别" rules={[{ required: true, message: '请选择级别' }]}>
                        <Select placeholder="请选择级别" options={options('commendationLevels')} />
                      </Form.Item>
                    </Col>
                    <Col xs={9} md={6}>
                      <Form.Item name={[f.name, 'awardedOn']} label="表彰日期" rules={[dayRule]}>
                        <DayPicker style={{ width: '100%' }} placeholder="请选择日期" />
                      </Form.Item>
                    </Col>
                    <Col xs={3} md={2} style={{ paddingTop: 30 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除表彰第 ${i + 1} 条`} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: '' })} block>
                  添加表彰
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        {entryList('violations', '违规', '如：违规收取费用，被民政部门责令整改')}
        {entryList('criticisms', '通报批评', '如：因未按期报送材料受到通报批评')}
        {entryList('failedTasks', '未完成任务', '如：未按期完成科协交办的调研任务')}

        <Card size="small" title="取消资格" style={{ marginBottom: 12 }}>
          <Form.List name="debarments">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 ? <Typography.Paragraph type="secondary">无取消资格记录</Typography.Paragraph> : null}
                {fields.map((f, i) => (
                  <Row gutter={8} key={f.key}>
                    <Col xs={24} md={11}>
                      <Form.Item name={[f.name, 'reason']} label={`取消资格原因（第 ${i + 1} 条）`} rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
                        <Input maxLength={500} placeholder="如：项目验收不合格" />
                      </Form.Item>
                    </Col>
                    <Col xs={21} md={11}>
                      <Form.Item
                        name={[f.name, 'range']}
                        label="起止日期"
                        required
                        rules={[{ validator: (_, r?: [D, D]) => (r?.[0] && r?.[1] ? Promise.resolve() : Promise.reject(new Error('请选择开始和结束日期'))) }, dayRule]}
                      >
                        <DayRangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} />
                      </Form.Item>
                    </Col>
                    <Col xs={3} md={2} style={{ paddingTop: 30 }}>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除取消资格第 ${i + 1} 条`} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ reason: '' })} block>
                  添加取消资格
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Form.Item label="备注" name="note">
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item label="修改原因" name="reason" extra={facts ? '更正已有记录时请说明原因，将记入审计日志' : undefined}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
