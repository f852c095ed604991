// The public portal frame (no login needed): the header with the site search, the navigation
// (a bar on wide screens, a Drawer below lg) and the page.
import { MenuOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, Drawer, Grid, Input, Layout, Menu, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { readCookie } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { PLATFORM_NAME } from '../../shared/brand';

const NAV = [
  { path: '/', label: '首页' },
  { path: '/portal/calls', label: '通知公告' },
  { path: '/portal/notices', label: '公示公告' },
  { path: '/portal/items', label: '可转移职能事项' },
  { path: '/portal/demand', label: '需求服务目录' },
  { path: '/portal/results', label: '遴选结果' },
  { path: '/portal/progress', label: '项目进展' },
  { path: '/portal/briefings', label: '工作简报' },
  { path: '/portal/evaluations', label: '评估结果' },
  { path: '/portal/cases', label: '典型案例' },
  { path: '/portal/indicators', label: '统计指标' },
  { path: '/portal/verify', label: '任务书核验' },
  { path: '/portal/open-data', label: '开放数据' },
];

function navKey(pathname: string): string {
  if (pathname === '/' || pathname.startsWith('/portal/programmes')) return '/';
  return NAV.find((n) => n.path !== '/' && (pathname === n.path || pathname.startsWith(`${n.path}/`)))?.path ?? '';
}

/** The header's search: Enter (or the button) opens the search page. */
function HeaderSearch({ width, onDone }: { width: number | string; onDone?: () => void }) {
  const navigate = useNavigate();
  const location = useLocation();
  const urlQ = location.pathname === '/portal/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [text, setText] = useState(urlQ);
  useEffect(() => setText(urlQ), [urlQ]);
  return (
    <Input.Search
      aria-label="站内检索"
      placeholder="检索事项、简报、案例、学会"
      allowClear
      maxLength={50}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onSearch={(v) => {
        const q = v.trim();
        navigate(q ? `/portal/search?q=${encodeURIComponent(q)}` : '/portal/search');
        onDone?.();
      }}
      style={{ width, verticalAlign: 'middle' }}
    />
  );
}

export function PortalLayout() {
  // a visitor who never signed in has no cj_csrf cookie: no need to ask the server who they are
  const { data: me } = useMe({ enabled: !!readCookie('cj_csrf') });
  const screens = Grid.useBreakpoint();
  const wide = !!screens.lg;
  const location = useLocation();
  const navigate = useNavigate();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const selected = navKey(location.pathname);

  const menu = (mode: 'horizontal' | 'inline') => (
    <Menu
      mode={mode}
      selectedKeys={selected ? [selected] : []}
      disabledOverflow={mode === 'horizontal'}
      items={NAV.map((n) => ({
        key: n.path,
        // a real link (open in new tab works); a plain click is left to the menu's onClick
        label: (
          <Link to={n.path} onClick={(e) => !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0 && e.preventDefault()}>
            {n.label}
          </Link>
        ),
      }))}
      onClick={({ key }) => {
        setDrawerOpen(false);
        if (key !== location.pathname || location.search) navigate(key);
      }}
      style={mode === 'horizontal' ? { borderBottom: 0, background: 'transparent', fontSize: 15 } : { borderInlineEnd: 0 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <a href="#main" className="cj-skip-link">
        跳到主要内容
      </a>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 12, background: '#0b3d91', paddingInline: screens.md ? 32 : 12 }}>
        {!wide ? (
          <Button type="text" aria-label="打开导航菜单" icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setDrawerOpen(true)} />
        ) : null}
        <Link to="/" style={{ color: '#fff', display: 'flex', alignItems: 'baseline', gap: 10, minWidth: 0 }}>
          <span style={{ fontSize: 20, fontWeight: 700, letterSpacing: 2, whiteSpace: 'nowrap' }}>承接平台</span>
          {screens.md ? <span style={{ opacity: 0.85, whiteSpace: 'nowrap' }}>{PLATFORM_NAME}</span> : null}
        </Link>
        <div style={{ flex: 1 }} />
        {screens.md ? (
          <HeaderSearch width={wide ? 260 : 200} />
        ) : (
          <Link to="/portal/search" aria-label="站内检索" style={{ color: '#fff', fontSize: 18, padding: 6, lineHeight: 1, display: 'inline-flex' }}>
            <SearchOutlined />
          </Link>
        )}
        {me ? (
          <Space>
            {wide ? <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>{me.displayName}</Typography.Text> : null}
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
      {wide ? (
        <nav aria-label="主导航" style={{ background: '#fff', borderBottom: '1px solid #e5e8ef', boxShadow: '0 1px 2px rgba(0,0,0,0.03)' }}>
          <div style={{ maxWidth: 1200, margin: '0 auto', paddingInline: 16 }}>
            {/* thirteen entries: a little less space around each keeps them on one line at 1280 px */}
            <ConfigProvider theme={{ components: { Menu: { itemPaddingInline: 12 } } }}>{menu('horizontal')}</ConfigProvider>
          </div>
        </nav>
      ) : (
        <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" size={280} title="承接平台" styles={{ body: { padding: 0 } }}>
          <div style={{ padding: 12 }}>
            <HeaderSearch width="100%" onDone={() => setDrawerOpen(false)} />
          </div>
          <nav aria-label="主导航">{menu('inline')}</nav>
        </Drawer>
      )}
      <Layout.Content id="main" tabIndex={-1} style={{ width: '100%', maxWidth: 1200, margin: '0 auto', padding: screens.md ? '24px 32px' : '16px 12px', outline: 'none' }}>
        <Outlet />
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,0.55)', background: 'transparent' }}>
        {PLATFORM_NAME} · 方案、事项和遴选结果依据各级科协及政府部门公开发布的信息
      </Layout.Footer>
    </Layout>
  );
}
