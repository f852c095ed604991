// PRG-2 政策参数: a structured editor for the main parameters; everything else stays as it is and is
// described below the form (OtherParametersView) — an administrator edits it in the raw tab
// (JsonEditor.tsx). Field names mirror the API body so that an error at
// `body.parameters.sanctions.failedAcceptanceDebarYears` lands on its field.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList } from '../../shared/errors';
import { fmtYuan } from '../../shared/format';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import { parseYuan } from '../../../domain/money';
import type { Programme, ProgrammeParameters } from '../../../contract/programmes';
import { SaveBar, useProgrammeSave } from './programmeSave';
import { YEARS_RULES, normaliseCondition } from './conditions';
import { OtherParametersView, ParametersView } from './ProgrammeReadOnly';
import { useMe } from '../../shared/auth';
import { isAdminRoleSet } from '../../../domain/access/roles';

// the procurement threshold is held in the form as the 元 text typed (MoneyInput) and sent in fen
type Values = { parameters: Partial<ProgrammeParameters>; reason?: string };

export function ParametersEditor({ p, editable, onRefresh }: { p: Programme; editable: boolean; onRefresh: () => void }) {
  const [form] = Form.useForm<Values>();
  const { options } = useDict();
  const { save, errors, saving } = useProgrammeSave(p, onRefresh);
  const { data: me } = useMe();
  const isAdmin = !!me && isAdminRoleSet(me.roles);
  const thresholdRead = parseYuan(Form.useWatch(['parameters', 'procurementThresholdFen'], form));
  const threshold = thresholdRead.ok ? thresholdRead.fen : null;

  const onFinish = (v: Values) => {
    const edited = v.parameters;
    const parameters = {
      ...p.parameters,
      ...edited,
      sanctions: { ...p.parameters.sanctions, ...(edited.sanctions ?? {}) },
      ...(p.parameters.selectionDays ? { selectionDays: { ...p.parameters.selectionDays, ...(edited.selectionDays ?? {}) } } : {}),
      stageReportDue: typeof edited.stageReportDue === 'string' && edited.stageReportDue.trim() ? edited.stageReportDue.trim() : null,
      qualificationConditions: (edited.qualificationConditions ?? []).map(normaliseCondition),
      procurementThresholdFen: moneyToFen(edited.procurementThresholdFen as unknown),
    };
    save({ parameters }, v.reason, form);
  };

  const multi = (dict: Parameters<typeof options>[0], placeholder: string) => <Select mode="multiple" placeholder={placeholder} options={options(dict)} showSearch={{ optionFilterProp: 'label' }} allowClear />;
  const num = (min: number, max: number, suffix: string) => <InputNumber min={min} max={max} precision={0} style={{ width: '100%' }} suffix={suffix} />;
  const N = (...k: string[]) => ['parameters', ...k];
  if (!editable) return <ParametersView p={p} />;

  return (
    <Form<Values> form={form} name="parametersForm" layout="vertical" initialValues={{ parameters: { ...p.parameters, procurementThresholdFen: fenToYuanText(p.parameters.procurementThresholdFen) as never } }} onFinish={onFinish} disabled={!editable} aria-label="政策参数" scrollToFirstError>
      <FormErrorList errors={errors} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title="会签与审批">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="会签审核部门" name={N('reviewOffices')} extra="不需会签（如能力提升计划）时留空">
                {multi('reviewOfficeKinds', '请选择会签审核部门')}
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="审批层级" name={N('approvalLevel')} rules={[{ required: true, message: '请选择审批层级' }]}>
                <Select placeholder="请选择审批层级" options={options('approvalLevels')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="委托方式" name={N('commissioningModes')}>
                {multi('commissioningModes', '请选择委托方式')}
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="优先采购方式" name={N('preferredProcurementModes')}>
                {multi('procurementModes', '请选择优先采购方式')}
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label="转发包含下级科协所属学会"
                name={N('relayIncludesSubordinateSocieties')}
                valuePropName="checked"
                extra="关闭：转发事项只送达本科协直属学会（如省科协面向省级学会发布）；开启：下级市、县科协所属学会也收到"
              >
                <Switch checkedChildren="包含" unCheckedChildren="不含" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="遴选各环节期限（待办的办理期限）">
          <Row gutter={16}>
            {(
              [
                ['declare', '学会申报（自转发起）'],
                ['review', '科协审核申报'],
                ['countersign', '审核部门会签'],
                ['approve', '报批'],
                ['select', '部门择优确定'],
              ] as const
            ).map(([k, label]) => (
              <Col xs={24} sm={12} md={8} key={k}>
                <Form.Item label={`${label}（天）`} name={N('selectionDays', k)} rules={[{ required: true, message: `请输入${label}的天数` }]}>
                  {num(1, 180, '天')}
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>

        <Card size="small" title="期限与资金">
          <Row gutter={16}>
            <Col xs={24} sm={12} md={8}>
              <Form.Item label="公示期（天）" name={N('noticePeriodDays')} rules={[{ required: true, message: '请输入公示期' }]}>
                {num(1, 60, '天')}
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item label="评估结果公示期（天）" name={N('evaluationNoticeDays')} rules={[{ required: true, message: '请输入评估结果公示期' }]}>
                {num(1, 60, '天')}
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item label="资金执行期限（月）" name={N('executionWindowMonths')} rules={[{ required: true, message: '请输入资金执行期限' }]}>
                {num(1, 60, '个月')}
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                label="阶段报告报送日期"
                name={N('stageReportDue')}
                rules={[{ pattern: /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, message: '请按“月-日”填写，如 06-30' }]}
                extra="每年报送上级的月日，如 06-30；不需要时留空"
                getValueProps={(v: string | null) => ({ value: v ?? '' })}
              >
                <Input maxLength={5} placeholder="如 06-30" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                label="政府采购限额（元）"
                name={N('procurementThresholdFen')}
                rules={moneyRules({ label: '政府采购限额', required: true, min: 1, minMessage: '政府采购限额应大于 0' })}
                extra={typeof threshold === 'number' ? `单笔达到 ${fmtYuan(threshold)} 的采购按政府采购规定执行` : undefined}
              >
                <MoneyInput />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="惩戒">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="弄虚作假取消申报资格年限" name={N('sanctions', 'falseMaterialsDebarYears')} rules={[{ required: true, message: '请输入年限' }]} extra="0 表示不取消资格">
                {num(0, 10, '年')}
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="验收不合格取消申报资格年限" name={N('sanctions', 'failedAcceptanceDebarYears')} rules={[{ required: true, message: '请输入年限' }]} extra="0 表示不取消资格">
                {num(0, 10, '年')}
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="项目负责人与报批">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="项目负责人最低职务" name={N('projectLeaderMinPost')} rules={[{ required: true, message: '请选择项目负责人最低职务' }]}>
                <Select placeholder="请选择项目负责人最低职务" options={options('projectLeaderPosts')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="负责人审批机构" name={N('leaderApprovalBodies')} rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一个审批机构' }]}>
                {multi('leaderApprovalBodies', '请选择负责人审批机构')}
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                label="重大事项报批顺序"
                name={N('majorMatterSteps')}
                extra="按报批先后依次选择；第一步须为学会理事会（常务理事会）"
                rules={[
                  { required: true, type: 'array', min: 1, message: '请选择报批顺序' },
                  { validator: (_, v: string[]) => (v?.length && v[0] !== 'council' ? Promise.reject(new Error('重大事项须先由学会理事会（常务理事会）讨论决定')) : Promise.resolve()) },
                ]}
              >
                {multi('approvers', '请依次选择报批单位')}
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="变更审批单位" name={N('changeApprovers')} extra="按审批先后依次选择" rules={[{ required: true, type: 'array', min: 1, message: '请选择变更审批单位' }]}>
                {multi('approvers', '请依次选择审批单位')}
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title="承接资格条件">
          <Typography.Paragraph type="secondary">学会须同时满足以下全部条件才能被推荐承接。“人工审核条件”由审核人员判断，其他条件由平台依据学会档案和年度情况自动核验。</Typography.Paragraph>
          <Form.List name={N('qualificationConditions')}>
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((f, i) => (
                  <Card key={f.key} size="small" styles={{ body: { padding: 12 } }}>
                    <Row gutter={8}>
                      <Col xs={24} md={7}>
                        <Form.Item name={[f.name, 'rule']} label={`条件 ${i + 1} 规则`} rules={[{ required: true, message: '请选择规则' }]} style={{ marginBottom: 8 }}>
                          <Select placeholder="请选择规则" options={options('qualificationRules')} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={editable ? 9 : 10}>
                        <Form.Item name={[f.name, 'label']} label={`条件 ${i + 1} 名称`} rules={[{ required: true, whitespace: true, message: '请输入条件名称' }]} style={{ marginBottom: 8 }}>
                          <Input maxLength={120} placeholder="政策文件中的原文表述" />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={7}>
                        <Form.Item noStyle shouldUpdate={(a, b) => JSON.stringify(a) !== JSON.stringify(b)}>
                          {({ getFieldValue }) => <ConditionArgs rule={getFieldValue(['parameters', 'qualificationConditions', f.name, 'rule']) as string} name={f.name} index={i} />}
                        </Form.Item>
                      </Col>
                      {editable ? (
                        <Col xs={4} md={1} style={{ paddingTop: 30 }}>
                          <Button type="text" danger icon={<DeleteOutlined />} aria-label={`删除条件 ${i + 1}`} onClick={() => remove(f.name)} />
                        </Col>
                      ) : null}
                    </Row>
                  </Card>
                ))}
                {editable ? (
                  <Button type="dashed" icon={<PlusOutlined />} block onClick={() => add({ rule: 'manual', label: '' })} disabled={fields.length >= 30}>
                    新增条件
                  </Button>
                ) : null}
              </Space>
            )}
          </Form.List>
        </Card>
        <Card size="small" title="其他参数（只读）">
          <Typography.Paragraph type="secondary">
            以下参数按所依据的政策文件设定，在此页不能修改。{isAdmin ? '如需调整，请在“高级：全部参数”中修改。' : '如需调整，请联系本科协管理员。'}
          </Typography.Paragraph>
          <OtherParametersView x={p.parameters} />
        </Card>
      </Space>
      {editable ? <SaveBar published={p.status === 'published'} saving={saving} /> : null}
    </Form>
  );
}

function ConditionArgs({ rule, name, index }: { rule: string; name: number; index: number }) {
  const { options } = useDict();
  const label = (s: string) => `条件 ${index + 1} ${s}`;
  if (YEARS_RULES.has(rule)) {
    return (
      <Form.Item name={[name, 'years']} label={label('年数')} rules={[{ required: true, message: '请输入年数' }]} style={{ marginBottom: 8 }}>
        <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} suffix="年" />
      </Form.Item>
    );
  }
  if (rule === 'minFullTimeStaff') {
    return (
      <Form.Item name={[name, 'count']} label={label('最少人数')} rules={[{ required: true, message: '请输入人数' }]} style={{ marginBottom: 8 }}>
        <InputNumber min={1} max={1000} precision={0} style={{ width: '100%' }} suffix="人" />
      </Form.Item>
    );
  }
  if (rule === 'fullTimeSecretaryGeneral') {
    return (
      <Form.Item name={[name, 'acceptDeputyOrStaff']} label={label('副秘书长或专职人员亦可')} valuePropName="checked" style={{ marginBottom: 8 }}>
        <Switch />
      </Form.Item>
    );
  }
  if (rule === 'commendation') {
    return (
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={[name, 'level']} label={label('表彰级别')} rules={[{ required: true, message: '请选择级别' }]} style={{ marginBottom: 8, width: '55%' }}>
          <Select placeholder="请选择级别" options={options('commendationLevels')} />
        </Form.Item>
        <Form.Item name={[name, 'withinYears']} label={label('年限')} rules={[{ required: true, message: '请输入年限' }]} style={{ marginBottom: 8, width: '45%' }}>
          <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} suffix="年内" />
        </Form.Item>
      </Space.Compact>
    );
  }
  return (
    <Typography.Text type="secondary" style={{ display: 'block', paddingTop: 30 }}>
      {rule === 'manual' ? '由审核人员判断' : '无需参数'}
    </Typography.Text>
  );
}
