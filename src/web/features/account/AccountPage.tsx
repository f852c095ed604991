// 个人设置: change one's own password; bind or unbind the TOTP second factor.
import { CheckCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, QRCode, Result, Row, Space, Steps, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { ME_KEY, useMe } from '../../shared/auth';
import { useErrorReporter } from '../../shared/errors';
import { PASSWORD_RULE_TEXT } from '../../shared/formRules';
import { usePageTitle } from '../../shared/usePageTitle';
import { passwordValidator } from '../users/UserFormModal';
import type { TotpSetup } from '../../../contract/auth';

export function AccountPage() {
  usePageTitle('个人设置');
  const { data: me } = useMe();
  const [sp, setSp] = useSearchParams();
  const tab = me?.mustChangePassword ? 'password' : me?.needsTotpEnrollment ? 'totp' : sp.get('tab') === 'totp' ? 'totp' : sp.get('tab') === 'password' ? 'password' : 'profile';
  if (!me) return null;
  return (
    <Card styles={{ body: { paddingTop: 8 } }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSp({ tab: k }, { replace: true })}
        items={[
          {
            key: 'profile',
            label: '基本资料',
            disabled: me.needsTotpEnrollment || me.mustChangePassword,
            children: (
              <Descriptions
                bordered
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'u', label: '用户名', children: me.username },
                  { key: 'n', label: '姓名', children: me.displayName },
                  { key: 'o', label: '所在单位', children: me.orgName },
                  { key: 'r', label: '角色', children: me.roleLabels.map((l) => <Tag key={l} color="blue">{l}</Tag>) },
                  { key: 't', label: '动态验证码', children: me.totpEnabled ? <Tag color="green">已绑定</Tag> : <Tag>未绑定</Tag> },
                ]}
              />
            ),
          },
          { key: 'password', label: '修改密码', children: <PasswordForm username={me.username} mustChange={!!me.mustChangePassword} /> },
          { key: 'totp', label: '动态验证码', disabled: me.mustChangePassword, children: <TotpPanel enabled={me.totpEnabled} mustEnrol={me.needsTotpEnrollment} /> },
        ]}
      />
    </Card>
  );
}

function PasswordForm({ username, mustChange }: { username: string; mustChange: boolean }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; confirm: string }>();
  const report = useErrorReporter();
  const { message } = App.useApp();
  // the one-time password has just been replaced: say what is next instead of an empty form again
  const [unheld, setUnheld] = useState(false);
  const save = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      api('/auth/password', { method: 'POST', body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }),
    onSuccess: () => {
      form.resetFields();
      if (mustChange) {
        message.success('密码已修改');
        setUnheld(true);
        void qc.invalidateQueries({ queryKey: ME_KEY }); // the hold is lifted: reload who I am
      } else {
        message.success('密码已修改。其他设备上的登录已失效，本设备保持登录。');
      }
    },
    onError: (e) => report(e, { form, action: '修改密码' }),
  });
  if (unheld && !mustChange) {
    return (
      <Result
        status="success"
        title="密码已修改"
        subTitle="一次性密码已失效，今后请用新密码登录。现在可以使用平台的全部功能。"
        extra={
          <Button type="primary" onClick={() => navigate('/app')}>
            进入工作台
          </Button>
        }
      />
    );
  }
  return (
    <Row>
      <Col xs={24} md={16} lg={12}>
        {mustChange && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="请先修改一次性密码：修改之前，平台的其他功能不可用。" />}
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`密码规则：${PASSWORD_RULE_TEXT}。`} />
        <Form form={form} name="password" layout="vertical" onFinish={(v) => save.mutate(v)} aria-label="修改密码">
          <Form.Item
            label="当前密码"
            name="currentPassword"
            extra={mustChange ? '即您刚才登录时使用的一次性密码' : undefined}
            rules={[{ required: true, message: '请输入当前密码' }]}
          >
            <Input.Password maxLength={128} autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            rules={[
              { required: true, message: '请输入新密码' },
              { validator: passwordValidator(() => username) },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v && v === getFieldValue('currentPassword') ? Promise.reject(new Error('新密码不能与当前密码相同')) : Promise.resolve()),
              }),
            ]}
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
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            修改密码
          </Button>
        </Form>
      </Col>
    </Row>
  );
}

function TotpPanel({ enabled, mustEnrol }: { enabled: boolean; mustEnrol: boolean }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const [secret, setSecret] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [codeForm] = Form.useForm<{ code: string }>();
  const [disableForm] = Form.useForm<{ password: string }>();
  const [justEnabled, setJustEnabled] = useState(false);

  const setup = useMutation({
    mutationFn: () => api<TotpSetup>('/auth/totp/setup', { method: 'POST', body: {} }),
    onSuccess: setSecret,
    onError: (e) => report(e),
  });
  const enable = useMutation({
    mutationFn: (code: string) => api('/auth/totp/enable', { method: 'POST', body: { code } }),
    onSuccess: async () => {
      setSecret(null);
      setJustEnabled(true);
      await qc.invalidateQueries({ queryKey: ME_KEY });
      message.success('动态验证码已绑定，今后登录时需输入验证码');
    },
    onError: (e) => report(e, { form: codeForm, action: '绑定' }),
  });
  const disable = useMutation({
    mutationFn: (password: string) => api('/auth/totp/disable', { method: 'POST', body: { password } }),
    onSuccess: async () => {
      disableForm.resetFields();
      await qc.invalidateQueries({ queryKey: ME_KEY });
      message.success('已解绑动态验证码');
    },
    onError: (e) => report(e, { form: disableForm, action: '解绑' }),
  });

  if (justEnabled && enabled) {
    return (
      <Result
        status="success"
        title="动态验证码已绑定"
        subTitle="今后登录时，请在输入密码后再输入验证器中显示的 6 位数字。"
        extra={
          <Button type="primary" onClick={() => navigate('/app')}>
            进入工作台
          </Button>
        }
      />
    );
  }

  if (enabled) {
    return (
      <Row>
        <Col xs={24} md={16} lg={12}>
          <Alert type="success" showIcon icon={<CheckCircleOutlined />} style={{ marginBottom: 16 }} title="已绑定动态验证码" description="登录时需输入验证器中显示的 6 位数字。" />
          <Typography.Title level={5}>解绑动态验证码</Typography.Title>
          <Typography.Paragraph type="secondary">解绑后登录只需密码，账号安全性将降低。平台要求管理员使用动态验证码时，管理员不能解绑。</Typography.Paragraph>
          <Form form={disableForm} name="totpDisable" layout="vertical" onFinish={(v) => disable.mutate(v.password)} aria-label="解绑动态验证码">
            <Form.Item label="登录密码" name="password" rules={[{ required: true, message: '请输入登录密码以确认身份' }]}>
              <Input.Password maxLength={128} autoComplete="current-password" />
            </Form.Item>
            <Button danger htmlType="submit" loading={disable.isPending}>
              解绑
            </Button>
          </Form>
        </Col>
      </Row>
    );
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {mustEnrol ? (
        <Alert type="warning" showIcon title="平台要求管理员绑定动态验证码" description="完成下面三步后即可使用平台其他功能。" />
      ) : (
        <Alert type="info" showIcon title="绑定动态验证码后，登录时除密码外还需输入验证器中的 6 位数字，可有效防止密码泄露后被他人登录。" />
      )}
      <Steps
        size="small"
        current={secret ? 1 : 0}
        items={[{ title: '生成密钥' }, { title: '添加到验证器' }, { title: '输入验证码完成绑定' }]}
      />
      {!secret ? (
        <Button type="primary" icon={<SafetyOutlined />} onClick={() => setup.mutate()} loading={setup.isPending}>
          生成密钥
        </Button>
      ) : (
        <Row gutter={[24, 16]}>
          <Col xs={24} md={8} style={{ display: 'flex', justifyContent: 'center' }}>
            <QRCode value={secret.otpauthUri} size={180} type="canvas" aria-label="绑定用二维码" />
          </Col>
          <Col xs={24} md={16}>
            <Typography.Paragraph>用验证器应用（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”）扫描二维码，或手动输入下面的密钥：</Typography.Paragraph>
            <Descriptions
              column={1}
              size="small"
              bordered
              items={[
                { key: 's', label: '密钥', children: <Typography.Text copyable={{ text: secret.secret, tooltips: ['复制', '已复制'] }} code style={{ wordBreak: 'break-all' }}>{secret.secret}</Typography.Text> },
                { key: 'u', label: '配置链接', children: <Typography.Text copyable={{ text: secret.otpauthUri, tooltips: ['复制', '已复制'] }} style={{ wordBreak: 'break-all', fontSize: 12 }}>{secret.otpauthUri}</Typography.Text> },
              ]}
            />
            <Form form={codeForm} name="totpEnable" layout="vertical" style={{ marginTop: 16, maxWidth: 320 }} onFinish={(v) => enable.mutate(v.code)} aria-label="验证并启用">
              <Form.Item label="验证码" name="code" rules={[{ required: true, message: '请输入验证器显示的 6 位数字' }, { pattern: /^\d{6}$/, message: '动态验证码为 6 位数字' }]}>
                <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder="6 位数字" />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={enable.isPending}>
                  验证并启用
                </Button>
                <Button onClick={() => setup.mutate()} loading={setup.isPending}>
                  重新生成
                </Button>
              </Space>
            </Form>
          </Col>
        </Row>
      )}
    </Space>
  );
}
