// Who is signed in, what they may do, and the guards that send everyone else to the login page.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, api } from './api';
import type { Me, Session } from '../../contract/auth';
import { QueryError } from './errors';
import { AppShellSkeleton } from './layout/Skeletons';

export type { Me };

export const ME_KEY = ['me'] as const;

export function useMe(opts: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: opts.enabled ?? true,
    queryKey: ME_KEY,
    // A visitor is answered `{ user: null }` (200), never 401: the probe leaves the console quiet.
    queryFn: async ({ signal }): Promise<Me | null> => (await api<Session>('/auth/me', { signal })).user,
    staleTime: 5 * 60_000,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function can(me: Me | null | undefined, permission: string): boolean {
  return !!me?.permissions.includes(permission);
}

/** The permission check of the signed-in user (false while loading). */
export function useCan() {
  const { data } = useMe();
  return (permission: string) => can(data, permission);
}

export { safeRedirect } from './url';

export function loginPathFor(location: { pathname: string; search: string; hash?: string }): string {
  return `/login?redirect=${encodeURIComponent(location.pathname + location.search + (location.hash ?? ''))}`;
}

/** Signed-in users only; an administrator without a second factor (when required) may only bind one. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { data: me, isLoading, error, refetch } = useMe();
  if (isLoading) return <AppShellSkeleton />;
  if (error) return <QueryError error={error} onRetry={() => refetch()} />;
  if (!me) return <Navigate to={loginPathFor(location)} replace />;
  if (me.mustChangePassword && location.pathname !== '/app/account') {
    return <Navigate to="/app/account?tab=password" replace />;
  }
  if (me.needsTotpEnrollment && location.pathname !== '/app/account') {
    return <Navigate to="/app/account?tab=totp" replace />;
  }
  return <>{children}</>;
}

/** A page that needs a permission: shows 无权访问 instead of the page. */
/** The page needs the permission (or, with `anyPerm`, any one of these). */
export function RequirePerm({ perm, anyPerm, children }: { perm: string; anyPerm?: readonly string[]; children: ReactNode }) {
  const { data: me } = useMe();
  if (!can(me, perm) && !anyPerm?.some((p) => can(me, p))) {
    return <Result status="403" title="无权访问" subTitle="您的角色没有访问此页面的权限。如需开通，请联系本单位管理员。" />;
  }
  return <>{children}</>;
}

export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api<{ ok: true }>('/auth/logout', { method: 'POST', body: {} }),
    onSettled: () => {
      qc.setQueryData(ME_KEY, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' && q.queryKey[0] !== 'dictionaries' });
      navigate('/login', { replace: true });
    },
  });
}
