// The four parts of the task book form (seed 002 附件 + 001 §5(1)) as forms. Money is entered in
// yuan (MoneyInput: a bad amount is an error on its field, never 0) and sent in fen; dates are
// YYYY-MM-DD; empty fields are sent as null (a draft may be partial).
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useDict } from '../../shared/dictionaries';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import type { Funding, TaskBook, TaskBookPart } from '../../../contract/taskbooks';

export const partLabels: Record<TaskBookPart, string> = {
  society: '项目承接单位信息',
  department: '项目委托单位信息',
  association: '项目协调单位信息',
  project: '试点项目内容',
};

type Values = Record<string, unknown>;
const toYuan = (fen: unknown) => (typeof fen === 'number' ? fenToYuanText(fen) : null);
const toFen = moneyToFen;

/** '' and whitespace-only strings become null, recursively; empty objects inside arrays stay. */
function clean(v: unknown): unknown {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x === undefined ? null : x)]));
  return v;
}

function fundingIn(f: Funding | null | undefined) {
  return f ? { ...f, budgetFen: toYuan(f.budgetFen) } : {};
}
function fundingOut(f: Values | undefined) {
  if (!f || Object.values(f).every((x) => x === null || x === undefined || x === '')) return null;
  const out: Values = { ...f, budgetFen: toFen(f.budgetFen) };
  // what the form shows disabled is not part of the answer (Funding): a draft saved before the rule
  if (out.supported !== true) Object.assign(out, { budgetFen: null, nature: null, source: null });
  if (out.nature !== 'other') out.natureOther = null;
  return out;
}

function toForm(part: TaskBookPart, book: Pick<TaskBook, 'content'>): Values {
  const c = book.content;
  switch (part) {
    case 'society':
      return { ...c.society, selfRaisedFen: toYuan(c.society.selfRaisedFen), leaderApproval: c.society.leaderApproval ?? {} };
    case 'department':
      return { ...c.department, funding: fundingIn(c.department.funding) };
    case 'association':
      return { ...c.association, funding: fundingIn(c.association.funding) };
    case 'project':
      return { ...c.project, kpis: c.project.kpis ?? [], schedule: c.project.schedule ?? [], members: c.project.members ?? [] };
  }
}

function fromForm(part: TaskBookPart, v: Values): Values {
  const out = clean(v) as Values;
  if (part === 'society') {
    out.selfRaisedFen = toFen(v.selfRaisedFen);
    const a = out.leaderApproval as Values | null;
    out.leaderApproval = a && Object.values(a).some((x) => x !== null && x !== undefined) ? a : null;
  }
  if (part === 'department' || part === 'association') out.funding = fundingOut(out.funding as Values | undefined);
  return out;
}

const phoneRule = { pattern: /^[0-9+\-() ]{5,20}$/, message: '电话格式不正确' };
const dateRule = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '请按“年-月-日”填写日期，如 2026-05-01' };

function Contact({ prefix, labels }: { prefix: string; labels: { name: string; mobile: string; phone: string; email: string } }) {
  return (
    <>
      <Col xs={24} md={8}>
        <Form.Item name={`${prefix}Name`} label={labels.name}>
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={`${prefix}Mobile`} label={labels.mobile} rules={[phoneRule]}>
          <Input maxLength={20} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={`${prefix}Phone`} label={labels.phone} rules={[phoneRule]}>
          <Input maxLength={20} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name={`${prefix}Email`} label={labels.email} rules={[{ type: 'email', message: '电子邮箱格式不正确' }]}>
          <Input maxLength={120} />
        </Form.Item>
      </Col>
    </>
  );
}

function Funding() {
  const { options } = useDict();
  // issue 11 §3: 预算额度, 经费性质 and 经费来源 belong to 经费支持 = 有, the 说明 to 经费性质 = 其他 (the
  // server refuses them otherwise): they are disabled, and emptied when the answer they hang on changes
  const form = Form.useFormInstance();
  const supported = Form.useWatch(['funding', 'supported'], form);
  const nature = Form.useWatch(['funding', 'nature'], form);
  const noFunds = supported !== true ? true : undefined; // undefined: the form's own disabled state
  const why = supported === false ? '无经费支持，不填' : '选择“有”后填写';
  const clear = (keys: string[]) => form.setFields(keys.map((k) => ({ name: ['funding', k], value: null, errors: [] })));
  return (
    <>
      <Divider titlePlacement="start" plain>
        经费与政策支持
      </Divider>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Form.Item name={['funding', 'supported']} label="经费支持">
            <Radio.Group options={[{ value: true, label: '有' }, { value: false, label: '无' }]} onChange={(e) => e.target.value !== true && clear(['budgetFen', 'nature', 'natureOther', 'source'])} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['funding', 'budgetFen']} label="预算额度（元）" extra={noFunds ? why : undefined} rules={moneyRules({ label: '预算额度' })}>
            <MoneyInput disabled={noFunds} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['funding', 'nature']} label="经费性质">
            <Select allowClear options={options('fundingNatures')} disabled={noFunds} onChange={(v) => v !== 'other' && clear(['natureOther'])} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['funding', 'natureOther']} label="其他性质说明" extra={!noFunds && nature !== 'other' ? '经费性质为“其他”时填写' : undefined}>
            <Input maxLength={100} disabled={noFunds || nature !== 'other' || undefined} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['funding', 'source']} label="经费来源">
            <Select allowClear options={options('fundingSources')} disabled={noFunds} />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item name={['funding', 'policySupport']} label="政策支持">
            <Radio.Group options={[{ value: true, label: '有' }, { value: false, label: '无' }]} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function Office() {
  return (
    <>
      <Col xs={24} md={8}>
        <Form.Item name="division" label="主管（分管）处室">
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="headName" label="负责人">
          <Input maxLength={40} />
        </Form.Item>
      </Col>
      <Contact prefix="contact" labels={{ name: '联系人', mobile: '联系人手机', phone: '联系人电话', email: '联系人电子邮箱' }} />
    </>
  );
}

function ListOf({ name, title, add, fields }: { name: string; title: string; add: string; fields: { key: string; label: string; span: number; number?: boolean; date?: boolean; required?: boolean; max?: number }[] }) {
  return (
    <>
      <Divider titlePlacement="start" plain>
        {title}
      </Divider>
      <Form.List name={name}>
        {(items, { add: addRow, remove }) => (
          <>
            {items.map((f) => (
              <Row key={f.key} gutter={8} align="top">
                {fields.map((x) => (
                  <Col key={x.key} xs={24} md={x.span}>
                    <Form.Item
                      name={[f.name, x.key]}
                      label={f.name === 0 ? x.label : undefined}
                      aria-label={x.label}
                      rules={[...(x.required ? [{ required: true, message: `请填写${x.label}` }] : []), ...(x.date ? [dateRule] : [])]}
                    >
                      {x.number ? <InputNumber min={0} style={{ width: '100%' }} placeholder={x.label} /> : <Input maxLength={x.max ?? 100} placeholder={x.date ? 'YYYY-MM-DD' : x.label} />}
                    </Form.Item>
                  </Col>
                ))}
                <Col xs={24} md={1} style={{ paddingTop: f.name === 0 ? 34 : 6 }}>
                  <MinusCircleOutlined aria-label="删除这一行" onClick={() => remove(f.name)} />
                </Col>
              </Row>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => addRow({})}>
              {add}
            </Button>
          </>
        )}
      </Form.List>
    </>
  );
}

/**
 * One part as a form. `onValuesChange` (optional) receives the part as it would be saved after every
 * edit; `saveLabel` is the save button's text (by default 保存 and the part's task-book name; a
 * contract names its parts otherwise) and `saveLabel: null` hides it — a change request (SUP-5)
 * edits a copy this way.
 */
export function PartForm({
  part,
  book,
  editable,
  saving,
  onSave,
  onValuesChange,
  saveLabel,
  formName,
}: {
  part: TaskBookPart;
  book: Pick<TaskBook, 'content'>;
  editable: boolean;
  saving: boolean;
  onSave: (v: Values) => void;
  onValuesChange?: (v: Values) => void;
  saveLabel?: string | null;
  /** distinct per form on a page, so that field ids (and labels) do not collide */
  formName?: string;
}) {
  const [form] = Form.useForm<Values>();
  const { options } = useDict();
  useEffect(() => form.setFieldsValue(toForm(part, book)), [form, part, book]);
  const textArea = (name: string, label: string, max: number, rows = 3) => (
    <Col xs={24}>
      <Form.Item name={name} label={label}>
        <Input.TextArea rows={rows} maxLength={max} showCount={editable} />
      </Form.Item>
    </Col>
  );
  return (
    <Form
      form={form}
      name={formName ?? `taskbook-${part}`}
      layout="vertical"
      disabled={!editable}
      initialValues={toForm(part, book)}
      onFinish={(v) => onSave(fromForm(part, v))}
      onValuesChange={onValuesChange ? () => onValuesChange(fromForm(part, form.getFieldsValue(true) as Values)) : undefined}
    >
      {part === 'society' ? (
        <Row gutter={16}>
          <Contact prefix="legalRep" labels={{ name: '法定代表人', mobile: '法定代表人手机', phone: '法定代表人电话', email: '法定代表人电子邮箱' }} />
          <Col span={24}>
            <Divider titlePlacement="start" plain>
              项目负责人（须为学会秘书长以上负责同志，经理事会或常务理事会同意）
            </Divider>
          </Col>
          <Contact prefix="leader" labels={{ name: '项目负责人', mobile: '项目负责人手机', phone: '项目负责人电话', email: '项目负责人电子邮箱' }} />
          <Col xs={24} md={8}>
            <Form.Item name="leaderPost" label="项目负责人职务">
              <Select allowClear options={options('projectLeaderPosts')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['leaderApproval', 'body']} label="批准机构">
              <Select allowClear options={options('leaderApprovalBodies')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['leaderApproval', 'decidedOn']} label="批准日期" rules={[dateRule]}>
              <Input placeholder="YYYY-MM-DD" maxLength={10} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name={['leaderApproval', 'reference']} label="会议或决议名称">
              <Input maxLength={200} placeholder="如：第八届理事会第三次会议" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="selfRaisedFen" label="自筹经费（元）" rules={moneyRules({ label: '自筹经费' })}>
              <MoneyInput />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      {part === 'department' ? (
        <>
          <Row gutter={16}>
            <Office />
            <Col xs={24} md={8}>
              <Form.Item name="cooperationMode" label="合作方式">
                <Select allowClear options={options('commissioningModes')} />
              </Form.Item>
            </Col>
          </Row>
          <Funding />
        </>
      ) : null}
      {part === 'association' ? (
        <>
          <Row gutter={16}>
            <Office />
          </Row>
          <Funding />
        </>
      ) : null}
      {part === 'project' ? (
        <>
          <Row gutter={16}>
            {textArea('content', '试点项目内容', 8000, 5)}
            {textArea('rightsAndDuties', '各方权利和义务', 4000)}
            {textArea('goals', '工作目标', 4000)}
            {textArea('keyTasks', '重点任务', 4000)}
            {textArea('qualityRequirements', '质量要求', 4000)}
            <Col xs={24}>
              <Form.Item name="fundsSource" label="经费来源">
                <Input maxLength={1000} />
              </Form.Item>
            </Col>
          </Row>
          <ListOf name="kpis" title="量化考核指标（用于验收评分）" add="添加指标" fields={[{ key: 'name', label: '指标名称', span: 13, required: true }, { key: 'target', label: '目标值', span: 5, number: true, required: true }, { key: 'unit', label: '单位', span: 5, required: true, max: 20 }]} />
          <ListOf name="schedule" title="进度安排（关键节点）" add="添加节点" fields={[{ key: 'name', label: '节点名称', span: 8, required: true }, { key: 'dueOn', label: '完成日期', span: 5, date: true, required: true }, { key: 'deliverable', label: '阶段成果', span: 10, max: 500 }]} />
          <ListOf name="members" title="参与成员" add="添加成员" fields={[{ key: 'name', label: '姓名', span: 5, required: true, max: 40 }, { key: 'employer', label: '工作单位', span: 7, required: true }, { key: 'title', label: '职务/职称', span: 5, max: 60 }, { key: 'role', label: '分工', span: 6 }]} />
        </>
      ) : null}
      {editable && saveLabel !== null ? (
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving}>
            {saveLabel ?? `保存${partLabels[part]}`}
          </Button>
          <Typography.Text type="secondary">保存后其他单位即可看到；全部填写完整后方可签署。</Typography.Text>
        </Space>
      ) : null}
    </Form>
  );
}
