// While something loads, the shape of what is coming, never a bare “正在加载…” (docs/UI.md, Pages):
// a page inside the app, the whole app frame (header, menu, page) while "who am I" answers, a
// portal page and the login card while their code arrives. Kept light: the first page of the
// portal and the login page load these before anything else.
import { Card, Skeleton } from 'antd';

/** While a page's code or data loads: the shape of a page (title, then rows). */
export function PageSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <Card aria-busy="true" aria-label="页面加载中">
      <Skeleton active title={{ width: '30%' }} paragraph={{ rows }} />
    </Card>
  );
}

/** The app frame before the user is known: header bar, side menu (wide screens) and a page. */
export function AppShellSkeleton() {
  return (
    <div className="cj-shell-skeleton" aria-busy="true" aria-label="页面加载中">
      <div className="cj-shell-skeleton-header" />
      <div className="cj-shell-skeleton-body">
        <div className="cj-shell-skeleton-side">
          <Skeleton active title={false} paragraph={{ rows: 9, width: '80%' }} />
        </div>
        <div className="cj-shell-skeleton-main">
          <Skeleton.Input active size="small" style={{ width: 160, marginBottom: 12 }} />
          <PageSkeleton />
        </div>
      </div>
    </div>
  );
}

/** A portal page whose code is on its way, inside the portal's frame (which gives the margins). */
export function PortalPageSkeleton() {
  return <PageSkeleton rows={6} />;
}

/** The login card while the login page's code arrives. */
export function LoginSkeleton() {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: 'linear-gradient(160deg, #0b3d91 0%, #1456c8 55%, #e8eefb 55%)' }}>
      <Card style={{ width: 400, maxWidth: '100%' }} aria-busy="true" aria-label="页面加载中">
        <Skeleton active title={{ width: '60%' }} paragraph={{ rows: 4 }} />
      </Card>
    </div>
  );
}
