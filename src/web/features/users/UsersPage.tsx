// ORG-6 用户管理: people in scope, personal data masked; create, edit, reset password, unlock,
// deactivate, and an audited full view of personal data.
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Dropdown, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps, TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { useCan, useMe } from '../../shared/auth';
import { useDict } from '../../shared/dictionaries';
import { useErrorReporter } from '../../shared/errors';
import { clipped } from '../../shared/cells';
import { fmtDateTime } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import { toTreeOptions, useOrgTree } from '../../shared/orgTree';
import type { User, UserListItem, UserPersonalData } from '../../../contract/users';
import { usePageTitle } from '../../shared/usePageTitle';
import { ResetPasswordModal, UserFormModal } from './UserFormModal';

export function UsersPage() {
  usePageTitle('用户管理');
  const can = useCan();
  const { data: me } = useMe();
  const { options } = useDict();
  const tree = useOrgTree();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [resetting, setResetting] = useState<UserListItem | null>(null);
  const [pii, setPii] = useState<{ user: UserListItem; data: UserPersonalData } | null>(null);
  const orgOptions = useMemo(() => toTreeOptions(tree.data ?? []), [tree.data]);

  const refresh = () => qc.invalidateQueries({ queryKey: ['/users'] });

  const toggle = useMutation({
    mutationFn: (u: UserListItem) => api<User>(`/users/${u.id}`, { method: 'PATCH', body: { version: u.version, isActive: !u.isActive } }),
    onSuccess: (u) => {
      message.success(u.isActive ? `已启用 ${u.displayName}` : `已停用 ${u.displayName}`);
      void refresh();
    },
    onError: (e) => report(e, { onRefresh: refresh, action: '操作' }),
  });
  const unlock = useMutation({
    mutationFn: (u: UserListItem) => api<User>(`/users/${u.id}/unlock`, { method: 'POST', body: {} }),
    onSuccess: () => {
      message.success('已解除登录锁定');
      void refresh();
    },
    onError: (e) => report(e, { action: '解锁' }),
  });
  const viewPii = useMutation({
    mutationFn: (u: UserListItem) => api<UserPersonalData>(`/users/${u.id}/personal-data`).then((data) => ({ user: u, data })),
    onSuccess: setPii,
    onError: (e) => report(e),
  });
  // the list carries what it shows; the form edits the whole record (e-mail, ID number, expert data)
  const openEdit = useMutation({
    mutationFn: (u: UserListItem) => api<User>(`/users/${u.id}`),
    onSuccess: setEditing,
    onError: (e) => report(e, { onRefresh: refresh }),
  });

  const filters: FilterField[] = [
    { kind: 'text', name: 'q', label: '关键词', placeholder: '用户名或姓名' },
    ...(orgOptions.length ? [{ kind: 'treeSelect' as const, name: 'orgId', label: '单位', treeData: orgOptions }] : []),
    { kind: 'select', name: 'role', label: '角色', options: options('roles') },
  ];

  /** 编辑 beside the name, the rest in 更多: the column stays narrow (docs/UI.md, Lists and tables). */
  const moreActions = (u: UserListItem): MenuProps['items'] => [
    ...(can('user.update') ? [{ key: 'reset', label: '重置密码' }] : []),
    ...(can('user.update') && u.lockedUntil ? [{ key: 'unlock', label: '解除登录锁定' }] : []),
    ...(can('user.update') && u.id !== me?.id ? [{ key: 'toggle', label: u.isActive ? '停用' : '启用', danger: u.isActive }] : []),
    ...(can('user.pii.read') ? [{ key: 'pii', label: '查看完整信息' }] : []),
  ];
  const onMore = (u: UserListItem, key: string) => {
    if (key === 'reset') setResetting(u);
    else if (key === 'pii') viewPii.mutate(u);
    else if (key === 'unlock') {
      modal.confirm({ title: `解除 ${u.displayName} 的登录锁定？`, content: '解除后该用户可以立即重新尝试登录。', okText: '解除锁定', cancelText: '取消', onOk: () => unlock.mutateAsync(u).catch(() => undefined) });
    } else if (key === 'toggle') {
      modal.confirm({
        title: u.isActive ? `停用 ${u.displayName}？` : `启用 ${u.displayName}？`,
        content: u.isActive ? '停用后该用户将立即退出登录，且不能再登录，直到重新启用。' : '启用后该用户可以重新登录。',
        okText: u.isActive ? '停用' : '启用',
        okButtonProps: { danger: u.isActive },
        cancelText: '取消',
        onOk: () => toggle.mutateAsync(u).catch(() => undefined),
      });
    }
  };

  // fits 976 px (1280 inside the frame): the unit takes the room left, cut with a tooltip
  const columns: TableColumnsType<UserListItem> = [
    { title: '用户名', dataIndex: 'username', width: 124, fixed: 'left', ...clipped<UserListItem>() },
    { title: '姓名', dataIndex: 'displayName', width: 84, render: (v: string, r) => (r.title ? <Tooltip title={r.title}>{v}</Tooltip> : v) },
    { title: '单位', dataIndex: 'orgName', ...clipped<UserListItem>() },
    { title: '角色', dataIndex: 'roleLabels', width: 150, render: (v: string[]) => <Space size={[4, 4]} wrap>{v.map((l) => <Tag key={l} color="blue" style={{ marginInlineEnd: 0 }}>{l}</Tag>)}</Space> },
    {
      title: '状态',
      dataIndex: 'isActive',
      width: 100,
      render: (a: boolean, r) => (
        <Space size={[4, 4]} wrap>
          {a ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>}
          {r.lockedUntil ? (
            <Tooltip title={`连续输错密码，锁定至 ${fmtDateTime(r.lockedUntil)}`}>
              <Tag color="red">已锁定</Tag>
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
    { title: '动态验证码', dataIndex: 'totpEnabled', width: 96, render: (t: boolean) => (t ? <Tag color="green">已绑定</Tag> : <Tag>未绑定</Tag>) },
    { title: '电话', dataIndex: 'phone', width: 124, render: (v: string | null) => v || '—' },
    {
      title: '操作',
      key: 'op',
      width: 124,
      fixed: 'right',
      render: (_: unknown, u) => {
        const more = moreActions(u);
        return (
          <Space size={0}>
            {can('user.update') ? (
              <Button type="link" size="small" onClick={() => openEdit.mutate(u)} loading={openEdit.isPending && openEdit.variables.id === u.id} aria-label={`编辑 ${u.displayName}`}>
                编辑
              </Button>
            ) : null}
            {more?.length ? (
              <Dropdown trigger={['click']} menu={{ items: more, onClick: ({ key }) => onMore(u, key) }}>
                <Button type="link" size="small" aria-label={`${u.displayName} 的更多操作`}>
                  更多 <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <ListPage<UserListItem>
        title="用户管理"
        endpoint="/users"
        filters={filters}
        columns={columns}
        rowKey="id"
        emptyText="暂无用户"
        toolbar={
          can('user.create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新增用户
            </Button>
          ) : null
        }
      />
      {editing ? (
        <UserFormModal
          user={editing === 'new' ? null : editing}
          orgTree={tree.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
          onRefresh={() => {
            setEditing(null);
            void refresh();
          }}
        />
      ) : null}
      {resetting ? <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} /> : null}
      <Modal
        open={!!pii}
        title={pii ? `完整个人信息：${pii.user.displayName}` : ''}
        onCancel={() => setPii(null)}
        footer={<Button onClick={() => setPii(null)}>关闭</Button>}
      >
        {pii ? (
          <>
            <Typography.Paragraph type="warning">本次查看已记入审计日志，请勿截屏或外传。</Typography.Paragraph>
            <Descriptions
              column={1}
              bordered
              size="small"
              items={[
                { key: 'p', label: '电话', children: pii.data.phone || '—' },
                { key: 'e', label: '邮箱', children: pii.data.email || '—' },
                { key: 'i', label: '身份证号', children: pii.data.idNumber || '—' },
              ]}
            />
          </>
        ) : null}
      </Modal>
    </>
  );
}
