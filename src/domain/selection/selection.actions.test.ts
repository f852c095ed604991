import { describe, expect, it } from 'vitest';
import { permissionsOf, type Permission } from '../access/roles.js';
import { countersignActionsFor, countersignItemsVisibleTo, declarationActionsFor, recommendedVisibleTo, type SelectionReader } from './selection.actions.js';

const reader = (orgType: string, orgId: string, scopePath: string, perms: Permission[]): SelectionReader => ({ orgType, orgId, scopePath, permissions: new Set(perms) });
const society = reader('society', 'soc', '/root/prov/soc/', ['declaration.read', 'declaration.submit']);
const otherSociety = reader('society', 'soc2', '/root/prov/soc2/', ['declaration.read', 'declaration.submit']);
const province = reader('association', 'prov', '/root/prov/', ['declaration.read', 'declaration.review', 'countersign.approve', 'countersign.send']);
const city = reader('association', 'city', '/root/prov/city/', ['declaration.read', 'declaration.review', 'countersign.approve']);
const provinceReadOnly = reader('association', 'prov', '/root/prov/', ['declaration.read']);
const office = reader('review_office', 'office', '/root/prov/office/', ['countersign.opinion']);
const dept = reader('department', 'dept', '/root/prov/dept/', ['declaration.read']);

const item = (status: string) => ({ status, associationPath: '/root/prov/' });
const decl = (status: string) => ({ societyId: 'soc', status });

describe('declaration actions (SEL-2, SEL-4)', () => {
  it('lets the declaring society withdraw before the decision and resubmit after a return while the item takes declarations', () => {
    expect(declarationActionsFor(society, decl('submitted'), item('relayed'))).toEqual(['withdraw']);
    expect(declarationActionsFor(society, decl('returned'), item('relayed'))).toEqual(['resubmit', 'withdraw']);
    expect(declarationActionsFor(society, decl('returned'), item('withdrawn'))).toEqual(['withdraw']);
    for (const s of ['recommended', 'notRecommended', 'withdrawn', 'selected', 'closed']) expect(declarationActionsFor(society, decl(s), item('relayed')), s).toEqual([]);
  });

  it('gives another society nothing, and the society nothing without declaration.submit', () => {
    expect(declarationActionsFor(otherSociety, decl('returned'), item('relayed'))).toEqual([]);
    expect(declarationActionsFor({ ...society, permissions: new Set(['declaration.read']) }, decl('returned'), item('relayed'))).toEqual([]);
  });

  it('lets the association over the item review while the item is relayed', () => {
    expect(declarationActionsFor(province, decl('submitted'), item('relayed'))).toEqual(['recommend', 'return', 'notRecommend']);
    expect(declarationActionsFor(province, decl('recommended'), item('relayed'))).toEqual(['reconsider']);
    expect(declarationActionsFor(province, decl('notRecommended'), item('relayed'))).toEqual(['reconsider']);
    expect(declarationActionsFor(province, decl('returned'), item('relayed'))).toEqual([]);
    // in countersign, approving or decided: no review
    for (const s of ['countersigning', 'approving', 'selecting', 'assigned']) expect(declarationActionsFor(province, decl('submitted'), item(s)), s).toEqual([]);
  });

  it('gives no review to an association below the item’s, to one without declaration.review, nor to a department', () => {
    expect(declarationActionsFor(city, decl('submitted'), item('relayed'))).toEqual([]);
    expect(declarationActionsFor(provinceReadOnly, decl('submitted'), item('relayed'))).toEqual([]);
    expect(declarationActionsFor(dept, decl('submitted'), item('relayed'))).toEqual([]);
  });

  it('answers nothing for a status it does not know', () => {
    expect(declarationActionsFor(province, decl('nonsense'), item('relayed'))).toEqual([]);
  });

  it('matches the role map: a society admin may resubmit, an association admin may review', () => {
    const soc = { ...society, permissions: permissionsOf(['society_admin']) };
    const assoc = { ...province, permissions: permissionsOf(['association_admin']) };
    expect(declarationActionsFor(soc, decl('returned'), item('relayed'))).toContain('resubmit');
    expect(declarationActionsFor(assoc, decl('submitted'), item('relayed'))).toContain('recommend');
  });
});

describe('countersign actions (SEL-5, SEL-6)', () => {
  const cs = (status: string) => ({ status, associationPath: '/root/prov/' });
  it('lets an office the list was sent to agree or return once, while in countersign', () => {
    expect(countersignActionsFor(office, cs('countersigning'), 'pending')).toEqual(['agree', 'return']);
    expect(countersignActionsFor(office, cs('countersigning'), 'agree')).toEqual([]);
    expect(countersignActionsFor(office, cs('countersigning'), null)).toEqual([]);
    expect(countersignActionsFor(office, cs('returned'), 'pending')).toEqual([]);
    expect(countersignActionsFor({ ...office, permissions: new Set() }, cs('countersigning'), 'pending')).toEqual([]);
  });

  it('lets the association over the list record the approval once all agreed', () => {
    expect(countersignActionsFor(province, cs('approving'), null)).toEqual(['approve']);
    expect(countersignActionsFor(province, cs('countersigning'), null)).toEqual([]);
    expect(countersignActionsFor(province, cs('approved'), null)).toEqual([]);
    expect(countersignActionsFor(city, cs('approving'), null)).toEqual([]);
    expect(countersignActionsFor(dept, cs('approving'), null)).toEqual([]);
  });
});

describe('what a reader sees of a countersign list (SEL-6)', () => {
  const items = [
    { itemId: 'a', departmentId: 'dept' },
    { itemId: 'b', departmentId: 'dept2' },
  ];
  it('shows a department its own items, the others the whole list', () => {
    expect(countersignItemsVisibleTo(dept, items).map((i) => i.itemId)).toEqual(['a']);
    expect(countersignItemsVisibleTo(office, items).map((i) => i.itemId)).toEqual(['a', 'b']);
    expect(countersignItemsVisibleTo(province, items).map((i) => i.itemId)).toEqual(['a', 'b']);
  });

  it('shows the association every recommended society, anyone else only the declarations they may read', () => {
    const rec = [{ declarationId: 'd1' }, { declarationId: 'd2' }];
    expect(recommendedVisibleTo(province, rec, new Set())).toEqual(rec);
    expect(recommendedVisibleTo(office, rec, new Set(['d2']))).toEqual([{ declarationId: 'd2' }]);
    expect(recommendedVisibleTo(dept, rec, new Set())).toEqual([]);
  });
});
