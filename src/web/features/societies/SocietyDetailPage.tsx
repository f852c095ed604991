// ORG-2, ORG-3: a society's record — header, 基本信息, 年度情况 and 变更记录.
import { ArrowLeftOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Popconfirm, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { DictTag, useDict } from '../../shared/dictionaries';
import { QueryError, useErrorReporter } from '../../shared/errors';
import { fmtCount, fmtDate, fmtDateTime, fmtRange } from '../../shared/format';
import type { Society, SocietyPersonalData, YearlyFacts } from '../../../contract/orgs';
import { usePageTitle } from '../../shared/usePageTitle';
import { AuditTimeline } from '../audit/AuditTimeline';
import { YearlyFactsDrawer } from './YearlyFactsDrawer';

type FullPhones = SocietyPersonalData;

export function SocietyDetailPage() {
  const { id = '' } = useParams();
  const can = useCan();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const q = useQuery({ queryKey: ['societies', id], queryFn: ({ signal }) => api<Society>(`/societies/${id}`, { signal }) });
  usePageTitle(q.data?.name ?? '学会档案');
  const [phones, setPhones] = useState<FullPhones | null>(null);
  const { message } = App.useApp();
  const report = useErrorReporter();
  const qc = useQueryClient();

  const reveal = useMutation({
    mutationFn: () => api<FullPhones>(`/societies/${id}/personal-data`),
    onSuccess: (d) => {
      setPhones(d);
      message.info('已显示完整电话，本次查看已记入审计日志');
    },
    onError: (e) => report(e),
  });
  const toggleActive = useMutation({
    mutationFn: (isActive: boolean) => api<Society>(`/societies/${id}`, { method: 'PATCH', body: { version: q.data!.version, isActive } }),
    onSuccess: (s) => {
      qc.setQueryData(['societies', id], s);
      void qc.invalidateQueries({ queryKey: ['/societies'] });
      void qc.invalidateQueries({ queryKey: ['orgs/tree'] });
      message.success(s.isActive ? '已启用' : '已停用');
    },
    onError: (e) => report(e, { onRefresh: () => q.refetch(), action: '操作' }),
  });

  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <Card><QueryError error={q.error} onRetry={() => q.refetch()} /></Card>;
  const s = q.data;
  const tab = sp.get('tab') ?? 'basic';
  const may = (a: Society['actions'][number]) => s.actions.includes(a);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Link to="/app/societies" aria-label="返回学会列表">
              <ArrowLeftOutlined />
            </Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {s.name}
            </Typography.Title>
            {s.isActive ? <Tag color="green">正常</Tag> : <Tag>已停用</Tag>}
            <DictTag dict="societyTypes" value={s.profile.societyType} />
            <DictTag dict="affiliations" value={s.profile.affiliation} />
          </Space>
          <Typography.Text type="secondary">
            所属科协：{s.parentName ?? '—'}
            {s.yearlyFacts[0] ? ` · ${s.yearlyFacts[0].year} 年年检：` : ''}
            {s.yearlyFacts[0] ? <DictTag dict="inspectionResults" value={s.yearlyFacts[0].annualInspection} /> : null}
          </Typography.Text>
          <Space wrap>
            {may('update') ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/app/societies/${id}/edit`)}>
                编辑
              </Button>
            ) : null}
            {may('viewPersonalData') ? (
              <Button icon={<EyeOutlined />} onClick={() => reveal.mutate()} loading={reveal.isPending} disabled={!!phones}>
                查看完整电话
              </Button>
            ) : null}
            {may('setActive') ? (
              <Popconfirm
                title={s.isActive ? '停用该学会？' : '启用该学会？'}
                description={s.isActive ? '停用后该学会的用户将不能登录，也不能参与新的承接项目。' : '启用后该学会的用户可以重新登录。'}
                okText={s.isActive ? '停用' : '启用'}
                cancelText="取消"
                okButtonProps={{ danger: s.isActive }}
                onConfirm={() => toggleActive.mutate(!s.isActive)}
              >
                <Button danger={s.isActive} loading={toggleActive.isPending}>
                  {s.isActive ? '停用' : '启用'}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        </Space>
      </Card>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => setSp(k === 'basic' ? {} : { tab: k }, { replace: true })}
          items={[
            { key: 'basic', label: '基本信息', children: <BasicInfo s={s} phones={phones} /> },
            { key: 'facts', label: '年度情况', children: <FactsTab s={s} onRefresh={() => q.refetch()} /> },
            ...(can('audit.read')
              ? [{ key: 'history', label: '变更记录', children: <AuditTimeline entityType="organisation" entityId={s.id} /> }]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}

function yesNo(v: boolean, yes = '有', no = '无') {
  return v ? <Tag color="green">{yes}</Tag> : <Tag>{no}</Tag>;
}

function BasicInfo({ s, phones }: { s: Society; phones: FullPhones | null }) {
  const { label } = useDict();
  const p = s.profile;
  const phone = (masked: string | null, full: string | null | undefined) => (phones ? full || '—' : masked || '—');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {phones ? <Alert type="info" showIcon title="当前显示完整电话号码，请注意保护个人信息。" /> : null}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, xxl: 3 }}
        items={[
          { key: 'type', label: '类型', children: label('societyTypes', p.societyType) },
          { key: 'aff', label: '隶属关系', children: label('affiliations', p.affiliation) },
          { key: 'founded', label: '成立年份', children: p.foundedYear ? `${p.foundedYear} 年` : '—' },
          { key: 'disc', label: '学科领域', children: p.disciplines.length ? p.disciplines.map((d) => <Tag key={d}>{d}</Tag>) : '—' },
          { key: 'ind', label: '行业领域', children: p.industries.length ? p.industries.map((d) => <Tag key={d}>{d}</Tag>) : '—' },
          { key: 'web', label: '网站', children: p.website ? <a href={p.website} target="_blank" rel="noreferrer noopener">{p.website}</a> : '—' },
          { key: 'legal', label: '法定代表人及电话', children: [p.legalRepName, phones ? phones.legalRepPhone : p.legalRepPhone].filter(Boolean).join(' · ') || '—' },
          {
            key: 'sg',
            label: '秘书长（是否专职）及电话',
            children: (
              <Space size={6} wrap>
                <span>{p.secretaryGeneralName || '—'}</span>
                {p.secretaryGeneralFullTime ? <Tag color="green">专职</Tag> : <Tag>兼职</Tag>}
                <span>{phone(p.secretaryGeneralPhone, phones?.secretaryGeneralPhone)}</span>
              </Space>
            ),
          },
          { key: 'fts', label: '专职人员数', children: fmtCount(p.fullTimeStaff, ' 人') },
          { key: 'fin', label: '财务人员数', children: fmtCount(p.financeStaff, ' 人') },
          { key: 'acct', label: '独立银行账户', children: yesNo(p.hasIndependentAccount) },
          { key: 'party', label: '党组织', children: label('partyOrgs', p.partyOrg) },
          { key: 'council', label: '理事会/常务理事会人数', children: `${fmtCount(p.councilSize, ' 人')} / ${fmtCount(p.standingCouncilSize, ' 人')}` },
          { key: 'members', label: '会员库/会员数', children: <Space size={6}>{yesNo(p.hasMemberDatabase, '已建立', '未建立')}<span>{fmtCount(p.memberCount, ' 人')}</span></Space> },
          { key: 'experts', label: '专家库/专家数', children: <Space size={6}>{yesNo(p.hasExpertDatabase, '已建立', '未建立')}<span>{fmtCount(p.expertCount, ' 人')}</span></Space> },
        ]}
      />
      <Descriptions
        title="登记信息"
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2, xxl: 3 }}
        items={[
          { key: 'parent', label: '所属科协', children: s.parentName ?? '—' },
          { key: 'short', label: '简称', children: s.shortName || '—' },
          { key: 'credit', label: '统一社会信用代码', children: s.creditCode || '—' },
          { key: 'region', label: '地区', children: s.region || '—' },
          { key: 'contact', label: '联系人', children: s.contactName || '—' },
          { key: 'cphone', label: '联系电话', children: phone(s.contactPhone, phones?.contactPhone) },
          { key: 'updated', label: '最后修改', children: fmtDateTime(s.updatedAt) },
        ]}
      />
    </Space>
  );
}

function FactsTab({ s, onRefresh }: { s: Society; onRefresh: () => void }) {
  const { label } = useDict();
  const [editing, setEditing] = useState<YearlyFacts | 'new' | null>(null);
  const editable = s.actions.includes('putYearlyFacts');
  const columns: TableColumnsType<YearlyFacts> = [
    { title: '年度', dataIndex: 'year', width: 80, render: (y: number) => `${y} 年` },
    { title: '年检结果', dataIndex: 'annualInspection', width: 120, render: (v: string) => <DictTag dict="inspectionResults" value={v} /> },
    { title: '表彰', dataIndex: 'commendations', width: 80, align: 'center', render: (v: unknown[]) => countTag(v.length, 'green') },
    { title: '违规', dataIndex: 'violations', width: 80, align: 'center', render: (v: unknown[]) => countTag(v.length, 'red') },
    { title: '通报批评', dataIndex: 'criticisms', width: 90, align: 'center', render: (v: unknown[]) => countTag(v.length, 'orange') },
    { title: '未完成任务', dataIndex: 'failedTasks', width: 100, align: 'center', render: (v: unknown[]) => countTag(v.length, 'orange') },
    { title: '取消资格', dataIndex: 'debarments', width: 90, align: 'center', render: (v: unknown[]) => countTag(v.length, 'red') },
    { title: '备注', dataIndex: 'note', render: (v: string | null) => v || '—' },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'op',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, r: YearlyFacts) => (
              <Button type="link" size="small" onClick={() => setEditing(r)} aria-label={`编辑 ${r.year} 年度情况`}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      {editable ? (
        <div style={{ marginBottom: 12, textAlign: 'right' }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            录入年度情况
          </Button>
        </div>
      ) : null}
      <Table<YearlyFacts>
        rowKey="id"
        columns={columns}
        dataSource={s.yearlyFacts}
        pagination={false}
        size="middle"
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description="暂无年度情况记录" /> }}
        expandable={{
          rowExpandable: (r) => r.commendations.length + r.violations.length + r.criticisms.length + r.failedTasks.length + r.debarments.length > 0,
          expandedRowRender: (r) => (
            <Descriptions
              size="small"
              column={1}
              items={[
                ...r.commendations.map((c, i) => ({ key: `c${i}`, label: '表彰', children: `${c.title}（${label('commendationLevels', c.level)}${c.awardedOn ? `，${fmtDate(c.awardedOn)}` : ''}）` })),
                ...r.violations.map((c, i) => ({ key: `v${i}`, label: '违规', children: `${c.description}${c.occurredOn ? `（${fmtDate(c.occurredOn)}）` : ''}` })),
                ...r.criticisms.map((c, i) => ({ key: `p${i}`, label: '通报批评', children: `${c.description}${c.occurredOn ? `（${fmtDate(c.occurredOn)}）` : ''}` })),
                ...r.failedTasks.map((c, i) => ({ key: `f${i}`, label: '未完成任务', children: `${c.description}${c.occurredOn ? `（${fmtDate(c.occurredOn)}）` : ''}` })),
                ...r.debarments.map((c, i) => ({ key: `d${i}`, label: '取消资格', children: `${c.reason}（${fmtRange(c.startsOn, c.endsOn)}）` })),
              ]}
            />
          ),
        }}
      />
      {editing ? (
        <YearlyFactsDrawer
          society={s}
          facts={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onRefresh={() => {
            setEditing(null);
            onRefresh();
          }}
        />
      ) : null}
    </>
  );
}

function countTag(n: number, color: string) {
  return n ? <Tag color={color}>{n}</Tag> : <span style={{ color: 'rgba(0,0,0,0.35)' }}>0</span>;
}
