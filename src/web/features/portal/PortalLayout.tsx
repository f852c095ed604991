// The public portal frame (no login needed).
import { Button, Grid, Layout, Space, Typography } from 'antd';
import { Link, Outlet } from 'react-router';
import { readCookie } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { PLATFORM_NAME } from '../../shared/brand';

export function PortalLayout() {
  // a visitor who never signed in has no cj_csrf cookie: no need to ask the server who they are
  const { data: me } = useMe({ enabled: !!readCookie('cj_csrf') });
  const screens = Grid.useBreakpoint();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#0b3d91', paddingInline: screens.md ? 32 : 12 }}
      >
        <Link to="/" style={{ color: '#fff', display: 'flex', alignItems: 'baseline', gap: 10, minWidth: 0 }}>
          <span style={{ fontSize: 20, fontWeight: 700, letterSpacing: 2, whiteSpace: 'nowrap' }}>承接平台</span>
          {screens.md ? <span style={{ opacity: 0.85, whiteSpace: 'nowrap' }}>{PLATFORM_NAME}</span> : null}
        </Link>
        <div style={{ flex: 1 }} />
        {me ? (
          <Space>
            {screens.sm ? <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>{me.displayName}</Typography.Text> : null}
            <Link to="/app">
              <Button>进入工作台</Button>
            </Link>
          </Space>
        ) : (
          <Link to="/login">
            <Button type="primary" ghost style={{ color: '#fff', borderColor: '#fff' }}>
              登录
            </Button>
          </Link>
        )}
      </Layout.Header>
      <Layout.Content id="main" style={{ width: '100%', maxWidth: 1200, margin: '0 auto', padding: screens.md ? '24px 32px' : '16px 12px' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,0.55)', background: 'transparent' }}>
        {PLATFORM_NAME} · 方案信息依据各级科协公开发布的政策文件
      </Layout.Footer>
    </Layout>
  );
}
