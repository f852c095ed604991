import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../domain/access/roles.js';
import { isInScope, permissionLabels } from '../../domain/access/roles.js';
import type { Actor, RequestMeta } from '../platform/actor.js';
import { AppError } from '../platform/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionExpired: boolean;
  }
}

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError(req.sessionExpired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
  return req.actor;
}

/**
 * API routes open without a session (issue 10 §2): the portal under /api/v1/public/, health,
 * dictionaries, the sign-in door itself and who-am-I (`{ user: null }` for a visitor, issue 12 §2).
 * Every other /api/v1 route refuses an anonymous caller before its input is validated (app.ts), so
 * a new route is closed unless it is put here or under /api/v1/public/. Tested against route patterns (`req.routeOptions.url`), never the raw URL.
 */
export const PUBLIC_API_ROUTE = /^\/api\/v1\/(public\/.+|health|dictionaries|auth\/(csrf|login|logout|me))$/;

export const isPublicApiRoute = (routeUrl: string): boolean => PUBLIC_API_ROUTE.test(routeUrl);

type Guard = ((req: FastifyRequest, reply: FastifyReply) => Promise<void>) & { [GUARD]: readonly Permission[] };
const GUARD = Symbol('permission guard');

/** The permissions a route hook checks, when it is one of the guards below (null otherwise). */
export function guardPermissions(hook: unknown): readonly Permission[] | null {
  return typeof hook === 'function' && GUARD in hook ? (hook as Guard)[GUARD] : null;
}

function guard(perms: readonly Permission[], check: (req: FastifyRequest) => void): Guard {
  const fn = async (req: FastifyRequest): Promise<void> => check(req);
  return Object.assign(fn, { [GUARD]: perms });
}

/**
 * Route-level check (§3.5): the user holds the permission. Denies are audited by the error handler.
 * Written as `preHandler: requirePermission(…)`; app.ts moves every such guard to preValidation, so
 * a caller without the permission is refused before the body is looked at (issue 10 §2).
 */
export const requirePermission = (permission: Permission): Guard =>
  guard([permission], (req) => {
    const actor = requireActor(req);
    if (!actor.permissions.has(permission)) {
      throw new AppError('FORBIDDEN', `当前角色没有“${permissionLabels[permission]}”权限`, { extra: { permission } });
    }
  });

/** The user holds at least one of the permissions (who may act is then decided by the record). */
export const requireAnyPermission = (...perms: Permission[]): Guard =>
  guard(perms, (req) => {
    const actor = requireActor(req);
    if (!perms.some((p) => actor.permissions.has(p))) {
      throw new AppError('FORBIDDEN', `当前角色没有“${perms.map((p) => permissionLabels[p]).join('”或“')}”权限`, { extra: { permission: perms.join('|') } });
    }
  });

/** Record-level check: the record's organisation lies inside the actor's data scope. */
export function assertInScope(actor: Actor, targetPath: string, target: { entityType: string; entityId: string }): void {
  if (!isInScope(actor.scopePath, targetPath)) {
    throw new AppError('OUT_OF_SCOPE', '该记录不在本单位数据范围内', { extra: { entityType: target.entityType, entityId: target.entityId } });
  }
}

export const metaOf = (req: FastifyRequest): RequestMeta => ({ ip: req.ip ?? null, requestId: String(req.id) });
