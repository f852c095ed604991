import type { Permission } from '../../domain/access/roles.js';

/** Who is acting, resolved from the session on every request. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  orgType: string;
  orgPath: string;
  roles: string[];
  permissions: Set<Permission>;
  /** prefix of `organisations.path` this user may reach (data scope) */
  scopePath: string;
  sessionIdHash: string;
  csrfToken: string;
  needsTotpEnrollment: boolean;
  /** a one-time password (`npm run setup --one-time`) not yet changed: only the password change works */
  mustChangePassword?: boolean;
  totpEnabled: boolean;
}

/** What every audited change knows about its request. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}
