// SEL-2, SEL-3: a society declares an item it can undertake — the qualification self-check first
// (every failed condition with its fact), then the capacity statement, plan, contact and evidence.
// The same form serves 补充后重新申报 after the association returned a declaration.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Affix, Alert, App, Button, Card, Descriptions, Form, Grid, Input, Skeleton, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { blankToNull } from '../../shared/formRules';
import { fmtYuan } from '../../shared/format';
import type { TransferItem, TransferItemDetail as ItemDetail } from '../../../contract/transfer';
import type { FieldError } from '../../../contract/common';
import type { Declaration, QualificationResult } from '../../../contract/selection';
import { usePageTitle } from '../../shared/usePageTitle';
import { DeadlineText, MultiLine } from '../transfer/common';
import { EvidenceUpload, evidenceFromAttachments, evidenceIds, type EvidenceFile } from './EvidenceUpload';
import { QualificationCheck } from './QualificationCheck';

interface Values {
  capacityStatement: string;
  plan?: string;
  contactName?: string;
}

const bodyOf = (v: Values, files: EvidenceFile[]) => ({
  capacityStatement: v.capacityStatement.trim(),
  plan: blankToNull(v.plan),
  contactName: blankToNull(v.contactName),
  attachmentIds: evidenceIds(files),
});

function useQualification(itemId: string | undefined) {
  return useQuery({
    queryKey: ['items', itemId, 'qualification'],
    queryFn: ({ signal }) => api<QualificationResult>(`/items/${itemId}/qualification`, { signal }),
    enabled: !!itemId,
    staleTime: 0,
  });
}

/** /app/declare/:itemId — a new declaration. */
export function DeclarationCreatePage() {
  const { itemId = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { data: me } = useMe();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [files, setFiles] = useState<EvidenceFile[]>([]);
  const item = useQuery({ queryKey: ['items', itemId], queryFn: ({ signal }) => api<ItemDetail>(`/items/${itemId}`, { signal }) });
  const qual = useQualification(itemId);
  usePageTitle(item.data ? `申报：${item.data.title}` : '申报可承接事项');
  const save = useMutation({
    mutationFn: (v: Values) => api<Declaration>(`/items/${itemId}/declarations`, { method: 'POST', body: bodyOf(v, files) }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['items', itemId] });
      void qc.invalidateQueries({ queryKey: ['/declarations'] });
      void qc.invalidateQueries({ queryKey: ['/items'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      navigate(`/app/declarations/${r.id}`, { replace: true });
    },
    onError: (e) => setErrors(report(e, { form, action: '提交申报' })),
  });
  if (item.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (item.isError || !item.data) return <Card><QueryError error={item.error} onRetry={() => item.refetch()} /></Card>;
  const d = item.data;
  const own = d.declarations.find((x) => x.societyId === me?.orgId && !['withdrawn', 'closed'].includes(x.status));
  if (!d.actions.includes('declare')) {
    return (
      <Card>
        <Alert
          type={own ? 'info' : 'warning'}
          showIcon
          title={own ? '本学会已申报该事项' : '该事项当前不能申报'}
          description={
            own
              ? `申报状态：${own.statusLabel}。如需补充材料，请在申报详情中操作。`
              : d.status !== 'relayed'
                ? `事项当前为“${d.statusLabel}”，只有科协转发学会后、申报截止前才能申报。`
                : '申报已截止，或您没有申报权限。'
          }
          action={own ? <Link to={`/app/declarations/${own.id}`}>查看申报</Link> : <Link to="/app/declare">返回可申报事项</Link>}
        />
      </Card>
    );
  }
  return (
    <DeclarationForm
      title="申报可承接事项"
      backTo="/app/declare"
      item={d}
      qualification={qual.data}
      qualificationLoading={qual.isLoading}
      qualificationError={qual.error}
      form={form}
      errors={errors}
      files={files}
      onFiles={setFiles}
      initialValues={{ capacityStatement: '', contactName: me?.displayName ?? '' }}
      saving={save.isPending}
      submitText="提交申报"
      onSubmit={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
    />
  );
}

/** /app/declarations/:id/edit — 补充后重新申报 after a return. */
export function DeclarationResubmitPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [files, setFiles] = useState<EvidenceFile[] | null>(null);
  const q = useQuery({ queryKey: ['declarations', id], queryFn: ({ signal }) => api<Declaration>(`/declarations/${id}`, { signal }) });
  const decl = q.data;
  const item = useQuery({ queryKey: ['items', decl?.itemId], queryFn: ({ signal }) => api<ItemDetail>(`/items/${decl!.itemId}`, { signal }), enabled: !!decl });
  const qual = useQualification(decl?.itemId);
  usePageTitle(decl ? `补充申报：${decl.itemTitle}` : '补充申报');
  const currentFiles = files ?? (decl ? evidenceFromAttachments(decl.attachments) : []);
  const save = useMutation({
    mutationFn: (v: Values) => api<Declaration>(`/declarations/${id}`, { method: 'PUT', body: { version: decl!.version, ...bodyOf(v, currentFiles) } }),
    onSuccess: (r) => {
      qc.setQueryData(['declarations', id], r);
      void qc.invalidateQueries({ queryKey: ['/declarations'] });
      void qc.invalidateQueries({ queryKey: ['todos/counts'] });
      navigate(`/app/declarations/${id}`, { replace: true });
    },
    onError: (e) => setErrors(report(e, { form, action: '重新申报', onRefresh: () => void q.refetch() })),
  });
  if (q.isLoading || item.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !decl) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  if (item.isError || !item.data) return <Card><QueryError error={item.error} onRetry={() => item.refetch()} /></Card>;
  if (!decl.actions.includes('resubmit')) {
    return (
      <Card>
        <Alert type="warning" showIcon title={`申报当前为“${decl.statusLabel}”，不能重新申报`} action={<Link to={`/app/declarations/${id}`}>查看申报</Link>} />
      </Card>
    );
  }
  return (
    <DeclarationForm
      title="补充后重新申报"
      backTo={`/app/declarations/${id}`}
      item={item.data}
      returnOpinion={decl.reviewOpinion}
      qualification={qual.data}
      qualificationLoading={qual.isLoading}
      qualificationError={qual.error}
      form={form}
      errors={errors}
      files={currentFiles}
      onFiles={setFiles}
      initialValues={{ capacityStatement: decl.capacityStatement, plan: decl.plan ?? '', contactName: decl.contactName ?? '' }}
      saving={save.isPending}
      submitText="重新提交申报"
      onSubmit={(v) => {
        setErrors([]);
        save.mutate(v);
      }}
    />
  );
}

function DeclarationForm(props: {
  title: string;
  backTo: string;
  item: TransferItem;
  returnOpinion?: string | null;
  qualification?: QualificationResult;
  qualificationLoading: boolean;
  qualificationError: unknown;
  form: FormInstance<Values>;
  errors: FieldError[];
  files: EvidenceFile[];
  onFiles: (f: EvidenceFile[]) => void;
  initialValues: Partial<Values>;
  saving: boolean;
  submitText: string;
  onSubmit: (v: Values) => void;
}) {
  const { item, qualification: qual, form } = props;
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { modal, message } = App.useApp();
  const uploading = props.files.some((f) => f.status === 'uploading');

  const submit = (v: Values) => {
    if (uploading) {
      message.warning('还有文件正在上传，请稍候再提交');
      return;
    }
    const failed = qual?.failed ?? 0;
    modal.confirm({
      title: failed ? `有 ${failed} 项资格条件不符合，仍要提交吗？` : `${props.submitText}？`,
      content: failed
        ? '不符合资格条件的学会科协不能推荐。如档案或年度情况有误，建议先联系科协更正。'
        : `将向${item.associationName}提交申报“${item.title}”，科协审核前可以撤回。`,
      okText: props.submitText,
      okButtonProps: failed ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => props.onSubmit(v),
    });
  };

  return (
    <Form<Values> form={form} name="declaration" layout="vertical" initialValues={props.initialValues} onFinish={submit} scrollToFirstError aria-label={props.title}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card>
          <Space orientation="vertical" size={6} style={{ width: '100%' }}>
            <Space wrap>
              <Link to={props.backTo} aria-label="返回">
                <ArrowLeftOutlined />
              </Link>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {props.title}：{item.title}
              </Typography.Title>
            </Space>
            <DeadlineText deadline={item.declarationDeadline} />
          </Space>
        </Card>
        {props.returnOpinion ? <Alert type="warning" showIcon title="科协退回补充的意见" description={props.returnOpinion} /> : null}
        <Card title="事项概要" size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'd', label: '委托部门', children: item.departmentName },
              { key: 'c', label: '事项类别', children: item.categoryLabel },
              { key: 'm', label: '委托方式', children: item.commissioningModeLabel },
              { key: 'b', label: '预算金额', children: fmtYuan(item.budgetFen, '无') },
              { key: 'p', label: '预计实施期限', children: item.expectedPeriod || '—' },
              { key: 'q', label: '承接资质要求', children: <MultiLine text={item.requiredQualifications} empty="无特别要求" /> },
              { key: 'desc', label: '事项内容', children: <MultiLine text={item.description} />, span: 'filled' },
            ]}
          />
          <Link to={`/app/items/${item.id}`}>查看事项详情</Link>
        </Card>
        <Card title="第一步：资格自查" extra={<Typography.Text type="secondary">依据本学会档案和年度情况自动核对</Typography.Text>} styles={{ header: { flexWrap: 'wrap' } }}>
          {props.qualificationLoading ? (
            <Skeleton active />
          ) : qual ? (
            <QualificationCheck result={qual} audience="society" />
          ) : (
            <QueryError error={props.qualificationError} compact />
          )}
        </Card>
        <Card title="第二步：填写申报材料">
          <FormErrorList errors={props.errors} />
          <Form.Item
            label="承接能力说明"
            name="capacityStatement"
            rules={[
              { required: true, whitespace: true, message: '请输入承接能力说明' },
              { min: 10, message: '承接能力说明至少 10 个字' },
            ]}
            extra="说明本学会承接该事项的组织、人员、专家资源和相关工作经验"
          >
            <Input.TextArea rows={6} maxLength={4000} showCount placeholder="如：本会设有科技评估专业委员会，近三年承担省级评估项目 5 项，专家库 300 人……" />
          </Form.Item>
          <Form.Item label="承接设想" name="plan" extra="如何组织实施、进度安排和质量保障">
            <Input.TextArea rows={4} maxLength={4000} showCount />
          </Form.Item>
          <Form.Item label="联系人" name="contactName">
            <Input maxLength={30} style={{ maxWidth: 320 }} />
          </Form.Item>
          <Form.Item label="证明材料" extra="如年检结论、资质证书、同类项目合同或成果等">
            <EvidenceUpload value={props.files} onChange={props.onFiles} />
          </Form.Item>
        </Card>
        <Affix offsetBottom={0}>
          <Card size="small" styles={{ body: { display: 'flex', justifyContent: screens.md ? 'flex-end' : 'stretch', gap: 8 } }}>
            <Button onClick={() => navigate(props.backTo)} block={!screens.md}>
              取消
            </Button>
            <Button type="primary" htmlType="submit" loading={props.saving} disabled={uploading} block={!screens.md}>
              {props.submitText}
            </Button>
          </Card>
        </Affix>
      </Space>
    </Form>
  );
}
