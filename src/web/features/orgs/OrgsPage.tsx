// ORG-1 组织机构: the tree of the user's scope — under each association its 下级单位 (lower
// associations, societies) and its 参与单位 (departments, review offices, finance bureaus,
// evaluators) in two labelled groups — the selected unit's details, edit and add.
import {
  AccountBookOutlined,
  AuditOutlined,
  BankOutlined,
  ClusterOutlined,
  PlusOutlined,
  SolutionOutlined,
  TeamOutlined,
  EditOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Space, Tag, Tree, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { DictTag, useDict } from '../../shared/dictionaries';
import { QueryError } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { useOrgTree } from '../../shared/orgTree';
import { orgRelationLabels, type OrgDetail, type OrgNode, type OrgRelation } from '../../../contract/orgs';
import { usePageTitle } from '../../shared/usePageTitle';
import { OrgFormModal } from './OrgFormModal';

export const orgTypeIcons: Record<string, ReactNode> = {
  association: <ClusterOutlined />,
  department: <BankOutlined />,
  society: <TeamOutlined />,
  review_office: <AuditOutlined />,
  finance_bureau: <AccountBookOutlined />,
  evaluator: <SolutionOutlined />,
};

interface TreeItem {
  key: string;
  title: ReactNode;
  icon?: ReactNode;
  selectable?: boolean;
  children?: TreeItem[];
}

const RELATIONS: OrgRelation[] = ['subordinate', 'participant'];
/** The key of a node's group of children of one relation (not a unit: not selectable). */
const groupKey = (id: string, r: OrgRelation) => `${id}#${r}`;

/** "下级单位 3 · 参与单位 5" */
function relationCounts(n: Pick<OrgNode, 'subordinateCount' | 'participantCount'>): string {
  return `${orgRelationLabels.subordinate} ${n.subordinateCount} · ${orgRelationLabels.participant} ${n.participantCount}`;
}

function filterTree(nodes: OrgNode[], q: string): OrgNode[] {
  if (!q) return nodes;
  const out: OrgNode[] = [];
  for (const n of nodes) {
    const children = filterTree(n.children, q);
    if (n.name.includes(q) || (n.shortName ?? '').includes(q) || children.length) out.push({ ...n, children });
  }
  return out;
}

function findNode(nodes: OrgNode[], id: string): OrgNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const f = findNode(n.children, id);
    if (f) return f;
  }
  return undefined;
}

export function OrgsPage() {
  usePageTitle('组织机构');
  const tree = useOrgTree();
  const [sp, setSp] = useSearchParams();
  const [search, setSearch] = useState('');
  const selectedId = sp.get('id') ?? tree.data?.[0]?.id ?? '';
  const nodes = useMemo(() => filterTree(tree.data ?? [], search.trim()), [tree.data, search]);

  const treeData = useMemo(() => {
    const conv = (ns: OrgNode[]): TreeItem[] =>
      ns.map((n) => ({
        key: n.id,
        icon: orgTypeIcons[n.type],
        title: (
          <span>
            {n.name}{' '}
            <Tag style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px' }} color={n.type === 'association' ? 'blue' : undefined}>
              {n.typeLabel}
            </Tag>
            {!n.isActive ? <Tag color="default">已停用</Tag> : null}
          </span>
        ),
        children: n.children.length ? groups(n) : undefined,
      }));
    // an association's children in two labelled groups: 下级单位, then 参与单位
    const groups = (n: OrgNode): TreeItem[] =>
      RELATIONS.flatMap((r) => {
        const members = n.children.filter((c) => c.relation === r);
        if (!members.length) return [];
        return [
          {
            key: groupKey(n.id, r),
            selectable: false,
            title: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {orgRelationLabels[r]}（{members.length}）
              </Typography.Text>
            ),
            children: conv(members),
          },
        ];
      });
    return conv(nodes);
  }, [nodes]);

  const defaultExpanded = useMemo(() => {
    // the first two levels open with their groups; everything open while searching
    const keys: string[] = [];
    const walk = (ns: OrgNode[], depth: number) =>
      ns.forEach((n) => {
        if ((search || depth < 2) && n.children.length) {
          keys.push(n.id);
          for (const r of RELATIONS) if (n.children.some((c) => c.relation === r)) keys.push(groupKey(n.id, r));
        }
        walk(n.children, depth + 1);
      });
    walk(nodes, 0);
    return keys;
  }, [nodes, search]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9} xl={8}>
        <Card title="组织机构" styles={{ body: { padding: 12 } }}>
          <Input.Search
            allowClear
            placeholder="按名称查找单位"
            aria-label="按名称查找单位"
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
            style={{ marginBottom: 12 }}
          />
          {tree.isLoading ? (
            <Skeleton active />
          ) : tree.isError ? (
            <QueryError error={tree.error} onRetry={() => tree.refetch()} compact />
          ) : treeData.length === 0 ? (
            <Empty description={search ? '没有名称匹配的单位' : '暂无组织机构'} />
          ) : (
            <div style={{ maxHeight: '70vh', overflow: 'auto' }}>
              <Tree
                key={search}
                showIcon
                blockNode
                treeData={treeData}
                defaultExpandedKeys={defaultExpanded}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => keys[0] && !String(keys[0]).includes('#') && setSp({ id: String(keys[0]) })}
                aria-label="组织机构树"
              />
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        {selectedId ? <OrgDetail id={selectedId} node={findNode(tree.data ?? [], selectedId)} /> : <Card><Empty description="请在左侧选择一个单位" /></Card>}
      </Col>
    </Row>
  );
}

function OrgDetail({ id, node }: { id: string; node?: OrgNode }) {
  const { label } = useDict();
  const qc = useQueryClient();
  const [modal, setModal] = useState<null | { mode: 'create'; relation: OrgRelation } | { mode: 'edit' }>(null);
  const [, setSp] = useSearchParams();
  const q = useQuery({ queryKey: ['orgs', id], queryFn: ({ signal }) => api<OrgDetail>(`/orgs/${id}`, { signal }) });
  const o = q.data;
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !o) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;

  const isSociety = o.type === 'society';
  const may = (a: OrgDetail['actions'][number]) => o.actions.includes(a);
  const actions = (
    <Space wrap>
      {isSociety ? (
        <Link to={`/app/societies/${o.id}`}>
          <Button>查看学会档案</Button>
        </Link>
      ) : may('update') ? (
        <Button icon={<EditOutlined />} onClick={() => setModal({ mode: 'edit' })}>
          编辑
        </Button>
      ) : null}
      {may('createSubordinate') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create', relation: 'subordinate' })}>
          新增下级单位
        </Button>
      ) : null}
      {may('createSociety') ? (
        <Link to={`/app/societies/new?parentId=${o.id}`}>
          <Button icon={<PlusOutlined />}>新增学会</Button>
        </Link>
      ) : null}
      {may('createParticipant') ? (
        <Button icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create', relation: 'participant' })}>
          新增参与单位
        </Button>
      ) : null}
    </Space>
  );

  return (
    <Card
      title={
        <Space wrap>
          {orgTypeIcons[o.type]}
          <span style={{ whiteSpace: 'normal' }}>{o.name}</span>
          <DictTag dict="orgTypes" value={o.type} />
          {o.isActive ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>}
        </Space>
      }
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
      <div style={{ marginBottom: 12 }}>{actions}</div>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'name', label: '单位名称', children: o.name },
          { key: 'short', label: '简称', children: o.shortName || '—' },
          { key: 'type', label: '单位类型', children: label('orgTypes', o.type) },
          ...(o.type === 'association' ? [{ key: 'level', label: '科协层级', children: label('associationLevels', o.level) }] : []),
          ...(o.type === 'review_office' ? [{ key: 'office', label: '审核部门类别', children: label('officeKinds', o.officeKind) }] : []),
          { key: 'parent', label: '上级科协', children: o.parentName || '—' },
          ...(o.relation ? [{ key: 'relation', label: '关系', children: relationText(o.relation) }] : []),
          { key: 'credit', label: '统一社会信用代码', children: o.creditCode || '—' },
          { key: 'region', label: '地区', children: o.region || '—' },
          { key: 'contact', label: '联系人', children: o.contactName || '—' },
          { key: 'phone', label: '联系电话', children: o.contactPhone || '—' },
          ...(o.type === 'association' ? [{ key: 'sub', label: '单位数', children: node ? relationCounts(node) : '—' }] : []),
          { key: 'updated', label: '最后修改', children: fmtDateTime(o.updatedAt) },
        ]}
      />
      {isSociety ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          学会的档案、年度情况在“学会管理”中维护。
        </Typography.Paragraph>
      ) : null}
      {modal ? (
        <OrgFormModal
          mode={modal.mode}
          relation={modal.mode === 'create' ? modal.relation : undefined}
          org={o}
          onClose={() => setModal(null)}
          onSaved={(saved) => {
            setModal(null);
            void qc.invalidateQueries({ queryKey: ['orgs/tree'] });
            void qc.invalidateQueries({ queryKey: ['orgs', saved.id] });
            void qc.invalidateQueries({ queryKey: ['orgs', o.id] });
            if (modal.mode === 'create') setSp({ id: saved.id });
          }}
          onRefresh={() => {
            setModal(null);
            void q.refetch();
          }}
        />
      ) : null}
    </Card>
  );
}

function relationText(r: OrgRelation): string {
  return r === 'participant' ? `${orgRelationLabels.participant}（参与该科协的承接工作）` : orgRelationLabels.subordinate;
}
