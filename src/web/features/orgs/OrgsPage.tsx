// ORG-1 组织机构: the tree of the user's scope, the selected unit's details, edit and add-below.
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
import { useCan } from '../../shared/auth';
import { DictTag, useDict } from '../../shared/dictionaries';
import { QueryError } from '../../shared/errors';
import { fmtDateTime } from '../../shared/format';
import { useOrgTree } from '../../shared/orgTree';
import type { Org, OrgNode } from '../../shared/types';
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
  icon: ReactNode;
  children?: TreeItem[];
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
        children: n.children.length ? conv(n.children) : undefined,
      }));
    return conv(nodes);
  }, [nodes]);

  const defaultExpanded = useMemo(() => {
    // the first two levels open; everything open while searching
    const keys: string[] = [];
    const walk = (ns: OrgNode[], depth: number) =>
      ns.forEach((n) => {
        if ((search || depth < 2) && n.children.length) keys.push(n.id);
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
                onSelect={(keys) => keys[0] && setSp({ id: String(keys[0]) })}
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
  const can = useCan();
  const { label } = useDict();
  const qc = useQueryClient();
  const [modal, setModal] = useState<null | 'create' | 'edit'>(null);
  const [, setSp] = useSearchParams();
  const q = useQuery({ queryKey: ['orgs', id], queryFn: ({ signal }) => api<Org>(`/orgs/${id}`, { signal }) });
  const o = q.data;
  if (q.isLoading) return <Card><Skeleton active /></Card>;
  if (q.isError || !o) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;

  const isSociety = o.type === 'society';
  const actions = (
    <Space wrap>
      {isSociety ? (
        <Link to={`/app/societies/${o.id}`}>
          <Button>查看学会档案</Button>
        </Link>
      ) : can('org.update') ? (
        <Button icon={<EditOutlined />} onClick={() => setModal('edit')}>
          编辑
        </Button>
      ) : null}
      {can('org.create') && o.type === 'association' && o.isActive ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal('create')}>
          新增下级单位
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
      extra={actions}
      styles={{ header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
    >
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
          { key: 'parent', label: '上级单位', children: o.parentName || '—' },
          { key: 'credit', label: '统一社会信用代码', children: o.creditCode || '—' },
          { key: 'region', label: '地区', children: o.region || '—' },
          { key: 'contact', label: '联系人', children: o.contactName || '—' },
          { key: 'phone', label: '联系电话', children: o.contactPhone || '—' },
          { key: 'sub', label: '下级单位数', children: node ? `${node.children.length} 个` : '—' },
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
          mode={modal}
          org={o}
          onClose={() => setModal(null)}
          onSaved={(saved) => {
            setModal(null);
            void qc.invalidateQueries({ queryKey: ['orgs/tree'] });
            void qc.invalidateQueries({ queryKey: ['orgs', saved.id] });
            void qc.invalidateQueries({ queryKey: ['orgs', o.id] });
            if (modal === 'create') setSp({ id: saved.id });
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
