// Sign in: user name and password, then the 6-digit code when the account uses one.
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { InputRef } from 'antd';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, api, ensureCsrf } from '../../shared/api';
import { ME_KEY, safeRedirect, useMe } from '../../shared/auth';
import { PLATFORM_NAME } from '../../shared/brand';
import type { LoginResult, Me } from '../../../contract/auth';
import { usePageTitle } from '../../shared/usePageTitle';

interface LoginForm {
  username: string;
  password: string;
  totpCode?: string;
}

/** Where a signed-in user lands: a one-time password is changed first, then a required TOTP bound. */
const firstPage = (me: Me, redirect: string) =>
  me.mustChangePassword ? '/app/account?tab=password' : me.needsTotpEnrollment ? '/app/account?tab=totp' : redirect;

export function LoginPage() {
  usePageTitle('登录');
  const [form] = Form.useForm<LoginForm>();
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<{ title: string; detail?: string; type: 'error' | 'warning' } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const totpRef = useRef<InputRef>(null);
  const redirect = safeRedirect(sp.get('redirect'));

  useEffect(() => {
    void ensureCsrf();
  }, []);
  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  if (me.data && !submitting) return <Navigate to={firstPage(me.data, redirect)} replace />;

  const onFinish = async (v: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await ensureCsrf();
      const res = await api<LoginResult>('/auth/login', {
        method: 'POST',
        body: { username: v.username.trim(), password: v.password, ...(needTotp && v.totpCode ? { totpCode: v.totpCode } : {}) },
      });
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'dictionaries' });
      qc.setQueryData(ME_KEY, res.user);
      navigate(firstPage(res.user, redirect), { replace: true });
    } catch (e) {
      setSubmitting(false);
      if (!(e instanceof ApiError)) {
        setError({ title: '登录失败，请稍后重试', type: 'error' });
        return;
      }
      switch (e.code) {
        case 'TOTP_REQUIRED':
          setNeedTotp(true);
          setError({ title: '请输入动态验证码', detail: '该账号已启用动态验证码，请打开验证器应用，输入当前显示的 6 位数字。', type: 'warning' });
          break;
        case 'TOTP_INVALID':
          setNeedTotp(true);
          form.setFields([{ name: 'totpCode', errors: ['动态验证码错误，请输入验证器中当前显示的 6 位数字'], value: '' }]);
          setError({ title: '动态验证码错误', type: 'error' });
          break;
        case 'ACCOUNT_LOCKED':
          setError({ title: '账号已暂时锁定', detail: e.detail ?? e.title, type: 'error' });
          break;
        case 'INVALID_CREDENTIALS':
          form.setFields([{ name: 'password', value: '' }]);
          setError({ title: '用户名或密码错误', detail: '连续输错 5 次后账号将被锁定 15 分钟。', type: 'error' });
          break;
        case 'VALIDATION_FAILED':
          for (const fe of e.errors) {
            const name = fe.path.replace(/^body\./, '') as keyof LoginForm;
            form.setFields([{ name, errors: [fe.message] }]);
          }
          setError({ title: e.errors[0]?.message ?? e.title, type: 'error' });
          break;
        default:
          setError({ title: e.title, detail: e.detail && e.detail !== e.title ? e.detail : undefined, type: 'error' });
      }
    }
  };

  return (
    <main
      id="main"
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #0b3d91 0%, #1456c8 55%, #e8eefb 55%)',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }} styles={{ body: { padding: 28 } }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={1} style={{ margin: 0, fontSize: 26, letterSpacing: 4, color: '#0b3d91' }}>
            承接
          </Typography.Title>
          <Typography.Text type="secondary">{PLATFORM_NAME}</Typography.Text>
        </div>
        {sp.get('redirect') && !error ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="请先登录，登录后将回到您刚才访问的页面。" />
        ) : null}
        {error ? (
          <Alert
            type={error.type}
            showIcon
            style={{ marginBottom: 16 }}
            title={error.title}
            description={error.detail}
            role="alert"
          />
        ) : null}
        <Form<LoginForm> form={form} name="login" layout="vertical" onFinish={onFinish} requiredMark={false} aria-label="登录" autoComplete="on">
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" maxLength={64} autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" maxLength={128} />
          </Form.Item>
          {needTotp ? (
            <Form.Item
              label="动态验证码"
              name="totpCode"
              extra="打开验证器应用（如 FreeOTP、Google Authenticator），输入 6 位数字"
              rules={[
                { required: true, message: '请输入动态验证码' },
                { pattern: /^\d{6}$/, message: '动态验证码为 6 位数字' },
              ]}
            >
              <Input
                ref={totpRef}
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                size="large"
              />
            </Form.Item>
          ) : null}
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <div style={{ textAlign: 'center' }}>
          <Link to="/">返回门户首页</Link>
        </div>
      </Card>
    </main>
  );
}
