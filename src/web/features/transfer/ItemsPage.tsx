// FUN-1…FUN-5, SEL-1, SEL-5: 可转移职能事项 — filters in the URL, the toolbar of the user's role
// (new, import, template, export; relay and send to countersign for the association), the table.
import { DownloadOutlined, ExportOutlined, PlusOutlined, SendOutlined, ShareAltOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useCan, useMe } from '../../shared/auth';
import { errorText } from '../../shared/errors';
import { clipped } from '../../shared/cells';
import { fmtDate, fmtYuan } from '../../shared/format';
import { ListPage, type FilterField } from '../../shared/ListPage';
import type { TransferItemListItem as TransferItem } from '../../../contract/transfer';
import { usePageTitle } from '../../shared/usePageTitle';
import { DeadlineText, StatusTag, downloadFile, itemStatusOptions, useCategoryTree, useProgramme, useTransferProgrammes } from './common';
import { ImportItemsModal } from './ImportItemsModal';
import { RelayModal, SendCountersignModal } from './BatchModals';

/** The count is of the declarations the reader may see: all (association), its own (society),
 * the recommended ones (department, review office). */
function declarationCountText(n: number, orgType: string | undefined): string | null {
  if (orgType === 'society') return n ? '本学会已申报' : null;
  if (orgType === 'department' || orgType === 'review_office') return `已推荐 ${n} 家`;
  return `已申报 ${n} 家`;
}

export function ItemsPage() {
  usePageTitle('可转移职能事项');
  const can = useCan();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [sp] = useSearchParams();
  const programmes = useTransferProgrammes();
  const programmeOptions = (programmes.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  // the category filter follows the chosen programme (or the only one there is)
  const programmeId = sp.get('programmeId') ?? (programmes.data?.length === 1 ? programmes.data[0].id : undefined);
  const programme = useProgramme(programmeId);
  const categoryTree = useCategoryTree(programme.data?.categories);
  const [importOpen, setImportOpen] = useState(false);
  const [selected, setSelected] = useState<TransferItem[]>([]);
  const [batch, setBatch] = useState<'relay' | 'countersign' | null>(null);

  const isDept = me?.orgType === 'department';
  const canRelay = can('item.relay');
  const canSend = can('countersign.send');
  const selectable = canRelay || canSend;

  const filters: FilterField[] = [
    { kind: 'text', name: 'q', label: '关键词', placeholder: '事项名称或内容' },
    { kind: 'select', name: 'programmeId', label: '所属方案', options: programmeOptions },
    { kind: 'select', name: 'status', label: '状态', options: isDept ? itemStatusOptions : itemStatusOptions.filter((o) => o.value !== 'draft') },
    ...(categoryTree.length ? [{ kind: 'treeSelect' as const, name: 'categoryCode', label: '事项类别', treeData: categoryTree }] : []),
  ];

  const columns: TableColumnsType<TransferItem> = [
    // fits 976 px (1280 inside the frame) with the selection column: the title takes the room left
    // and wraps; the version is on the item's page
    {
      title: '事项名称',
      dataIndex: 'title',
      fixed: 'left',
      render: (t: string, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/app/items/${r.id}`}>{t}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.categoryLabel}
          </Typography.Text>
        </Space>
      ),
    },
    ...(isDept ? [] : [{ title: '委托部门', dataIndex: 'departmentName', width: 140, ...clipped<TransferItem>() }]),
    { title: '委托方式', dataIndex: 'commissioningModeLabel', width: 90 },
    { title: '预算金额（元）', dataIndex: 'budgetFen', width: 132, align: 'right', render: (v: number | null) => fmtYuan(v, '无') },
    { title: '状态', dataIndex: 'status', width: 122, render: (s: string, r) => <StatusTag kind="item" status={s} label={r.statusLabel} /> },
    {
      title: '申报',
      dataIndex: 'declarationCount',
      width: 150,
      render: (n: number, r) =>
        r.status === 'relayed' ? (
          <Space orientation="vertical" size={0}>
            <span>{declarationCountText(n, me?.orgType) ?? '—'}</span>
            <span style={{ fontSize: 12 }}>
              <DeadlineText deadline={r.declarationDeadline} />
            </span>
          </Space>
        ) : n ? (
          declarationCountText(n, me?.orgType)
        ) : (
          '—'
        ),
    },
    { title: '发布日期', dataIndex: 'publishedAt', width: 108, render: (v: string | null) => fmtDate(v) },
  ];

  const programmeOfSelection = useMemo(() => {
    const ids = new Set(selected.map((s) => s.programmeId));
    return ids.size === 1 ? [...ids][0] : null;
  }, [selected]);
  const allIn = (status: string) => selected.length > 0 && selected.every((s) => s.status === status);
  const batchHint = (status: string, verb: string) =>
    !selected.length
      ? `请先勾选“${statusLabelOf(status)}”的事项`
      : !allIn(status)
        ? `只能${verb}“${statusLabelOf(status)}”的事项`
        : !programmeOfSelection
          ? '请选择同一方案的事项'
          : undefined;

  const templateProgramme = programmeId && programmes.data?.some((p) => p.id === programmeId && p.status === 'published') ? programmeId : null;
  const downloadTemplate = async () => {
    if (!templateProgramme) {
      setImportOpen(true);
      return;
    }
    try {
      await downloadFile(`/programmes/${templateProgramme}/items/template`, '可转移职能事项导入模板.xlsx');
    } catch (e) {
      message.error(`下载失败：${errorText(e)}`);
    }
  };
  const exportList = async () => {
    const hide = message.loading('正在生成 Excel…', 0);
    try {
      // the same filters as the list (GET /items/export takes the list's)
      await downloadFile('/items/export', '可转移职能事项.xlsx', { programmeId: sp.get('programmeId') ?? undefined, status: sp.get('status') ?? undefined, categoryCode: sp.get('categoryCode') ?? undefined, q: sp.get('q') ?? undefined });
    } catch (e) {
      message.error(`导出失败：${errorText(e)}`);
    } finally {
      hide();
    }
  };

  const relayHint = batchHint('published', '转发');
  const sendHint = batchHint('relayed', '报送');
  const toolbar = (
    <Space wrap>
      {can('item.manage') ? (
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/app/items/new${programmeId ? `?programmeId=${programmeId}` : ''}`)}>
            新增事项
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)}>
            导入
          </Button>
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
            下载导入模板
          </Button>
        </>
      ) : null}
      {canRelay ? (
        <Tooltip title={relayHint}>
          <Button type="primary" icon={<ShareAltOutlined />} disabled={!!relayHint} onClick={() => setBatch('relay')}>
            转发学会{selected.length && !relayHint ? `（${selected.length}）` : ''}
          </Button>
        </Tooltip>
      ) : null}
      {canSend ? (
        <Tooltip title={sendHint}>
          <Button icon={<SendOutlined />} disabled={!!sendHint} onClick={() => setBatch('countersign')}>
            报送会签{selected.length && !sendHint ? `（${selected.length}）` : ''}
          </Button>
        </Tooltip>
      ) : null}
      <Button icon={<ExportOutlined />} onClick={exportList}>
        导出
      </Button>
    </Space>
  );

  return (
    <>
      <ListPage<TransferItem>
        title="可转移职能事项"
        endpoint="/items"
        filters={filters}
        columns={columns}
        rowKey="id"
        toolbar={toolbar}
        emptyText={isDept ? '暂无事项，请点击“新增事项”或“导入”' : '暂无可查看的事项'}
        extra={
          selectable && selected.length ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              已选 {selected.length} 项{' '}
              <Button type="link" size="small" onClick={() => setSelected([])}>
                清除选择
              </Button>
            </Typography.Paragraph>
          ) : selectable ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              勾选“已发布”的事项可转发学会申报；勾选“已转发学会”且已审核推荐的事项可报送会签。
            </Typography.Paragraph>
          ) : null
        }
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected.map((s) => s.id),
                preserveSelectedRowKeys: true,
                onChange: (_keys, rows) => setSelected(rows.filter(Boolean)),
                getCheckboxProps: (r) => ({
                  disabled: !((canRelay && r.status === 'published') || (canSend && r.status === 'relayed')),
                  'aria-label': `选择 ${r.title}`,
                }),
              }
            : undefined
        }
      />
      {importOpen ? <ImportItemsModal defaultProgrammeId={programmeId} onClose={() => setImportOpen(false)} /> : null}
      {batch === 'relay' && programmeOfSelection ? (
        <RelayModal programmeId={programmeOfSelection} items={selected} onClose={(done) => (setBatch(null), done && setSelected([]))} />
      ) : null}
      {batch === 'countersign' && programmeOfSelection ? (
        <SendCountersignModal programmeId={programmeOfSelection} items={selected} onClose={(done) => (setBatch(null), done && setSelected([]))} />
      ) : null}
    </>
  );
}

const statusLabelOf = (s: string) => itemStatusOptions.find((o) => o.value === s)?.label ?? s;
