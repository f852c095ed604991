// Create or edit a user (roles limited to those the unit's type allows), and reset a password.
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { useDict } from '../../shared/dictionaries';
import { FormErrorList, useErrorReporter } from '../../shared/errors';
import { PASSWORD_RULE_TEXT, blankToNull, checkPasswordStrength, emailRule, idNumberRule, phoneRule, usernameRule } from '../../shared/formRules';
import { flattenOrgs, OrgTreeSelect, toTreeOptions } from '../../shared/orgTree';
import type { FieldError } from '../../../contract/common';
import type { User, UserListItem } from '../../../contract/users';
import type { OrgNode } from '../../../contract/orgs';

interface Values {
  orgId?: string;
  username?: string;
  displayName: string;
  password?: string;
  roles: string[];
  title?: string;
  phone?: string;
  email?: string;
  idNumber?: string;
  expertFields?: string[];
  conflictOrgIds?: string[];
  conflictNote?: string;
  reason?: string;
}

export function passwordValidator(getUsername: () => string | undefined) {
  return (_: unknown, v: string | undefined) => {
    if (!v) return Promise.resolve();
    const problems = checkPasswordStrength(v, { username: getUsername() });
    return problems.length ? Promise.reject(new Error(problems.join('；'))) : Promise.resolve();
  };
}

export function UserFormModal(props: { user: User | null; orgTree: OrgNode[]; onClose: () => void; onSaved: () => void; onRefresh: () => void }) {
  const { user } = props;
  const isEdit = !!user;
  const [form] = Form.useForm<Values>();
  const { data: dicts } = useDict();
  const report = useErrorReporter();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const orgId = Form.useWatch('orgId', form);
  const roles = Form.useWatch('roles', form);
  const orgsById = useMemo(() => new Map(flattenOrgs(props.orgTree).map((o) => [o.id, o])), [props.orgTree]);
  const orgType = isEdit ? user.orgType : orgsById.get(orgId ?? '')?.type;
  const roleOptions = (dicts?.roles ?? []).filter((r) => (orgType ? r.orgTypes.includes(orgType) : false)).map((r) => ({ value: r.value, label: r.label }));
  const isExpert = (roles ?? []).includes('expert');
  const treeOptions = useMemo(() => toTreeOptions(props.orgTree), [props.orgTree]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const expert = (v.roles ?? []).includes('expert');
      const expertBody = {
        expertFields: expert ? (v.expertFields ?? []).map((s) => s.trim()).filter(Boolean) : [],
        conflictOrgIds: expert ? (v.conflictOrgIds ?? []) : [],
        conflictNote: expert ? blankToNull(v.conflictNote) : null,
      };
      if (!isEdit) {
        return api<User>('/users', {
          method: 'POST',
          body: {
            orgId: v.orgId,
            username: v.username?.trim().toLowerCase(),
            displayName: v.displayName.trim(),
            password: v.password,
            roles: v.roles,
            title: blankToNull(v.title),
            phone: blankToNull(v.phone),
            email: blankToNull(v.email),
            idNumber: blankToNull(v.idNumber)?.toUpperCase() ?? null,
            ...expertBody,
          },
        });
      }
      return api<User>(`/users/${user.id}`, {
        method: 'PATCH',
        body: {
          version: user.version,
          reason: blankToNull(v.reason),
          displayName: v.displayName.trim(),
          roles: v.roles,
          title: blankToNull(v.title),
          // masked in the list: only newly typed values replace them
          ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          ...(v.email?.trim() ? { email: v.email.trim() } : {}),
          ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
          ...expertBody,
        },
      });
    },
    onSuccess: props.onSaved,
    onError: (e) => setErrors(report(e, { form, onRefresh: props.onRefresh, action: '保存' })),
  });

  const masked = (v: string | null | undefined) => (isEdit && v ? `已登记：${v}；不修改请留空` : undefined);

  return (
    <Modal
      open
      title={isEdit ? `编辑用户：${user.displayName}（${user.username}）` : '新增用户'}
      okText="保存"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={save.isPending}
      width={760}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <FormErrorList errors={errors} />
      <Form<Values>
        form={form}
        name="user"
        layout="vertical"
        aria-label={isEdit ? '编辑用户' : '新增用户'}
        initialValues={
          isEdit
            ? {
                displayName: user.displayName,
                roles: user.roles,
                title: user.title ?? '',
                expertFields: user.expertFields,
                conflictOrgIds: user.conflictOrgIds,
                conflictNote: user.conflictNote ?? '',
              }
            : { roles: [] }
        }
        onValuesChange={(changed: Partial<Values>) => {
          // roles that the newly chosen unit's type does not allow are dropped
          if ('orgId' in changed) {
            const t = orgsById.get(changed.orgId ?? '')?.type;
            const allowed = new Set((dicts?.roles ?? []).filter((r) => t && r.orgTypes.includes(t)).map((r) => r.value));
            form.setFieldValue('roles', (form.getFieldValue('roles') as string[]).filter((r) => allowed.has(r)));
          }
        }}
        onFinish={(v) => {
          setErrors([]);
          save.mutate(v);
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            {isEdit ? (
              <Form.Item label="单位">
                <Input value={user.orgName} disabled />
              </Form.Item>
            ) : (
              <Form.Item label="单位" name="orgId" rules={[{ required: true, message: '请选择单位' }]}>
                <OrgTreeSelect treeData={treeOptions} placeholder="请选择单位" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            {isEdit ? (
              <Form.Item label="用户名">
                <Input value={user.username} disabled />
              </Form.Item>
            ) : (
              <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }, usernameRule]} normalize={(v: string) => v?.toLowerCase()}>
                <Input maxLength={32} autoComplete="off" placeholder="如：zhang.san" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { min: 2, message: '姓名至少 2 个字' }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="职务" name="title">
              <Input maxLength={60} placeholder="选填，如：学会部部长" />
            </Form.Item>
          </Col>
          {!isEdit ? (
            <Col xs={24}>
              <Form.Item
                label="初始密码"
                name="password"
                extra={`密码规则：${PASSWORD_RULE_TEXT}。用户首次登录后请及时修改。`}
                dependencies={['username']}
                rules={[{ required: true, message: '请输入初始密码' }, { validator: passwordValidator(() => form.getFieldValue('username')) }]}
              >
                <Input.Password maxLength={128} autoComplete="new-password" />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24}>
            <Form.Item
              label="角色"
              name="roles"
              rules={[{ required: true, type: 'array', min: 1, message: '请选择至少一个角色' }]}
              extra={!isEdit && !orgId ? '请先选择单位，可选角色取决于单位类型' : undefined}
            >
              <Select mode="multiple" placeholder="请选择角色" options={roleOptions} showSearch={{ optionFilterProp: 'label' }} disabled={!isEdit && !orgId} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="电话" name="phone" rules={[phoneRule]} extra={masked(user?.phone)}>
              <Input maxLength={20} inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="邮箱" name="email" rules={[emailRule]} extra={masked(user?.email)}>
              <Input maxLength={120} inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="身份证号" name="idNumber" rules={[idNumberRule]} extra={masked(user?.idNumber)}>
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          {isExpert ? (
            <>
              <Col xs={24}>
                <Alert type="info" showIcon style={{ marginBottom: 16 }} title="评审专家需填写专业领域和回避单位，评审分配时将自动回避。" />
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="专家领域" name="expertFields" extra="输入后按回车添加">
                  <Select mode="tags" placeholder="请输入专家领域" open={false} suffixIcon={null} tokenSeparators={['，', ',', '、']} maxCount={20} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item label="回避单位" name="conflictOrgIds">
                  <OrgTreeSelect treeData={treeOptions} multiple placeholder="请选择回避单位" maxTagCount="responsive" />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item label="回避说明" name="conflictNote">
                  <Input.TextArea rows={2} maxLength={500} placeholder="如：曾任该学会理事" />
                </Form.Item>
              </Col>
            </>
          ) : null}
          {isEdit ? (
            <Col xs={24}>
              <Form.Item label="修改原因" name="reason" extra="选填；修改角色时建议说明原因。修改角色后该用户需重新登录。">
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
    </Modal>
  );
}

export function ResetPasswordModal({ user, onClose }: { user: Pick<UserListItem, 'id' | 'username' | 'displayName'>; onClose: () => void }) {
  const [form] = Form.useForm<{ newPassword: string; confirm: string; reason?: string }>();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { newPassword: string; reason?: string }) =>
      api<User>(`/users/${user.id}/password`, { method: 'POST', body: { newPassword: v.newPassword, reason: blankToNull(v.reason) } }),
    onSuccess: () => {
      message.success(`已重置 ${user.displayName} 的密码，该用户已被退出登录`);
      onClose();
    },
    onError: (e) => report(e, { form, action: '重置密码' }),
  });
  return (
    <Modal
      open
      title={`重置密码：${user.displayName}（${user.username}）`}
      okText="重置密码"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="重置后该用户的所有登录会话将失效，须使用新密码重新登录。请通过安全渠道把新密码告知本人。" />
      <Form form={form} name="resetPassword" layout="vertical" onFinish={(v) => save.mutate(v)} aria-label="重置密码">
        <Form.Item
          label="新密码"
          name="newPassword"
          extra={`密码规则：${PASSWORD_RULE_TEXT}`}
          rules={[{ required: true, message: '请输入新密码' }, { validator: passwordValidator(() => user.username) }]}
        >
          <Input.Password maxLength={128} autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="确认新密码"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
            }),
          ]}
        >
          <Input.Password maxLength={128} autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="重置原因" name="reason">
          <Input.TextArea rows={2} maxLength={500} placeholder="选填，如：本人遗忘密码，电话核实身份后重置" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
