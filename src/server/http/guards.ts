import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../domain/access/roles.js';
import { isInScope } from '../../domain/access/roles.js';
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

/** Route-level check (§3.5): the user holds the permission. Denies are audited by the error handler. */
export const requirePermission =
  (permission: Permission) =>
  async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const actor = requireActor(req);
    if (!actor.permissions.has(permission)) {
      throw new AppError('FORBIDDEN', `当前角色没有“${permission}”权限`, { extra: { permission } });
    }
  };

/** Record-level check: the record's organisation lies inside the actor's data scope. */
export function assertInScope(actor: Actor, targetPath: string, target: { entityType: string; entityId: string }): void {
  if (!isInScope(actor.scopePath, targetPath)) {
    throw new AppError('OUT_OF_SCOPE', '该记录不在本单位数据范围内', { extra: { entityType: target.entityType, entityId: target.entityId } });
  }
}

export const metaOf = (req: FastifyRequest): RequestMeta => ({ ip: req.ip ?? null, requestId: String(req.id) });
