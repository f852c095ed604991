// ORG-2: register a society with its full record, or edit the record (version and reason sent).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Affix, Button, Card, Col, Form, Grid, Input, InputNumber, Row, Select, Skeleton, Space, Switch, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { blankToNull, creditCodeRule, phoneRule, websiteRule } from '../../shared/formRules';
import { currentYearCst } from '../../shared/format';
import { OrgTreeSelect, useAssociationOptions } from '../../shared/orgTree';
import type { FieldError } from '../../../contract/common';
import type { Society, SocietyProfile } from '../../../contract/orgs';
import { usePageTitle } from '../../shared/usePageTitle';

interface Values {
  parentId?: string;
  name: string;
  shortName?: string;
  creditCode?: string;
  region?: string;
  contactName?: string;
  contactPhone?: string;
  reason?: string;
  profile: Omit<SocietyProfile, 'legalRepPhone' | 'secretaryGeneralPhone' | 'website' | 'legalRepName' | 'secretaryGeneralName'> & {
    legalRepName?: string;
    legalRepPhone?: string;
    secretaryGeneralName?: string;
    secretaryGeneralPhone?: string;
    website?: string;
  };
}

const newProfile: Values['profile'] = {
  societyType: 'society',
  affiliation: 'supervised',
  disciplines: [],
  industries: [],
  secretaryGeneralFullTime: false,
  fullTimeStaff: 0,
  financeStaff: 0,
  hasIndependentAccount: false,
  partyOrg: 'none',
  councilSize: 0,
  standingCouncilSize: 0,
  hasMemberDatabase: false,
  memberCount: 0,
  hasExpertDatabase: false,
  expertCount: 0,
  foundedYear: null,
};

function profileBody(p: Values['profile'], isEdit: boolean) {
  const { legalRepPhone, secretaryGeneralPhone, ...rest } = p;
  const body: Record<string, unknown> = {
    ...rest,
    legalRepName: blankToNull(rest.legalRepName),
    secretaryGeneralName: blankToNull(rest.secretaryGeneralName),
    website: blankToNull(rest.website),
    foundedYear: rest.foundedYear ?? null,
    disciplines: (rest.disciplines ?? []).map((s) => s.trim()).filter(Boolean),
    industries: (rest.industries ?? []).map((s) => s.trim()).filter(Boolean),
  };
  // phones are shown masked when editing: only a newly typed number replaces one
  if (!isEdit || legalRepPhone?.trim()) body.legalRepPhone = blankToNull(legalRepPhone);
  if (!isEdit || secretaryGeneralPhone?.trim()) body.secretaryGeneralPhone = blankToNull(secretaryGeneralPhone);
  return body;
}

export function SocietyCreatePage() {
  usePageTitle('新增学会');
  const navigate = useNavigate();
  // “新增学会” on an association in the organisation tree comes with that association chosen
  const [sp] = useSearchParams();
  const parentId = sp.get('parentId') ?? undefined;
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<Society>('/societies', {
        method: 'POST',
        body: {
          parentId: v.parentId,
          name: v.name.trim(),
          shortName: blankToNull(v.shortName),
          creditCode: blankToNull(v.creditCode),
          region: blankToNull(v.region),
          contactName: blankToNull(v.contactName),
          contactPhone: blankToNull(v.contactPhone),
          profile: profileBody(v.profile, false),
        },
      }),
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['/societies'] });
      void qc.invalidateQueries({ queryKey: ['orgs/tree'] });
      navigate(`/app/societies/${s.id}`, { replace: true });
    },
    onError: (e) => setErrors(report(e, { form, action: '保存' })),
  });
  return (
    <SocietyForm
      title="新增学会"
      form={form}
      errors={errors}
      initialValues={{ parentId, name: '', profile: newProfile }}
      saving={save.isPending}
      onSubmit={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
      onCancel={() => navigate('/app/societies')}
    />
  );
}

export function SocietyEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const q = useQuery({ queryKey: ['societies', id], queryFn: ({ signal }) => api<Society>(`/societies/${id}`, { signal }) });
  usePageTitle(q.data ? `编辑：${q.data.name}` : '编辑学会');
  const save = useMutation({
    mutationFn: (v: Values) =>
      api<Society>(`/societies/${id}`, {
        method: 'PATCH',
        body: {
          version: q.data!.version,
          reason: blankToNull(v.reason),
          name: v.name.trim(),
          shortName: blankToNull(v.shortName),
          creditCode: blankToNull(v.creditCode),
          region: blankToNull(v.region),
          contactName: blankToNull(v.contactName),
          ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
          profile: profileBody(v.profile, true),
        },
      }),
    onSuccess: (s) => {
      qc.setQueryData(['societies', id], s);
      void qc.invalidateQueries({ queryKey: ['/societies'] });
      void qc.invalidateQueries({ queryKey: ['orgs'] });
      navigate(`/app/societies/${id}`);
    },
    onError: (e) =>
      setErrors(
        report(e, {
          form,
          action: '保存',
          onRefresh: async () => {
            const r = await q.refetch();
            if (r.data) form.setFieldsValue(toValues(r.data));
            setErrors([]);
          },
        }),
      ),
  });

  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const s = q.data;
  return (
    <SocietyForm
      title={`编辑学会档案：${s.name}`}
      form={form}
      errors={errors}
      society={s}
      initialValues={toValues(s)}
      saving={save.isPending}
      onSubmit={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
      onCancel={() => navigate(`/app/societies/${id}`)}
    />
  );
}

function toValues(s: Society): Values {
  const p = s.profile;
  return {
    name: s.name,
    shortName: s.shortName ?? '',
    creditCode: s.creditCode ?? '',
    region: s.region ?? '',
    contactName: s.contactName ?? '',
    contactPhone: '',
    reason: '',
    profile: {
      ...p,
      legalRepName: p.legalRepName ?? '',
      legalRepPhone: '',
      secretaryGeneralName: p.secretaryGeneralName ?? '',
      secretaryGeneralPhone: '',
      website: p.website ?? '',
    },
  };
}

function SocietyForm(props: {
  title: string;
  form: FormInstance<Values>;
  errors: FieldError[];
  society?: Society;
  initialValues: Partial<Values>;
  saving: boolean;
  onSubmit: (v: Values) => void;
  onCancel: () => void;
}) {
  const { form, society } = props;
  const isEdit = !!society;
  const { options } = useDict();
  const assoc = useAssociationOptions();
  const screens = Grid.useBreakpoint();
  const hasMemberDb = Form.useWatch(['profile', 'hasMemberDatabase'], form);
  const hasExpertDb = Form.useWatch(['profile', 'hasExpertDatabase'], form);
  const num = { style: { width: '100%' }, min: 0, precision: 0 } as const;
  const half = { xs: 24, md: 12, xl: 8 } as const;
  const maskedHint = (v: string | null | undefined) => (isEdit && v ? `已登记：${v}；不修改请留空` : undefined);

  return (
    <Form<Values>
      form={form}
      name="society"
      layout="vertical"
      initialValues={props.initialValues}
      onFinish={props.onSubmit}
      onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name, { block: 'center' })}
      scrollToFirstError
      aria-label={props.title}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space wrap>
            <Link to={isEdit ? `/app/societies/${society.id}` : '/app/societies'} aria-label="返回">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {props.title}
            </Typography.Title>
          </Space>
        </Card>
        <FormErrorList errors={props.errors} />
        <Card title="基本信息">
          <Row gutter={16}>
            {!isEdit ? (
              <Col {...half}>
                <Form.Item label="所属科协" name="parentId" rules={[{ required: true, message: '请选择所属科协' }]}>
                  <OrgTreeSelect treeData={assoc.options} placeholder="请选择所属科协" loading={assoc.isLoading} />
                </Form.Item>
              </Col>
            ) : null}
            <Col {...half}>
              <Form.Item label="学会名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入学会名称' }, { min: 2, message: '名称至少 2 个字' }]}>
                <Input maxLength={100} placeholder="如：山东省机械工程学会" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="简称" name="shortName">
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="统一社会信用代码" name="creditCode" rules={[creditCodeRule]} normalize={(v: string) => v?.toUpperCase()}>
                <Input maxLength={18} placeholder="18 位数字或大写字母" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="地区" name="region">
                <Input maxLength={60} placeholder="如：济南市" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="联系人" name="contactName">
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="联系电话" name="contactPhone" rules={[phoneRule]} extra={maskedHint(society?.contactPhone)}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="学会档案">
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item label="类型" name={['profile', 'societyType']} rules={[{ required: true, message: '请选择类型' }]}>
                <Select placeholder="请选择类型" options={options('societyTypes')} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="隶属关系" name={['profile', 'affiliation']} rules={[{ required: true, message: '请选择隶属关系' }]} extra="主管学会或团体会员">
                <Select placeholder="请选择隶属关系" options={options('affiliations')} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="成立年份" name={['profile', 'foundedYear']}>
                <InputNumber {...num} min={1900} max={currentYearCst()} placeholder="如：1956" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="学科领域" name={['profile', 'disciplines']} extra="输入后按回车添加，可填多个">
                <Select mode="tags" placeholder="请输入学科领域" tokenSeparators={['，', ',', '、']} maxCount={20} open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="行业领域" name={['profile', 'industries']} extra="输入后按回车添加，可填多个">
                <Select mode="tags" placeholder="请输入行业领域" tokenSeparators={['，', ',', '、']} maxCount={20} open={false} suffixIcon={null} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="网站" name={['profile', 'website']} rules={[websiteRule]}>
                <Input maxLength={200} placeholder="https://" inputMode="url" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="负责人">
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item label="法定代表人" name={['profile', 'legalRepName']}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="法定代表人电话" name={['profile', 'legalRepPhone']} rules={[phoneRule]} extra={maskedHint(society?.profile.legalRepPhone)}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col xs={0} xl={8} />
            <Col {...half}>
              <Form.Item label="秘书长" name={['profile', 'secretaryGeneralName']}>
                <Input maxLength={30} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="秘书长电话" name={['profile', 'secretaryGeneralPhone']} rules={[phoneRule]} extra={maskedHint(society?.profile.secretaryGeneralPhone)}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="秘书长是否专职" name={['profile', 'secretaryGeneralFullTime']} valuePropName="checked">
                <Switch checkedChildren="专职" unCheckedChildren="兼职" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="机构与人员">
          <Row gutter={16}>
            <Col {...half}>
              <Form.Item label="专职人员数" name={['profile', 'fullTimeStaff']} rules={[{ required: true, message: '请输入专职人员数' }]}>
                <InputNumber {...num} max={100000} suffix="人" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="财务人员数" name={['profile', 'financeStaff']} rules={[{ required: true, message: '请输入财务人员数' }]}>
                <InputNumber {...num} max={10000} suffix="人" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="党组织" name={['profile', 'partyOrg']} rules={[{ required: true, message: '请选择党组织' }]}>
                <Select placeholder="请选择党组织" options={options('partyOrgs')} />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="理事会人数" name={['profile', 'councilSize']} rules={[{ required: true, message: '请输入理事会人数' }]}>
                <InputNumber {...num} max={10000} suffix="人" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item
                label="常务理事会人数"
                name={['profile', 'standingCouncilSize']}
                dependencies={[['profile', 'councilSize']]}
                rules={[
                  { required: true, message: '请输入常务理事会人数' },
                  ({ getFieldValue }) => ({
                    validator: (_, v: number) => {
                      const c = getFieldValue(['profile', 'councilSize']) as number;
                      return c > 0 && v > c ? Promise.reject(new Error('常务理事人数不能多于理事人数')) : Promise.resolve();
                    },
                  }),
                ]}
              >
                <InputNumber {...num} max={10000} suffix="人" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="独立银行账户" name={['profile', 'hasIndependentAccount']} valuePropName="checked">
                <Switch checkedChildren="有" unCheckedChildren="无" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card title="会员与专家">
          <Row gutter={16}>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label="会员库" name={['profile', 'hasMemberDatabase']} valuePropName="checked">
                <Switch checkedChildren="已建立" unCheckedChildren="未建立" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label="会员数" name={['profile', 'memberCount']} rules={[{ required: true, message: '请输入会员数' }]} extra={hasMemberDb ? undefined : '未建会员库时填估计数'}>
                <InputNumber {...num} max={10_000_000} suffix="人" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label="专家库" name={['profile', 'hasExpertDatabase']} valuePropName="checked">
                <Switch checkedChildren="已建立" unCheckedChildren="未建立" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={6}>
              <Form.Item label="专家数" name={['profile', 'expertCount']} rules={[{ required: true, message: '请输入专家数' }]} extra={hasExpertDb ? undefined : '未建专家库时可填 0'}>
                <InputNumber {...num} max={1_000_000} suffix="人" />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        {isEdit ? (
          <Card title="修改说明">
            <Form.Item label="修改原因" name="reason" style={{ marginBottom: 0 }} extra="将记入审计日志，便于日后核对">
              <Input.TextArea rows={2} maxLength={500} placeholder="如：根据 2026 年年检材料更新专职人员数" />
            </Form.Item>
          </Card>
        ) : null}

        <Affix offsetBottom={0}>
          <Card size="small" styles={{ body: { display: 'flex', justifyContent: screens.md ? 'flex-end' : 'stretch', gap: 8 } }}>
            <Button onClick={props.onCancel} block={!screens.md}>
              取消
            </Button>
            <Button type="primary" htmlType="submit" loading={props.saving} block={!screens.md}>
              保存
            </Button>
          </Card>
        </Affix>
      </Space>
    </Form>
  );
}
