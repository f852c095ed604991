// STA-1 统计指标 and STA-2 统计看板 (issue 14). The indicators of the association's subtree and a year:
// each figure with the line saying what it counts and the seed's words it stands for, its parts each
// opening the records counted (下钻), the breakdown by level and lower association, and 在门户公开 /
// 撤回公开. The dashboards: items by category and state, projects by stage, key nodes, the fund ledger
// and evaluation results, for the subtree or one programme, by year.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Drawer, Empty, List, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDateTime, fmtWanYuan } from '../../shared/format';
import { usePageTitle } from '../../shared/usePageTitle';
import type { Dashboard, Indicator, IndicatorMember, IndicatorSheet } from '../../../contract/indicators';
import { EChart, barOption, pieOption } from './EChart';
import { ReportDownloads } from './ReportDownloads';

type Part = Indicator['parts'][number];

/** The association and year chosen, kept in the address so a page can be shared and reloaded. */
function useScope() {
  const [params, setParams] = useSearchParams();
  const associationId = params.get('associationId') ?? undefined;
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const programmeId = params.get('programmeId') ?? undefined;
  const set = (next: { associationId?: string; year?: number; programmeId?: string }) => {
    const p = new URLSearchParams();
    const merged = { associationId, year, programmeId, ...next };
    if (merged.associationId) p.set('associationId', merged.associationId);
    if (merged.year) p.set('year', String(merged.year));
    if (merged.programmeId) p.set('programmeId', merged.programmeId);
    setParams(p, { replace: true });
  };
  const query = new URLSearchParams();
  if (associationId) query.set('associationId', associationId);
  if (year) query.set('year', String(year));
  return { associationId, year, programmeId, set, query: query.toString() };
}

export const fmtIndicator = (v: number | null, unit: string): string => (v === null ? '—' : unit === '%' ? `${v.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%` : fmtCount(v, ` ${unit}`));

function YearSelect({ years, value, onChange }: { years: number[]; value: number; onChange: (y: number) => void }) {
  return <Select aria-label="年度" value={value} style={{ width: 110 }} onChange={onChange} options={years.map((y) => ({ value: y, label: `${y} 年` }))} />;
}

/** The public's satisfaction is shown where the public was asked (000 and 002 survey it; 004 does not). */
const shown = (i: Indicator) => i.key !== 'satisfactionPublic' || i.parts.some((p) => p.value > 0);

export function IndicatorsPage() {
  usePageTitle('统计指标');
  const s = useScope();
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['/indicators', s.query], queryFn: ({ signal }) => api<IndicatorSheet>(`/indicators${s.query ? `?${s.query}` : ''}`, { signal }) });
  const [drill, setDrill] = useState<Part | null>(null);
  const publish = useMutation({
    mutationFn: (v: { associationId: string; year: number }) => api<IndicatorSheet>('/indicators/publications', { method: 'POST', body: v }),
    onSuccess: (d) => {
      qc.setQueryData(['/indicators', s.query], d);
      message.success('已在门户公开本年度统计指标');
    },
    onError: (e) => report(e, { action: '公开统计指标' }),
  });
  const withdraw = useMutation({
    mutationFn: (id: string) => api(`/indicators/publications/${id}/withdraw`, { method: 'POST', body: {} }),
    onSuccess: () => {
      void q.refetch();
      message.success('已撤回公开');
    },
    onError: (e) => report(e, { action: '撤回公开' }),
  });

  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const breakdownColumns: TableColumnsType<IndicatorSheet['breakdown'][number]> = [
    {
      title: '科协',
      key: 'association',
      fixed: 'left',
      width: 200,
      render: (_: unknown, b) => (b.own ? `${b.association.name}（本级）` : <Link to={`/app/indicators?associationId=${b.association.id}&year=${d.year}`}>{b.association.name}</Link>),
    },
    ...d.indicators.filter(shown).map((i) => ({ title: i.label, key: i.key, width: 110, align: 'right' as const, render: (_: unknown, b: IndicatorSheet['breakdown'][number]) => fmtIndicator(b.values[i.key] ?? null, i.unit) })),
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={`${d.association.name} · ${d.year} 年统计指标`}
        styles={{ title: { whiteSpace: 'normal' }, header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <div style={{ marginBottom: 12 }}>
          <Space wrap>
            <YearSelect years={d.years} value={d.year} onChange={(year) => s.set({ year })} />
            <ReportDownloads label="绩效自评报告" path="/reports/self-evaluation" query={{ associationId: d.association.id, year: String(d.year) }} fileName={`${d.association.name}${d.year}年绩效自评报告`} />
            {d.actions.includes('publish') ? (
              <Button
                type={d.publication ? 'default' : 'primary'}
                loading={publish.isPending}
                onClick={() =>
                  modal.confirm({
                    title: d.publication ? '以当前数值重新公开？' : `在门户公开 ${d.year} 年统计指标？`,
                    content: '门户显示公开时的数值；此后数值变化不会自动更新，需要再次公开。下钻的明细不公开。',
                    okText: '公开',
                    cancelText: '取消',
                    onOk: () => publish.mutateAsync({ associationId: d.association.id, year: d.year }),
                  })
                }
              >
                {d.publication ? '以当前数值重新公开' : '在门户公开'}
              </Button>
            ) : null}
            {d.actions.includes('withdraw') && d.publication ? (
              <Button danger loading={withdraw.isPending} onClick={() => withdraw.mutate(d.publication!.id)}>
                撤回公开
              </Button>
            ) : null}
          </Space>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          含本级和全部下级科协，由平台在每项业务办理时实时统计。点击构成中的数字可查看所计入的记录。
          {d.publication ? (
            <>
              {' '}
              <Tag color="green">已在门户公开</Tag>
              {fmtDateTime(d.publication.publishedAt)}
              {d.publication.publishedByName ? `，${d.publication.publishedByName}` : ''}
            </>
          ) : null}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[12, 12]}>
        {d.indicators.filter(shown).map((i) => (
          <Col key={i.key} xs={24} sm={12} lg={8} xl={6}>
            <Card size="small" style={{ height: '100%' }}>
              <Statistic title={i.label} value={fmtIndicator(i.value, i.unit)} />
              <Space size={[12, 4]} wrap style={{ margin: '6px 0' }}>
                {i.parts.map((p) => (
                  <Button key={p.count} type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setDrill(p)} aria-label={`查看${i.label}：${p.label}`}>
                    {p.label} {fmtCount(p.value)}
                  </Button>
                ))}
                {i.responseRate !== undefined ? <Typography.Text type="secondary">回收率 {i.responseRate === null ? '—' : `${i.responseRate}%`}</Typography.Text> : null}
              </Space>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
                口径：{i.definition}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
                依据：{i.seed}
              </Typography.Paragraph>
            </Card>
          </Col>
        ))}
      </Row>
      <Card title="按本级和下级科协分列" size="small">
        <Table rowKey={(b) => b.association.id} size="small" columns={breakdownColumns} dataSource={d.breakdown} pagination={false} scroll={{ x: 200 + 110 * d.indicators.filter(shown).length }} />
      </Card>
      {drill ? <MembersDrawer sheet={d} part={drill} onClose={() => setDrill(null)} /> : null}
    </Space>
  );
}

function MembersDrawer({ sheet, part, onClose }: { sheet: IndicatorSheet; part: Part; onClose: () => void }) {
  const [pages, setPages] = useState<string[]>(['']);
  const base = `/indicators/members?associationId=${sheet.association.id}&year=${sheet.year}&count=${encodeURIComponent(part.count)}&limit=50`;
  const queries = useQuery({
    queryKey: ['/indicators/members', base, pages],
    queryFn: async ({ signal }) => {
      const out: { items: IndicatorMember[]; nextCursor: string | null }[] = [];
      for (const c of pages) out.push(await api<{ items: IndicatorMember[]; nextCursor: string | null }>(`${base}${c ? `&cursor=${c}` : ''}`, { signal }));
      return out;
    },
  });
  const items = queries.data?.flatMap((p) => p.items) ?? [];
  const next = queries.data?.[queries.data.length - 1]?.nextCursor ?? null;
  const indicator = sheet.indicators.find((i) => i.parts.some((p) => p.count === part.count))!;
  return (
    <Drawer open onClose={onClose} title={`${indicator.label}：${part.label}（${fmtCount(part.value)}）`} size={560} styles={{ body: { paddingTop: 8 } }}>
      <Typography.Paragraph type="secondary">{indicator.definition}</Typography.Paragraph>
      {queries.isError ? <QueryError error={queries.error} onRetry={() => queries.refetch()} compact /> : null}
      <List
        loading={queries.isLoading}
        dataSource={items}
        locale={{ emptyText: <Empty description="没有计入的记录" /> }}
        renderItem={(m) => (
          <List.Item>
            <List.Item.Meta
              title={m.href ? <Link to={m.href}>{m.title}</Link> : m.title}
              description={
                <>
                  {m.detail ? <div>{m.detail}</div> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    计入：{m.association.name}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {next ? (
        <Button block onClick={() => setPages((p) => [...p, next])} loading={queries.isFetching}>
          加载更多
        </Button>
      ) : null}
    </Drawer>
  );
}

export function DashboardsPage() {
  usePageTitle('统计看板');
  const s = useScope();
  const query = new URLSearchParams(s.query);
  if (s.programmeId) query.set('programmeId', s.programmeId);
  const qs = query.toString();
  const q = useQuery({ queryKey: ['/dashboards', qs], queryFn: ({ signal }) => api<Dashboard>(`/dashboards${qs ? `?${qs}` : ''}`, { signal }) });
  const d = q.data;
  const charts = useMemo(() => {
    if (!d) return null;
    // plotted in 万元 (1 万元 = 1,000,000 分), so the axis reads as the labels do
    const wan = (fen: number) => Math.round(fen / 10_000) / 100;
    const funds = [
      { label: '预算', value: wan(d.funds.budgetedFen) },
      { label: '立项资助', value: wan(d.funds.awardedFen) },
      { label: '已拨付', value: wan(d.funds.disbursedFen) },
      { label: '已支出', value: wan(d.funds.spentFen) },
      { label: '已退还', value: wan(d.funds.refundedFen) },
      { label: '已追回', value: wan(d.funds.recoveredFen) },
    ];
    const resultColors: Record<string, string> = { passed: '#52c41a', passedWithConditions: '#faad14', failed: '#ff4d4f' };
    return {
      byCategory: barOption(d.itemsByCategory, '项'),
      byState: barOption(d.itemsByState, '项', { color: '#13c2c2' }),
      projects: barOption(d.projectsByStage, '个', { color: '#1677ff' }),
      funds: barOption(funds, '', { color: '#faad14', decimals: true, valueFormatter: (v) => fmtWanYuan(v * 1_000_000) }),
      grades: barOption(d.evaluationGrades, '个', { color: '#722ed1' }),
      bands: barOption(d.evaluationScoreBands, '个', { color: '#722ed1' }),
      completions: pieOption(d.completions.map((r) => ({ ...r, color: resultColors[r.key] })), '个'),
      hasFunds: funds.some((f) => f.value > 0),
    };
  }, [d]);
  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 12 }} /></Card>;
  if (q.isError || !d || !charts) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const chartCard = (title: string, rows: unknown[], node: React.ReactNode, empty: string) => (
    <Col xs={24} lg={12}>
      <Card size="small" title={title} style={{ height: '100%' }}>
        {rows.length ? node : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />}
      </Card>
    </Col>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={`${d.programme ? d.programme.name : `${d.association.name}（含下级）`} · ${d.year} 年统计看板`}
        styles={{ title: { whiteSpace: 'normal' }, header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
      >
        <div style={{ marginBottom: 12 }}>
          <Space wrap>
            <YearSelect years={d.years} value={d.year} onChange={(year) => s.set({ year, programmeId: undefined })} />
            <Select
              aria-label="方案"
              style={{ minWidth: 220, maxWidth: '100%' }}
              value={d.programme?.id ?? ''}
              onChange={(v) => s.set({ programmeId: v || undefined })}
              options={[{ value: '', label: '全部方案' }, ...d.programmes.map((p) => ({ value: p.id, label: p.name }))]}
            />
            <Link to={`/app/indicators${s.query ? `?${s.query}` : ''}`}>统计指标</Link>
          </Space>
        </div>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {d.programmes.length ? `${d.year} 年共 ${d.programmes.length} 个已发布的方案。` : `${d.year} 年尚无已发布的方案。`}数据在每项业务办理时实时更新。
        </Typography.Paragraph>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title="未完成的关键节点" value={d.milestones.open} suffix="个" /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title="已逾期" value={d.milestones.overdue} suffix="个" styles={{ content: { color: d.milestones.overdue ? '#cf1322' : undefined } }} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title="30 天内到期" value={d.milestones.dueWithin30Days} suffix="个" /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title="试点项目" value={d.projectsByStage.reduce((n, r) => n + r.value, 0)} suffix="个" /></Card>
        </Col>
        {chartCard('事项按类别', d.itemsByCategory, <EChart label="事项按类别" option={charts.byCategory} height={Math.max(160, 36 * d.itemsByCategory.length)} />, '尚无事项')}
        {chartCard('事项按状态', d.itemsByState, <EChart label="事项按状态" option={charts.byState} height={Math.max(160, 36 * d.itemsByState.length)} />, '尚无事项')}
        {chartCard('试点项目按阶段', d.projectsByStage, <EChart label="试点项目按阶段" option={charts.projects} height={Math.max(160, 36 * d.projectsByStage.length)} />, '尚无试点项目')}
        {chartCard('结项考核结果', d.completions, <EChart label="结项考核结果" option={charts.completions} />, '尚无结项考核结果')}
        {chartCard('专项资金（万元）', charts.hasFunds ? [1] : [], <EChart label="专项资金" option={charts.funds} height={240} />, '所选方案尚未登记专项资金')}
        {chartCard('第三方绩效评价等级', d.evaluationGrades, <EChart label="第三方绩效评价等级" option={charts.grades} height={Math.max(160, 36 * d.evaluationGrades.length)} />, '尚无已采纳的评估报告')}
        {chartCard('第三方绩效评价得分', d.evaluationScoreBands, <EChart label="第三方绩效评价得分" option={charts.bands} height={Math.max(160, 36 * d.evaluationScoreBands.length)} />, '尚无已采纳的评估报告')}
      </Row>
    </Space>
  );
}
