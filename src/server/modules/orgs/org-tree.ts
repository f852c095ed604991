// ORG-1, issue 12 §2: the organisation tree of the actor's data scope, saying what each relation is —
// an association's 下级单位 (lower associations, societies) first, then its 参与单位 (departments,
// review offices, finance bureaus, evaluators), each node counting both.
import type { DbOrTx } from '../../db/client.js';
import { orgTypeLabels, type OrgType } from '../../../domain/access/roles.js';
import type { AssociationLevel } from '../../../domain/org/org.types.js';
import { orgRelationOf, type OrgNode, type OrgTree } from '../../../contract/orgs.js';
import { listSubtree } from './orgs.repo.js';

/** Children order: subordinates (associations, then societies), then participants by type. */
const TYPE_ORDER: OrgType[] = ['association', 'society', 'department', 'review_office', 'finance_bureau', 'evaluator'];

export async function orgTreeOf(db: DbOrTx, scopePath: string): Promise<OrgTree> {
  const rows = await listSubtree(db, scopePath);
  const byId = new Map<string, OrgNode>();
  for (const r of rows) {
    const type = r.type as OrgType;
    byId.set(r.id, {
      id: r.id,
      parentId: r.parentId,
      name: r.name,
      shortName: r.shortName,
      type,
      typeLabel: orgTypeLabels[type] ?? r.type,
      level: r.level as AssociationLevel | null,
      officeKind: r.officeKind as OrgNode['officeKind'],
      isActive: r.isActive,
      relation: r.parentId ? orgRelationOf(type) : null,
      subordinateCount: 0,
      participantCount: 0,
      children: [],
    });
  }
  const roots: OrgNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (!parent) {
      roots.push(node);
      continue;
    }
    parent.children.push(node);
    if (node.relation === 'participant') parent.participantCount++;
    else parent.subordinateCount++;
  }
  const sort = (ns: OrgNode[]) => {
    ns.sort((a, b) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name, 'zh-CN'));
    ns.forEach((n) => sort(n.children));
  };
  sort(roots);
  return { nodes: roots };
}
