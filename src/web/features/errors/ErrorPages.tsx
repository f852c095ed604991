import { Button, Result } from 'antd';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { usePageTitle } from '../../shared/usePageTitle';

export function NotFoundPage({ inApp }: { inApp?: boolean }) {
  usePageTitle('页面不存在');
  return (
    <main style={{ padding: inApp ? 0 : '10vh 16px' }}>
      <Result
        status="404"
        title="页面不存在"
        subTitle="您访问的页面不存在，可能是链接有误或页面已被移除。"
        extra={
          <Link to={inApp ? '/app' : '/'}>
            <Button type="primary">{inApp ? '返回工作台' : '返回首页'}</Button>
          </Link>
        }
      />
    </main>
  );
}

/** Shown when a page throws or its code cannot be loaded (e.g. after a new release). */
export function RouteError() {
  const err = useRouteError();
  const chunk = err instanceof Error && /dynamically imported module|Failed to fetch|Importing a module script failed/i.test(err.message);
  if (isRouteErrorResponse(err) && err.status === 404) return <NotFoundPage />;
  return (
    <main style={{ padding: '10vh 16px' }}>
      <Result
        status="error"
        title={chunk ? '页面资源已更新' : '页面出错了'}
        subTitle={chunk ? '平台刚刚发布了新版本，请刷新页面后继续。' : '页面遇到了意外错误。请刷新后重试；如果问题持续出现，请联系平台管理员。'}
        extra={[
          <Button key="reload" type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>,
          <Button key="home" onClick={() => window.location.assign('/')}>
            返回首页
          </Button>,
        ]}
      />
    </main>
  );
}
