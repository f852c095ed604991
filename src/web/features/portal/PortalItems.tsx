// PUB-1, FUN-1…FUN-3: the public list of transferable items (可转移职能事项), filtered by
// programme and category (kept in the URL), read page by page with the server's cursor.
import { Flex, Form, Grid, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { Link } from 'react-router';
import { fmtDate, fmtYuan } from '../../shared/format';
import { PortalListPage } from './portalFrame';
import { ItemStatusTag, categoryTreeData, usePilotProgrammes, usePublicProgramme, useUrlFilters } from './portalShared';
import type { PublicItemSummary } from '../../../contract/public';

export function PortalItems() {
  const f = useUrlFilters(['programmeId', 'categoryCode'] as const);
  const { programmeId, categoryCode } = f.values;
  return (
    <PortalListPage<PublicItemSummary>
      title="可转移职能事项"
      intro="各级政府部门公开发布、拟由科协所属学会承接的职能事项。事项的每一次变更和撤回都保留版本记录，供社会公众查阅。"
      filter={<ProgrammeCategoryFilter programmeId={programmeId} categoryCode={categoryCode} onChange={(next) => f.set(next)} />}
      path="/public/items"
      query={{ programmeId, categoryCode }}
      empty={{ filtered: '没有符合条件的事项，请调整方案或类别后再查看。', none: '目前还没有公开发布的可转移职能事项，请稍后再来查看。' }}
      // the items' own list: a date beside the title, tags under it
      renderList={(rows) => (
        <ul aria-label="事项列表" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((it) => (
            <ItemRow key={it.id} it={it} />
          ))}
        </ul>
      )}
    />
  );
}

/** "相关科技评估 / 省级科研…" → "省级科研…" (the full path stays in the tag's title). */
const leafLabel = (path: string) => path.split(' / ').pop() ?? path;

function ItemRow({ it }: { it: PublicItemSummary }) {
  return (
    <li style={{ padding: '14px 0', borderBottom: '1px solid #f0f0f0' }}>
      <Flex wrap gap={8} align="baseline" justify="space-between">
        <Link to={`/portal/items/${it.id}`} style={{ fontSize: 16, fontWeight: 600, minWidth: 0, flex: '1 1 360px' }}>
          {it.title}
        </Link>
        <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
          {fmtDate(it.publishedAt)}
        </Typography.Text>
      </Flex>
      <Space wrap size={[6, 6]} style={{ marginTop: 8 }}>
        <ItemStatusTag status={it.status} label={it.statusLabel} />
        <Tag title={it.categoryLabel}>{leafLabel(it.categoryLabel)}</Tag>
        <Tag color="geekblue">{it.commissioningModeLabel}</Tag>
        {it.revision > 1 ? <Tag color="orange">已变更 · 第 {it.revision} 版</Tag> : null}
      </Space>
      {it.summary ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: '8px 0 0' }}>
          {it.summary}
        </Typography.Paragraph>
      ) : null}
      <Flex wrap style={{ columnGap: 16, rowGap: 4, marginTop: 6, fontSize: 13 }}>
        <Typography.Text>发布部门：{it.departmentName}</Typography.Text>
        <Typography.Text>预算：{fmtYuan(it.budgetFen, '未列明')}</Typography.Text>
        <Typography.Text type="secondary">{it.programmeName}</Typography.Text>
      </Flex>
    </li>
  );
}

/** Pick a programme, then one of its categories. Changes apply at once (and go into the URL). */
export function ProgrammeCategoryFilter(props: {
  programmeId: string | undefined;
  categoryCode?: string | undefined;
  onChange: (next: { programmeId?: string; categoryCode?: string }) => void;
  /** false: the programme only (the demand catalogue and the results have no categories) */
  withCategory?: boolean;
}) {
  const withCategory = props.withCategory !== false;
  const screens = Grid.useBreakpoint();
  const wide = !!screens.lg;
  const programmes = usePilotProgrammes();
  const programme = usePublicProgramme(withCategory ? props.programmeId : undefined);
  const w = wide ? { width: 320 } : { width: '100%' };
  return (
    <Form layout={wide ? 'inline' : 'vertical'} role="search" aria-label="筛选条件" style={{ rowGap: 12 }}>
      <Form.Item label="所属方案" htmlFor="filter-programme" style={wide ? undefined : { marginBottom: withCategory ? 12 : 0 }}>
        <Select
          id="filter-programme"
          allowClear
          placeholder="全部方案"
          loading={programmes.isLoading}
          value={props.programmeId}
          style={w}
          options={(programmes.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(v?: string) => props.onChange({ programmeId: v, categoryCode: undefined })}
          popupMatchSelectWidth={wide ? 420 : true}
          notFoundContent={programmes.isError ? '方案列表加载失败' : '暂无方案'}
        />
      </Form.Item>
      {withCategory ? (
        <Form.Item label="事项类别" htmlFor="filter-category" style={wide ? undefined : { marginBottom: 0 }}>
          <TreeSelect
            id="filter-category"
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={props.programmeId ? '全部类别' : '请先选择方案'}
            disabled={!props.programmeId && !props.categoryCode}
            loading={programme.isLoading}
            value={props.categoryCode}
            treeData={categoryTreeData(programme.data?.categories)}
            treeDefaultExpandAll
            style={w}
            popupMatchSelectWidth={wide ? 360 : true}
            onChange={(v?: string) => props.onChange({ programmeId: props.programmeId, categoryCode: v })}
          />
        </Form.Item>
      ) : null}
    </Form>
  );
}
