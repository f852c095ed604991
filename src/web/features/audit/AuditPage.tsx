// X-1 审计日志: who did what to which record, filtered in the URL (操作人, 操作, 对象类型, 单位,
// 日期), paged by key like the other lists, with a before → after diff per entry, an Excel export
// of the same query and a check of the hash chain.
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { auditColumnTitle, type AuditColumnKey } from '../../../domain/audit/actions';
import { api } from '../../shared/api';
import { errorText, useErrorReporter } from '../../shared/errors';
import { fmtDateTimeSec } from '../../shared/format';
import { ListPage, filterNamesOf, useListParams, type FilterField } from '../../shared/ListPage';
import { toTreeOptions, useOrgTree } from '../../shared/orgTree';
import type { AuditEntry, AuditVerify } from '../../../contract/audit';
import { usePageTitle } from '../../shared/usePageTitle';
import { downloadFile } from '../transfer/common';
import { AuditDiff } from './AuditDiff';
import { actionColor, actionFilterOptions, entityTypeFilterOptions } from './auditLabels';

/** The record by its name, linked to its page where there is one. */
function entityCell(e: AuditEntry) {
  if (!e.entityType) return '—';
  const title = e.entityTitle ?? '（记录已删除）';
  return e.entityLink ? <Link to={e.entityLink}>{title}</Link> : <span>{title}</span>;
}

export function AuditPage() {
  usePageTitle('审计日志');
  const { message } = App.useApp();
  const tree = useOrgTree();
  const orgOptions = useMemo(() => toTreeOptions(tree.data ?? []), [tree.data]);
  const filters: FilterField[] = [
    { kind: 'text', name: 'actor', label: '操作人', placeholder: '姓名或用户名' },
    { kind: 'select', name: 'action', label: '操作', options: actionFilterOptions, search: true },
    { kind: 'select', name: 'entityType', label: '对象类型', options: entityTypeFilterOptions, search: true },
    ...(orgOptions.length ? [{ kind: 'treeSelect' as const, name: 'orgId', label: '单位', treeData: orgOptions }] : []),
    { kind: 'dateRange', name: 'range', label: '日期', from: 'from', to: 'to' },
  ];
  const lp = useListParams(filterNamesOf(filters));
  const report = useErrorReporter();
  const verify = useMutation({ mutationFn: () => api<AuditVerify>('/audit/verify'), onError: (e) => report(e, { action: '校验' }) });
  const exportList = async () => {
    const hide = message.loading('正在生成 Excel…', 0);
    try {
      await downloadFile('/audit/export', '审计日志.xlsx', lp.filters);
    } catch (e) {
      message.error(`导出失败：${errorText(e)}`);
    } finally {
      hide();
    }
  };

  const t = (k: AuditColumnKey) => auditColumnTitle(k);
  // sized to fit 1280 px without scrolling sideways; a long reason is cut here and shown whole in the expanded row
  const columns: TableColumnsType<AuditEntry> = [
    { title: t('at'), dataIndex: 'at', width: 108, render: (v: string) => <span style={{ whiteSpace: 'pre-line' }}>{fmtDateTimeSec(v).replace(' ', '\n')}</span> },
    {
      title: t('actor'),
      dataIndex: 'actorDisplayName',
      width: 84,
      render: (v: string | null, r) => (v ? <span title={r.actorUsername ? `用户名：${r.actorUsername}` : undefined}>{v}</span> : '（未登录）'),
    },
    { title: t('actorOrg'), dataIndex: 'actorOrgName', width: 150, render: (v: string | null) => v ?? '—' },
    { title: t('action'), dataIndex: 'action', width: 140, render: (v: string, r) => <Tag color={actionColor(v)} style={{ whiteSpace: 'normal' }}>{r.actionLabel}</Tag> },
    { title: t('entityType'), dataIndex: 'entityType', width: 100, render: (v: string | null, r) => (v ? r.entityTypeLabel : '—') },
    { title: t('entity'), dataIndex: 'entityTitle', width: 210, render: (_: unknown, r) => entityCell(r) },
    { title: t('reason'), dataIndex: 'reason', ellipsis: { showTitle: true }, render: (v: string | null) => v || '—' },
  ];

  const verifyResult = verify.data ? (
    verify.data.ok ? (
      <Alert
        type="success"
        showIcon
        closable
        style={{ marginBottom: 16 }}
        title={`审计日志完整，共校验 ${verify.data.checked} 条`}
        description={`每条记录的哈希与前一条相链，未发现篡改或缺失。${verify.data.latest ? `与 ${fmtDateTimeSec(verify.data.latest.at)} 签名的检查点（截至第 ${verify.data.latest.seq} 条）一致。` : ''}`}
      />
    ) : verify.data.firstBrokenSeq === undefined && verify.data.problems?.length ? (
      // the chain holds, but not with its signed checkpoints (last rows deleted, chain recomputed …)
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title="审计日志与签名检查点不一致"
        description={`${verify.data.problems.map((p) => p.message).join('；')}。请立即报告平台安全管理员。`}
      />
    ) : (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 16 }}
        title={`审计日志哈希链断裂：第 ${verify.data.firstBrokenSeq} 条记录校验未通过`}
        description={`已校验 ${verify.data.checked} 条。${verify.data.reason === 'seq-gap' ? '记录序号不连续，可能有记录被删除。' : '该记录的内容或链接与哈希不符，可能被篡改。'}请立即报告平台安全管理员。`}
      />
    )
  ) : null;

  return (
    <ListPage<AuditEntry>
      title="审计日志"
      endpoint="/audit"
      filters={filters}
      columns={columns}
      rowKey="seq"
      emptyText="暂无审计日志"
      scrollX={940}
      extra={verifyResult}
      toolbar={
        <Space wrap>
          <Button icon={<DownloadOutlined />} onClick={exportList}>
            导出 Excel
          </Button>
          <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending}>
            校验哈希链
          </Button>
        </Space>
      }
      expandable={{
        rowExpandable: (r) => !!(r.before || r.after || r.reason),
        expandedRowRender: (r) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {r.reason ? <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>原因：{r.reason}</Typography.Paragraph> : null}
            {r.before || r.after ? <AuditDiff before={r.before} after={r.after} entityType={r.entityType} refs={r.refs} /> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              序号 {r.seq} · IP {r.ip ?? '—'} · 哈希 {r.hash.slice(0, 16)}…
            </Typography.Text>
          </Space>
        ),
      }}
    />
  );
}
