import { describe, expect, it } from 'vitest';
import { checkAttachment } from './org.rules.js';
import { isInScope, parentPath, permissionsOf, rolesForOrgType, scopeRootPath } from '../access/roles.js';

describe('organisation tree (ORG-1)', () => {
  const province = { type: 'association', level: 'provincial' };
  const city = { type: 'association', level: 'city' };
  it('attaches a city association under a provincial one', () => {
    expect(checkAttachment(province, { type: 'association', level: 'city' })).toEqual([]);
  });
  it('refuses an association of the same or a higher level than its parent', () => {
    expect(checkAttachment(city, { type: 'association', level: 'city' })[0].path).toBe('body.level');
    expect(checkAttachment(city, { type: 'association', level: 'provincial' })[0].path).toBe('body.level');
  });
  it('refuses anything attached under an organisation that is not an association', () => {
    expect(checkAttachment({ type: 'department', level: null }, { type: 'society' })[0].path).toBe('body.parentId');
  });
  it('requires a level for associations and an office kind for review offices, and neither elsewhere', () => {
    expect(checkAttachment(province, { type: 'association' })[0].message).toContain('层级');
    expect(checkAttachment(province, { type: 'review_office' })[0].path).toBe('body.officeKind');
    expect(checkAttachment(province, { type: 'department', officeKind: 'finance' })[0].path).toBe('body.officeKind');
    expect(checkAttachment(province, { type: 'department', level: 'city' })[0].path).toBe('body.level');
  });
});

describe('data scope (ORG-1, §4)', () => {
  it('gives an association its own subtree', () => {
    expect(scopeRootPath({ type: 'association', path: 'p/c/' })).toBe('p/c/');
    expect(isInScope('p/c/', 'p/c/k/s/')).toBe(true);
    expect(isInScope('p/c/', 'p/q/')).toBe(false);
  });
  it('lets a finance bureau or evaluator read within the association it is attached to', () => {
    expect(scopeRootPath({ type: 'finance_bureau', path: 'p/c/f/' })).toBe('p/c/');
    expect(scopeRootPath({ type: 'evaluator', path: 'p/e/' })).toBe('p/');
  });
  it('keeps departments and societies to themselves', () => {
    expect(scopeRootPath({ type: 'department', path: 'p/d/' })).toBe('p/d/');
    expect(isInScope('p/d/', 'p/d2/')).toBe(false);
  });
  it('does not confuse a sibling whose id starts with the same characters', () => {
    expect(isInScope('p/ab/', 'p/abc/')).toBe(false);
  });
  it('finds no parent above the root', () => {
    expect(parentPath('p/')).toBeNull();
    expect(parentPath('p/c/k/')).toBe('p/c/');
  });
});

describe('roles and permissions (§3.5)', () => {
  it('gives a society administrator no power over organisations or users', () => {
    const p = permissionsOf(['society_admin']);
    expect(p.has('society.update')).toBe(true);
    expect(p.has('org.create')).toBe(false);
    expect(p.has('user.create')).toBe(false);
  });
  it('unions the permissions of several roles', () => {
    const p = permissionsOf(['review_officer', 'expert']);
    expect([...p].sort()).toEqual(['capacityReview.score', 'countersign.opinion', 'declaration.read', 'item.read', 'org.read', 'programme.read', 'project.observe', 'project.read', 'todo.read']);
  });
  it('offers a society only the roles a society user can hold', () => {
    expect(rolesForOrgType('society')).toEqual(['society_admin', 'expert']);
  });
  it('ignores unknown role codes', () => {
    expect(permissionsOf(['root']).size).toBe(0);
  });
});
