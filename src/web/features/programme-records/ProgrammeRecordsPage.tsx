// PRG-3 方案工作记录: the association that runs a programme keeps its meetings (minutes and
// decisions), work briefings (chosen ones disclosed on the portal) and stage reports to the
// association one level up; associations above read them and receive the stage reports.
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Select, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import type { RecordsProgrammeOptions } from '../../../contract/records';
import { usePageTitle } from '../../shared/usePageTitle';
import { MeetingsPanel } from './MeetingsPanel';
import { BriefingsPanel } from './BriefingsPanel';
import { ReceivedReportsPanel, StageReportsPanel } from './StageReportsPanel';

export function ProgrammeRecordsPage() {
  usePageTitle('方案工作记录');
  const [params, setParams] = useSearchParams();
  const programmes = useQuery({ queryKey: ['programme-records/programmes'], queryFn: ({ signal }) => api<RecordsProgrammeOptions>('/programme-records/programmes', { signal }) });
  const items = programmes.data?.items ?? [];
  const programmeId = params.get('programmeId') ?? items.find((p) => p.mine)?.id ?? items[0]?.id ?? null;
  const tab = params.get('tab') ?? 'meetings';
  const set = (next: Record<string, string>) => setParams((p) => ({ ...Object.fromEntries(p), ...next }), { replace: true });
  if (programmes.isLoading) return <Card><Skeleton active /></Card>;
  if (programmes.isError) return <Card><QueryError error={programmes.error} onRetry={() => programmes.refetch()} /></Card>;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            方案工作记录
          </Typography.Title>
          <Typography.Text type="secondary">领导小组会议和工作例会的纪要与议定事项、工作简报、向上一级科协报送的阶段报告。简报可选择在门户网站公开。</Typography.Text>
          {items.length ? (
            // a phone: the label above a full-width choice, the name cut inside it
            <Flex wrap gap={8} align="center">
              <Typography.Text>方案：</Typography.Text>
              <Select
                style={{ flex: '1 1 280px', minWidth: 0, maxWidth: 640 }}
                value={programmeId}
                onChange={(v) => set({ programmeId: v })}
                aria-label="选择方案"
                options={items.map((p) => ({
                  value: p.id,
                  label: (
                    <span title={p.name}>
                      {p.name}
                      {p.mine ? null : <Tag style={{ marginInlineStart: 4 }}>{p.associationName}</Tag>}
                    </span>
                  ),
                }))}
              />
            </Flex>
          ) : null}
        </Space>
      </Card>
      {!programmeId ? (
        <Card>
          <Empty description="暂无已发布的方案。方案发布后可在此登记工作记录。" />
        </Card>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k })}
          items={[
            { key: 'meetings', label: '会议纪要', children: <MeetingsPanel programmeId={programmeId} /> },
            { key: 'briefings', label: '工作简报', children: <BriefingsPanel programmeId={programmeId} /> },
            { key: 'stageReports', label: '阶段报告', children: <StageReportsPanel programmeId={programmeId} /> },
            { key: 'received', label: '下级报送', children: <ReceivedReportsPanel /> },
          ]}
        />
      )}
    </Space>
  );
}
