// FUN-1, FUN-3: a department writes a transferable item — new draft, edit of a draft, or a change
// (变更) of a published item, which needs a reason and makes a new version.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Affix, Alert, Button, Card, Col, Form, Grid, Input, Row, Select, Skeleton, Space, TreeSelect, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { blankToNull } from '../../shared/formRules';
import { MoneyInput, fenToYuanText, moneyRules, moneyToFen } from '../../shared/MoneyInput';
import type { FieldError } from '../../../contract/common';
import type { TransferItem, TransferItemDetail as ItemDetail } from '../../../contract/transfer';
import { usePageTitle } from '../../shared/usePageTitle';
import { useCategoryTree, useProgramme, useTransferProgrammes } from './common';

interface Values {
  programmeId?: string;
  title: string;
  categoryCode?: string;
  commissioningMode?: string;
  description: string;
  legalBasis?: string;
  budgetYuan?: string | null;
  expectedPeriod?: string;
  requiredQualifications?: string;
  reason?: string;
}

function bodyOf(v: Values) {
  return {
    title: v.title.trim(),
    categoryCode: v.categoryCode,
    commissioningMode: v.commissioningMode,
    description: v.description.trim(),
    legalBasis: blankToNull(v.legalBasis),
    budgetFen: moneyToFen(v.budgetYuan),
    expectedPeriod: blankToNull(v.expectedPeriod),
    requiredQualifications: blankToNull(v.requiredQualifications),
  };
}

/** API field → form field (the budget is typed in 元 here, sent in fen). */
const mapPath = (p: (string | number)[]) => (p[0] === 'budgetFen' ? ['budgetYuan'] : p);

export function ItemCreatePage() {
  usePageTitle('新增事项');
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const programmes = useTransferProgrammes();
  const open = (programmes.data ?? []).filter((p) => p.status === 'published');
  const wanted = sp.get('programmeId');
  // the only open programme, or the one the list was filtered by, is chosen at once
  useEffect(() => {
    if (form.getFieldValue('programmeId')) return;
    const pick = open.find((p) => p.id === wanted)?.id ?? (open.length === 1 ? open[0].id : undefined);
    if (pick) form.setFieldValue('programmeId', pick);
  }, [open, wanted, form]);
  const save = useMutation({
    mutationFn: (v: Values) => api<ItemDetail>('/items', { method: 'POST', body: { programmeId: v.programmeId, ...bodyOf(v) } }),
    onSuccess: (item) => {
      // 201 answers the item as its page reads it
      qc.setQueryData(['items', item.id], item);
      void qc.invalidateQueries({ queryKey: ['/items'] });
      navigate(`/app/items/${item.id}`, { replace: true });
    },
    onError: (e) => setErrors(report(e, { form, action: '保存', mapPath })),
  });
  return (
    <ItemForm
      title="新增可转移职能事项"
      form={form}
      errors={errors}
      programmeOptions={open.map((p) => ({ value: p.id, label: p.name }))}
      programmesLoading={programmes.isLoading}
      initialValues={{ title: '', description: '' }}
      saving={save.isPending}
      backTo="/app/items"
      onSubmit={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
    />
  );
}

export function ItemEditPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const q = useQuery({ queryKey: ['items', id], queryFn: ({ signal }) => api<ItemDetail>(`/items/${id}`, { signal }) });
  const item = q.data;
  const isDraft = item?.status === 'draft';
  usePageTitle(item ? `${isDraft ? '编辑' : '变更'}：${item.title}` : '编辑事项');
  const save = useMutation({
    mutationFn: (v: Values) => api<ItemDetail>(`/items/${id}`, { method: 'PUT', body: { version: item!.version, reason: isDraft ? null : blankToNull(v.reason), ...bodyOf(v) } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['items', id] });
      void qc.invalidateQueries({ queryKey: ['/items'] });
      navigate(`/app/items/${id}${isDraft ? '' : '?tab=revisions'}`);
    },
    onError: (e) =>
      setErrors(
        report(e, {
          form,
          action: '保存',
          mapPath,
          onRefresh: () => void q.refetch(),
        }),
      ),
  });
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !q.data || !item) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const may = q.data.actions.includes(isDraft ? 'edit' : 'amend');
  if (!may) {
    return (
      <Card>
        <Alert
          type="warning"
          showIcon
          title={`该事项当前为“${item.statusLabel}”，不能${isDraft ? '编辑' : '变更'}`}
          description="只有委托部门可以修改本部门的草稿，或变更已发布、已转发学会的事项。"
          action={<Link to={`/app/items/${id}`}>返回事项</Link>}
        />
      </Card>
    );
  }
  return (
    <ItemForm
      key={item.version}
      title={isDraft ? `编辑事项：${item.title}` : `变更事项：${item.title}`}
      form={form}
      errors={errors}
      item={item}
      initialValues={{
        programmeId: item.programmeId,
        title: item.title,
        categoryCode: item.categoryCode,
        commissioningMode: item.commissioningMode,
        description: item.description,
        legalBasis: item.legalBasis ?? '',
        budgetYuan: fenToYuanText(item.budgetFen),
        expectedPeriod: item.expectedPeriod ?? '',
        requiredQualifications: item.requiredQualifications ?? '',
        reason: '',
      }}
      saving={save.isPending}
      backTo={`/app/items/${id}`}
      onSubmit={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
    />
  );
}

function ItemForm(props: {
  title: string;
  form: FormInstance<Values>;
  errors: FieldError[];
  item?: TransferItem;
  programmeOptions?: { value: string; label: string }[];
  programmesLoading?: boolean;
  initialValues: Partial<Values>;
  saving: boolean;
  backTo: string;
  onSubmit: (v: Values) => void;
}) {
  const { form, item } = props;
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { label } = useDict();
  const amending = !!item && item.status !== 'draft';
  const programmeId = Form.useWatch('programmeId', form) ?? item?.programmeId;
  const programme = useProgramme(programmeId);
  const tree = useCategoryTree(programme.data?.categories);
  const modes = useMemo(() => programme.data?.parameters.commissioningModes ?? [], [programme.data]);
  const half = { xs: 24, md: 12 } as const;

  // a programme with one commissioning mode: take it
  useEffect(() => {
    if (modes.length === 1 && !form.getFieldValue('commissioningMode')) form.setFieldValue('commissioningMode', modes[0]);
  }, [modes, form]);

  return (
    <Form<Values>
      form={form}
      name="transferItem"
      layout="vertical"
      initialValues={props.initialValues}
      onFinish={props.onSubmit}
      scrollToFirstError
      aria-label={props.title}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space wrap>
            <Link to={props.backTo} aria-label="返回">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {props.title}
            </Typography.Title>
          </Space>
        </Card>
        {amending ? (
          <Alert
            type="info"
            showIcon
            title={`变更后将生成第 ${item.revision + 1} 版，原版本保留可查；已申报的学会可在事项的“版本记录”中看到变更内容和原因。`}
          />
        ) : null}
        <FormErrorList errors={props.errors} />
        <Card title="事项信息">
          <Row gutter={16}>
            <Col xs={24}>
              {item ? (
                <Form.Item label="所属方案">
                  <Typography.Text>{item.programmeName}</Typography.Text>
                </Form.Item>
              ) : (
                <Form.Item label="所属方案" name="programmeId" rules={[{ required: true, message: '请选择所属方案' }]} extra="只能在本部门所属科协已发布的试点方案中新增事项">
                  <Select
                    placeholder="请选择所属方案"
                    options={props.programmeOptions}
                    loading={props.programmesLoading}
                    onChange={() => form.setFieldsValue({ categoryCode: undefined, commissioningMode: undefined })}
                    notFoundContent="暂无可发布事项的方案"
                  />
                </Form.Item>
              )}
            </Col>
            <Col xs={24}>
              <Form.Item label="事项名称" name="title" rules={[{ required: true, whitespace: true, message: '请输入事项名称' }]}>
                <Input maxLength={120} showCount placeholder="如：省级科研和创新基地运行绩效评估" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="事项类别" name="categoryCode" rules={[{ required: true, message: '请选择事项类别' }]} extra={programmeId ? undefined : '请先选择所属方案'}>
                <TreeSelect
                  placeholder="请选择事项类别"
                  treeData={tree as never}
                  treeDefaultExpandAll
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  disabled={!programmeId}
                  loading={programme.isLoading}
                  popupMatchSelectWidth={screens.md ? 420 : true}
                />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="委托方式" name="commissioningMode" rules={[{ required: true, message: '请选择委托方式' }]}>
                <Select placeholder="请选择委托方式" disabled={!programmeId} options={modes.map((m) => ({ value: m, label: label('commissioningModes', m) }))} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="事项内容" name="description" rules={[{ required: true, whitespace: true, message: '请输入事项内容' }]}>
                <Input.TextArea rows={5} maxLength={4000} showCount placeholder="说明事项的工作内容、范围和要求" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="设定依据" name="legalBasis">
                <Input.TextArea rows={2} maxLength={2000} placeholder="法律法规或政策文件名称及文号" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="预算金额" name="budgetYuan" extra="没有预算可不填" rules={moneyRules({ label: '预算金额' })}>
                <MoneyInput placeholder="如：300000" />
              </Form.Item>
            </Col>
            <Col {...half}>
              <Form.Item label="预计实施期限" name="expectedPeriod">
                <Input maxLength={100} placeholder="如：2026年6月—2026年12月" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item label="承接资质要求" name="requiredQualifications">
                <Input.TextArea rows={2} maxLength={2000} placeholder="如：具有科技评估工作经验和相关领域专家库" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        {amending ? (
          <Card title="变更说明">
            <Form.Item label="变更原因" name="reason" rules={[{ required: true, whitespace: true, message: '请输入变更原因' }]} style={{ marginBottom: 0 }}>
              <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：评估范围扩大到成果转化情况" />
            </Form.Item>
          </Card>
        ) : null}
        <Affix offsetBottom={0}>
          <Card size="small" styles={{ body: { display: 'flex', justifyContent: screens.md ? 'flex-end' : 'stretch', gap: 8 } }}>
            <Button onClick={() => navigate(props.backTo)} block={!screens.md}>
              取消
            </Button>
            <Button type="primary" htmlType="submit" loading={props.saving} block={!screens.md}>
              {amending ? '保存变更' : '保存草稿'}
            </Button>
          </Card>
        </Affix>
      </Space>
    </Form>
  );
}
