// Organisation pickers as trees filtered by the user's data scope (§6).
import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import type { TreeSelectProps } from 'antd';
import { useMemo } from 'react';
import { api } from './api';
import { useMe, can } from './auth';
import type { OrgNode, OrgTree } from '../../contract/orgs';

export function useOrgTree(enabled = true) {
  const { data: me } = useMe();
  return useQuery({
    queryKey: ['orgs/tree'],
    queryFn: () => api<OrgTree>('/orgs/tree').then((r) => r.nodes),
    enabled: enabled && can(me, 'org.read'),
    staleTime: 60_000,
  });
}

export interface OrgTreeOption {
  value: string;
  title: string;
  key: string;
  type: string;
  disabled?: boolean;
  selectable?: boolean;
  children?: OrgTreeOption[];
}

/** What the pickers read of a tree node. */
interface TreeNodeLike {
  id: string;
  name: string;
  type: string;
  isActive: boolean;
  children: TreeNodeLike[];
}

/** Tree data for a TreeSelect; `keep` prunes (a dropped node's children are dropped too). */
export function toTreeOptions<N extends TreeNodeLike = OrgNode>(nodes: N[], opts: { keep?: (n: N) => boolean; selectable?: (n: N) => boolean } = {}): OrgTreeOption[] {
  const walk = (ns: N[]): OrgTreeOption[] =>
    ns
      .filter((n) => (opts.keep ? opts.keep(n) : true))
      .map((n) => {
        const children = walk(n.children as N[]);
        const selectable = opts.selectable ? opts.selectable(n) : true;
        return {
          value: n.id,
          key: n.id,
          title: n.isActive ? n.name : `${n.name}（已停用）`,
          type: n.type,
          selectable,
          disabled: !selectable && children.length === 0,
          children: children.length ? children : undefined,
        };
      });
  return walk(nodes);
}

export function flattenOrgs<N extends TreeNodeLike = OrgNode>(nodes: N[]): N[] {
  const out: N[] = [];
  const walk = (ns: N[]) => ns.forEach((n) => (out.push(n), walk(n.children as N[])));
  walk(nodes);
  return out;
}

/** Associations (科协) in scope, as a tree. */
export function useAssociationOptions() {
  const tree = useOrgTree();
  const options = useMemo(() => toTreeOptions(tree.data ?? [], { keep: (n) => n.type === 'association' }), [tree.data]);
  return { ...tree, options };
}

export function OrgTreeSelect(props: Omit<TreeSelectProps, 'treeData'> & { treeData: OrgTreeOption[] }) {
  return (
    <TreeSelect
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      allowClear
      placeholder="请选择…"
      {...props}
      treeData={props.treeData as never}
    />
  );
}

/**
 * Whether an organisation lies inside the user's data scope (their orgs/tree). Used to offer
 * editing only where the server will allow it: a county association sees its province's
 * published programmes but may not change them.
 */
export function useInScope(orgId: string | null | undefined): boolean {
  const { data: me } = useMe();
  const tree = useOrgTree();
  const ids = useMemo(() => new Set(flattenOrgs(tree.data ?? []).map((o) => o.id)), [tree.data]);
  if (!orgId || !me) return false;
  if (orgId === me.orgId) return true;
  return ids.has(orgId);
}
