// Add a lower association (下级单位) or a participant (参与单位: department, review office, finance
// bureau, evaluator) to an association, or edit a unit (version sent; API field errors on the fields).
import { useMutation } from '@tanstack/react-query';
import { Alert, Col, Form, Input, Modal, Row, Select, Switch } from 'antd';
import { useState } from 'react';
import { api } from '../../shared/api';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { blankToNull, creditCodeRule, phoneRule } from '../../shared/formRules';
import type { FieldError } from '../../../contract/common';
import { orgRelationOf, orgRelationLabels, type OrgDetail, type OrgRelation } from '../../../contract/orgs';
import type { OrgType } from '../../../domain/access/roles';

const LEVEL_ORDER = ['national', 'provincial', 'city', 'county'];

interface Values {
  type?: string;
  name: string;
  shortName?: string;
  level?: string;
  officeKind?: string;
  creditCode?: string;
  region?: string;
  contactName?: string;
  contactPhone?: string;
  isActive?: boolean;
  reason?: string;
}

export function OrgFormModal(props: {
  mode: 'create' | 'edit';
  /** what to add below the association (create) */
  relation?: OrgRelation;
  org: OrgDetail;
  onClose: () => void;
  onSaved: (o: OrgDetail) => void;
  onRefresh: () => void;
}) {
  const { mode, org } = props;
  const relation = props.relation ?? 'participant';
  const [form] = Form.useForm<Values>();
  const { options } = useDict();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const type = Form.useWatch('type', form);
  const effectiveType = mode === 'create' ? type : org.type;

  const save = useMutation({
    mutationFn: (v: Values) => {
      if (mode === 'create') {
        return api<OrgDetail>('/orgs', {
          method: 'POST',
          body: {
            parentId: org.id,
            type: v.type,
            name: v.name.trim(),
            shortName: blankToNull(v.shortName),
            level: v.type === 'association' ? v.level : null,
            officeKind: v.type === 'review_office' ? v.officeKind : null,
            creditCode: blankToNull(v.creditCode),
            region: blankToNull(v.region),
            contactName: blankToNull(v.contactName),
            contactPhone: blankToNull(v.contactPhone),
          },
        });
      }
      return api<OrgDetail>(`/orgs/${org.id}`, {
        method: 'PATCH',
        body: {
          version: org.version,
          reason: blankToNull(v.reason),
          name: v.name.trim(),
          shortName: blankToNull(v.shortName),
          ...(org.type === 'review_office' ? { officeKind: v.officeKind } : {}),
          creditCode: blankToNull(v.creditCode),
          region: blankToNull(v.region),
          contactName: blankToNull(v.contactName),
          // the phone is shown masked: only a newly typed number replaces it
          ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
          isActive: v.isActive,
        },
      });
    },
    onSuccess: (o) => props.onSaved(o),
    onError: (e) => setErrors(report(e, { form, onRefresh: props.onRefresh, action: '保存' })),
  });

  const levelOptions = options('associationLevels').filter((l) => LEVEL_ORDER.indexOf(l.value) > LEVEL_ORDER.indexOf(org.level ?? 'national'));

  return (
    <Modal
      open
      title={mode === 'create' ? `新增${orgRelationLabels[relation]}（${relation === 'subordinate' ? '上级' : '所属科协'}：${org.name}）` : `编辑单位：${org.name}`}
      okText="保存"
      cancelText="取消"
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={720}
      mask={{ closable: false }}
    >
      <FormErrorList errors={errors} />
      <Form<Values>
        form={form}
        name="org"
        layout="vertical"
        onFinish={(v) => {
          setErrors([]);
          save.mutate(v);
        }}
        initialValues={
          mode === 'create'
            ? relation === 'subordinate'
              ? { type: 'association' }
              : {}
            : {
                name: org.name,
                shortName: org.shortName ?? '',
                officeKind: org.officeKind ?? undefined,
                creditCode: org.creditCode ?? '',
                region: org.region ?? '',
                contactName: org.contactName ?? '',
                contactPhone: '',
                isActive: org.isActive,
              }
        }
        aria-label={mode === 'create' ? `新增${orgRelationLabels[relation]}` : '编辑单位'}
      >
        <Row gutter={16}>
          {mode === 'create' ? (
            <Col xs={24} md={12}>
              <Form.Item
                label="单位类型"
                name="type"
                rules={[{ required: true, message: '请选择单位类型' }]}
                extra={relation === 'subordinate' ? '下级单位为下级科协；学会请用“新增学会”登记' : '参与单位参与本科协的承接工作，不是本科协的下级单位'}
              >
                <Select
                  placeholder="请选择单位类型"
                  disabled={relation === 'subordinate'}
                  options={options('orgTypes').filter((o) => o.value !== 'society' && orgRelationOf(o.value as OrgType) === relation)}
                />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item label="单位名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入单位名称' }, { min: 2, message: '名称至少 2 个字' }]}>
              <Input maxLength={100} placeholder="请输入单位全称" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="简称" name="shortName">
              <Input maxLength={30} placeholder="如：省科协" />
            </Form.Item>
          </Col>
          {effectiveType === 'association' && mode === 'create' ? (
            <Col xs={24} md={12}>
              <Form.Item label="科协层级" name="level" rules={[{ required: true, message: '请选择科协层级' }]} extra="下级科协的层级须低于上级科协">
                <Select placeholder="请选择科协层级" options={levelOptions} />
              </Form.Item>
            </Col>
          ) : null}
          {effectiveType === 'review_office' ? (
            <Col xs={24} md={12}>
              <Form.Item label="审核部门类别" name="officeKind" rules={[{ required: true, message: '请选择审核部门类别' }]}>
                <Select placeholder="请选择审核部门类别" options={options('officeKinds')} />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item label="统一社会信用代码" name="creditCode" rules={[creditCodeRule]} normalize={(v: string) => v?.toUpperCase()}>
              <Input maxLength={18} placeholder="18 位数字或大写字母" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="地区" name="region">
              <Input maxLength={60} placeholder="如：济南市" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="联系人" name="contactName">
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="联系电话"
              name="contactPhone"
              rules={[phoneRule]}
              extra={mode === 'edit' && org.contactPhone ? `已登记：${org.contactPhone}；不修改请留空` : undefined}
            >
              <Input maxLength={20} inputMode="tel" placeholder={mode === 'edit' && org.contactPhone ? '如需更换请输入新号码' : '如：0531-86000001'} />
            </Form.Item>
          </Col>
          {mode === 'edit' ? (
            <>
              <Col xs={24} md={12}>
                <Form.Item label="启用" name="isActive" valuePropName="checked" extra="停用后该单位的用户不能登录">
                  <Switch checkedChildren="启用" unCheckedChildren="停用" />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item label="修改原因" name="reason">
                  <Input.TextArea maxLength={500} rows={2} placeholder="选填，将记入审计日志" />
                </Form.Item>
              </Col>
            </>
          ) : null}
        </Row>
        {mode === 'create' && relation === 'subordinate' && !levelOptions.length ? (
          <Alert type="warning" showIcon title="该科协已是最低层级，不能再新增下级科协" />
        ) : null}
      </Form>
    </Modal>
  );
}
