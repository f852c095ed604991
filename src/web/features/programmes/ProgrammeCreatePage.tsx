// PRG-2: a new programme starts from one of the five presets (one per seed policy document).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { DictTag, useDict } from '../../shared/dictionaries';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { currentYearCst } from '../../shared/format';
import { OrgTreeSelect, useAssociationOptions } from '../../shared/orgTree';
import type { FieldError } from '../../../contract/common';
import type { Preset, PresetList, Programme } from '../../../contract/programmes';
import { usePageTitle } from '../../shared/usePageTitle';

interface Values {
  presetCode?: string;
  associationId?: string;
  year: number;
  name: string;
  description?: string;
}

export function suggestedName(p: Preset | undefined, year: number | undefined): string {
  if (!p || !year) return '';
  return `${year}年${p.title}${/(方案|计划)$/.test(p.title) ? '' : '方案'}`;
}

function PresetPicker({ presets, value, onChange, id }: { presets: Preset[]; value?: string; onChange?: (v: string) => void; id?: string }) {
  const { label } = useDict();
  return (
    <Radio.Group id={id} value={value} onChange={(e) => onChange?.(e.target.value as string)} style={{ width: '100%' }} aria-label="预置方案">
      <Row gutter={[12, 12]}>
        {presets.map((p) => (
          <Col xs={24} md={12} xl={8} key={p.code}>
            <Card
              size="small"
              hoverable
              onClick={() => onChange?.(p.code)}
              style={{ height: '100%', borderColor: value === p.code ? '#1456c8' : undefined, boxShadow: value === p.code ? '0 0 0 2px rgba(20,86,200,0.2)' : undefined }}
            >
              <Radio value={p.code} style={{ alignItems: 'flex-start' }}>
                <Space orientation="vertical" size={4}>
                  <Typography.Text strong>{p.title}</Typography.Text>
                  <Space size={4} wrap>
                    <Tag>{p.region}</Tag>
                    <Tag>{label('associationLevels', p.level)}</Tag>
                    <DictTag dict="programmeKinds" value={p.kind} />
                  </Space>
                  <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }} ellipsis={{ rows: 3, tooltip: p.seedTitle }}>
                    依据：{p.seedTitle}
                  </Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.stages.length} 个阶段 · 发文：{p.issuer}
                  </Typography.Text>
                </Space>
              </Radio>
            </Card>
          </Col>
        ))}
      </Row>
    </Radio.Group>
  );
}

export function ProgrammeCreatePage() {
  usePageTitle('新建方案');
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const presets = useQuery({ queryKey: ['presets'], queryFn: () => api<PresetList>('/presets').then((r) => r.items), staleTime: Infinity });
  const assoc = useAssociationOptions();
  const nameTouched = useRef(false);
  const presetCode = Form.useWatch('presetCode', form);
  const year = Form.useWatch('year', form);

  useEffect(() => {
    if (nameTouched.current) return;
    const p = presets.data?.find((x) => x.code === presetCode);
    if (p) form.setFieldValue('name', suggestedName(p, year));
  }, [presetCode, year, presets.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      api<Programme>('/programmes', {
        method: 'POST',
        body: { associationId: v.associationId, presetCode: v.presetCode, name: v.name.trim(), year: v.year, description: v.description?.trim() || null },
      }),
    onSuccess: (p) => {
      void qc.invalidateQueries({ queryKey: ['/programmes'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      // a draft is seen only by its own association: one made for a lower association goes to it
      if (p.associationId !== me?.orgId) {
        void message.success(`方案草稿已建立，由${p.associationName}继续完善并发布`);
        navigate('/app/programmes', { replace: true });
      } else navigate(`/app/programmes/${p.id}`, { replace: true });
    },
    onError: (e) => setErrors(report(e, { form, action: '新建方案' })),
  });

  if (presets.isError) return <Card><QueryError error={presets.error} onRetry={() => presets.refetch()} /></Card>;

  return (
    <Form<Values>
      form={form}
      name="newProgramme"
      layout="vertical"
      initialValues={{ year: currentYearCst(), associationId: me?.orgType === 'association' ? me.orgId : undefined }}
      onFinish={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
      onValuesChange={(c: Partial<Values>) => {
        if ('name' in c) nameTouched.current = true;
      }}
      scrollToFirstError
      aria-label="新建方案"
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space>
            <Link to="/app/programmes" aria-label="返回方案列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              新建方案
            </Typography.Title>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            选择一份预置方案作为起点。预置方案按政策文件给出了阶段、内容类别和政策参数，新建后可以逐项修改，修改完成后再发布。
          </Typography.Paragraph>
        </Card>
        <FormErrorList errors={errors} />
        <Card title="选择预置方案">
          {presets.isLoading ? (
            <Skeleton active />
          ) : (
            <Form.Item name="presetCode" rules={[{ required: true, message: '请选择预置方案' }]} style={{ marginBottom: 0 }}>
              <PresetPicker presets={presets.data ?? []} />
            </Form.Item>
          )}
        </Card>
        <Card title="方案信息">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item label="所属科协" name="associationId" rules={[{ required: true, message: '请选择所属科协' }]}>
                <OrgTreeSelect treeData={assoc.options} placeholder="请选择所属科协" loading={assoc.isLoading} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="年度" name="year" rules={[{ required: true, message: '请输入年度' }]} extra="阶段日期按该年度生成">
                <InputNumber min={2015} max={2100} precision={0} style={{ width: '100%' }} suffix="年" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                label="方案名称"
                name="name"
                rules={[{ required: true, whitespace: true, message: '请输入方案名称' }, { min: 4, message: '名称至少 4 个字' }]}
                extra="选择预置方案后自动填写，可修改"
              >
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="方案说明" name="description">
                <Input.TextArea rows={3} maxLength={2000} showCount placeholder="选填：方案的目标、原则和范围" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button onClick={() => navigate('/app/programmes')}>取消</Button>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
          </Space>
        </Card>
      </Space>
    </Form>
  );
}
