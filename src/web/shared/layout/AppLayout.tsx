// The signed-in frame: header (platform, unit, to-do badge, user menu), a side menu built from
// the user's permissions (a Drawer below lg, §5) and the page.
import {
  ApartmentOutlined,
  BarChartOutlined,
  FundOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  CommentOutlined,
  AuditOutlined,
  BellOutlined,
  CarryOutOutlined,
  DownOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  GlobalOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ProjectOutlined,
  ReadOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShoppingOutlined,
  SmileOutlined,
  SnippetsOutlined,
  SolutionOutlined,
  StarOutlined,
  TrophyOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Avatar, Badge, Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api } from '../api';
import { can, useLogout, useMe } from '../auth';
import type { Me } from '../../../contract/auth';
import type { TodoCounts } from '../../../contract/todos';
import { PLATFORM_NAME, PLATFORM_SHORT } from '../brand';
import { prefetchAppPages } from '../../appPages';
import { NotificationBell } from '../../features/notifications/NotificationBell';
import { PageSkeleton } from './Skeletons';
import { navEntryFor, type NavPath } from './navMatch';

interface NavItem extends NavPath {
  label: string;
  icon: ReactNode;
  perm?: string;
  /** shown with any one of these permissions */
  anyPerm?: string[];
  /** the label as the user's organisation calls it */
  labelFor?: (me: Me) => string;
  /** shown only to users of these organisation types */
  orgTypes?: string[];
}

export const navItems: NavItem[] = [
  // exact: a page that no entry claims is not the workbench's (navMatch.ts)
  { path: '/app', label: '工作台', icon: <HomeOutlined />, exact: true },
  { path: '/app/programmes', label: '方案管理', icon: <FileTextOutlined />, perm: 'programme.read' },
  { path: '/app/items', label: '可转移职能事项', icon: <ProfileOutlined />, perm: 'item.read' },
  { path: '/app/demand', label: '需求服务目录', icon: <ShoppingOutlined />, perm: 'item.read' },
  { path: '/app/declare', label: '可申报事项', icon: <FormOutlined />, perm: 'declaration.submit' },
  {
    path: '/app/declarations',
    label: '申报管理',
    icon: <SolutionOutlined />,
    perm: 'declaration.read',
    labelFor: (me) => (me.orgType === 'society' ? '我的申报' : me.permissions.includes('declaration.review') ? '申报审核' : '申报情况'),
  },
  { path: '/app/countersigns', label: '会签审批', icon: <FileDoneOutlined />, anyPerm: ['countersign.send', 'countersign.opinion', 'countersign.approve', 'selection.decide'] },
  // SUP-4: an expert or evaluator reads only the projects they are assigned to observe
  { path: '/app/projects', label: '试点项目', icon: <ProjectOutlined />, anyPerm: ['project.read', 'project.observe'], labelFor: (me) => (can(me, 'project.read') ? '试点项目' : can(me, 'evaluation.perform') ? '评估和观察的项目' : '我观察的项目') },
  { path: '/app/programme-records', label: '方案工作记录', icon: <ReadOutlined />, perm: 'programmeRecord.manage' },
  // CAP-1: the yearly calls of the capacity-improvement plan — the association keeps them, the finance bureau confirms them, the societies apply to them
  // a call's public notices (评审结果公示, 评估结果公示) open from the call under an address of their own
  { path: '/app/capacity-calls', label: '申报通知', icon: <NotificationOutlined />, anyPerm: ['capacityCall.manage', 'capacityCall.confirm', 'capacityApplication.submit'], owns: ['/app/capacity-notices'] },
  // CAP-2, CAP-3: a society's applications to the calls; the association's formal review of them
  {
    path: '/app/capacity-applications',
    label: '能力提升项目申报',
    icon: <SnippetsOutlined />,
    anyPerm: ['capacityApplication.submit', 'capacityApplication.review'],
    labelFor: (me) => (can(me, 'capacityApplication.review') ? '形式审查' : '能力提升项目申报'),
  },
  // CAP-6, CAP-7, FND-4…FND-6: the funded projects after funding — evaluation, disbursement, acceptance, window, recovery — for the association and the co-managing finance bureau
  { path: '/app/capacity-projects', label: '项目实施与验收', icon: <FundProjectionScreenOutlined />, anyPerm: ['capacityApplication.review', 'capacityCall.confirm'] },
  // CAP-4, ORG-6: an expert's own review assignments (only those drawn to them)
  { path: '/app/expert-reviews', label: '专家评审', icon: <StarOutlined />, perm: 'capacityReview.score' },
  { path: '/app/notifications', label: '消息通知', icon: <BellOutlined /> },
  { path: '/app/orgs', label: '组织机构', icon: <ApartmentOutlined />, perm: 'org.read' },
  { path: '/app/societies', label: '学会管理', icon: <TeamOutlined />, perm: 'society.read' },
  // ORG-4, EVA-6: the association classifies its societies; ORG-5: its willingness surveys; the society answers and reads its own tier
  { path: '/app/society-tiers', label: '学会分类', icon: <ClusterOutlined />, perm: 'society.tier.read', orgTypes: ['association'] },
  { path: '/app/willingness', label: '意愿调查', icon: <CommentOutlined />, perm: 'willingness.manage' },
  { path: '/app/my-society', label: '承接意愿与分类', icon: <CommentOutlined />, perm: 'willingness.answer' },
  // EVA-2, EVA-3: the association commissions third-party evaluation; the evaluator's workbench
  { path: '/app/evaluation-commissions', label: '第三方评估', icon: <FileSearchOutlined />, anyPerm: ['evaluation.commission', 'evaluation.perform', 'project.read'], orgTypes: ['association', 'evaluator'] },
  // EVA-4: the association's satisfaction surveys; an invited department or society answers its own
  { path: '/app/surveys', label: '满意度调查', icon: <SmileOutlined />, perm: 'survey.manage', orgTypes: ['association'] },
  { path: '/app/my-surveys', label: '满意度调查', icon: <SmileOutlined />, perm: 'survey.answer' },
  // EVA-5: the typical-case library of the association's completed projects
  { path: '/app/typical-cases', label: '典型案例', icon: <TrophyOutlined />, perm: 'case.read', orgTypes: ['association'] },
  // STA-1, STA-2: the indicators of seed 004 and the dashboards
  { path: '/app/indicators', label: '统计指标', icon: <FundOutlined />, perm: 'statistics.read' },
  { path: '/app/dashboards', label: '统计看板', icon: <BarChartOutlined />, perm: 'statistics.read' },
  { path: '/app/users', label: '用户管理', icon: <UserOutlined />, perm: 'user.read' },
  { path: '/app/audit', label: '审计日志', icon: <AuditOutlined />, perm: 'audit.read' },
  { path: '/app/account', label: '个人设置', icon: <SettingOutlined /> },
];

export function visibleNav(me: Me | null | undefined): NavItem[] {
  if (!me) return [];
  if (me.needsTotpEnrollment || me.mustChangePassword) return navItems.filter((n) => n.path === '/app/account');
  return navItems
    .filter((n) => (!n.perm || can(me, n.perm)) && (!n.anyPerm || n.anyPerm.some((p) => can(me, p))) && (!n.orgTypes || n.orgTypes.includes(me.orgType)))
    .map((n) => (n.labelFor ? { ...n, label: n.labelFor(me) } : n));
}


/**
 * Where the user is (docs/UI.md): 工作台 / the menu entry / what is open under it — 新建, 编辑 or 详情,
 * read from the address. The workbench itself shows none.
 */
export function AppBreadcrumb({ pathname, items }: { pathname: string; items: NavItem[] }) {
  const key = navEntryFor(pathname, items, false);
  const entry = items.find((n) => n.path === key);
  if (!entry || entry.path === '/app') return null;
  const rest = pathname.slice(entry.path.length).split('/').filter(Boolean);
  const leaf = rest.length === 0 ? null : rest[rest.length - 1] === 'new' ? '新建' : rest[rest.length - 1] === 'edit' ? '编辑' : '详情';
  return (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[
        { key: 'home', title: <Link to="/app">工作台</Link> },
        { key: 'entry', title: leaf ? <Link to={entry.path}>{entry.label}</Link> : entry.label },
        ...(leaf ? [{ key: 'leaf', title: leaf }] : []),
      ]}
    />
  );
}

export { PageSkeleton };

export function AppLayout() {
  const { data: me } = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isWide = !!screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const logout = useLogout();
  const items = visibleNav(me);
  const enrolling = !!me?.needsTotpEnrollment;
  // held to the account page (TOTP binding or a one-time password): no inbox or bell, whose reads it may not make
  const held = enrolling || !!me?.mustChangePassword;

  // fetch the code of the other pages while the user reads this one
  useEffect(() => {
    const t = window.setTimeout(prefetchAppPages, 1500);
    return () => window.clearTimeout(t);
  }, []);

  const counts = useQuery({
    queryKey: ['todos/counts'],
    queryFn: () => api<TodoCounts>('/todos/counts'),
    enabled: can(me, 'todo.read') && !held,
    refetchInterval: 60_000,
  });

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[navEntryFor(location.pathname, items)]}
      items={items.map((n) => ({
        key: n.path,
        icon: n.icon,
        // a real link (open in new tab works); a plain click is left to the menu's onClick
        label: (
          <Link to={n.path} onClick={(e) => !e.metaKey && !e.ctrlKey && !e.shiftKey && e.button === 0 && e.preventDefault()}>
            {n.label}
          </Link>
        ),
      }))}
      onClick={({ key }) => {
        setDrawerOpen(false);
        // the whole menu row navigates, not only the link text
        if (key !== location.pathname) navigate(key);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const userMenu: MenuProps['items'] = [
    { key: 'who', label: <span>{me?.roleLabels.join('、')}</span>, disabled: true },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
    { key: 'totp', icon: <SafetyOutlined />, label: '动态验证码' },
    { key: 'portal', icon: <GlobalOutlined />, label: '门户首页' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: '退出', danger: true },
  ];
  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/app/account?tab=password');
    else if (key === 'totp') navigate('/app/account?tab=totp');
    else if (key === 'portal') navigate('/');
    else if (key === 'logout') logout.mutate();
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="cj-skip-link">
        跳到主要内容
      </a>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 100,
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: isWide ? 24 : 12,
          background: '#0b3d91',
        }}
      >
        {!isWide ? (
          <Button type="text" aria-label="打开菜单" icon={<MenuOutlined style={{ color: '#fff', fontSize: 18 }} />} onClick={() => setDrawerOpen(true)} />
        ) : null}
        <Link to="/app" style={{ color: '#fff', display: 'flex', alignItems: 'baseline', gap: 10, minWidth: 0, overflow: 'hidden' }}>
          <span style={{ fontSize: 20, fontWeight: 700, letterSpacing: 2, whiteSpace: 'nowrap' }}>{PLATFORM_SHORT}</span>
          {screens.md ? <span style={{ fontSize: 14, opacity: 0.85, whiteSpace: 'nowrap' }}>{PLATFORM_NAME}</span> : null}
        </Link>
        <div style={{ flex: 1 }} />
        {screens.xl && me ? (
          <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', whiteSpace: 'nowrap' }} title="所在单位">
            {me.orgName}
          </Typography.Text>
        ) : null}
        {!held ? (
          <Link to="/app" aria-label={`我的待办 ${counts.data?.open ?? 0} 项`} title="我的待办" style={{ lineHeight: 1, display: 'inline-flex' }}>
            <Badge count={counts.data?.open ?? 0} size="small" overflowCount={99}>
              <CarryOutOutlined style={{ fontSize: 18, color: '#fff' }} />
            </Badge>
          </Link>
        ) : null}
        {!held && me ? <NotificationBell enabled /> : null}
        <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
          <Button type="text" aria-label="用户菜单" style={{ color: '#fff', paddingInline: 4 }}>
            <Space size={6}>
              <Avatar size="small" style={{ background: '#f0a020' }}>
                {me?.displayName.slice(0, 1)}
              </Avatar>
              {screens.sm ? <span>{me?.displayName}</span> : null}
              <DownOutlined style={{ fontSize: 10 }} />
            </Space>
          </Button>
        </Dropdown>
      </Layout.Header>
      <Layout>
        {isWide ? (
          <Layout.Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
            <nav aria-label="主菜单">{menu}</nav>
          </Layout.Sider>
        ) : (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            size={260}
            title={me ? `${me.displayName} · ${me.orgName}` : PLATFORM_SHORT}
            styles={{ body: { padding: 0 } }}
          >
            <nav aria-label="主菜单">{menu}</nav>
          </Drawer>
        )}
        <Layout.Content id="main" tabIndex={-1} style={{ padding: isWide ? 24 : 12, minWidth: 0, outline: 'none' }}>
          {enrolling && !me?.mustChangePassword ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="请先绑定动态验证码"
              description="平台要求管理员使用动态验证码登录。完成绑定后才能使用其他功能。"
            />
          ) : null}
          {/* keyed by path: a page whose code is still loading shows the skeleton at once instead of
              leaving the previous page on screen under the new address */}
          <AppBreadcrumb pathname={location.pathname} items={items} />
          <Suspense key={location.pathname} fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
