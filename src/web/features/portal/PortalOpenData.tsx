// PUB-3 (issue 14 §3) 开放数据: the public facts as data sets — what each holds, its columns (the
// Chinese titles the CSV carries, their type and meaning) and where to get it: a CSV download that
// Excel opens as it is, and the paged data interface for programs. The list comes from the server's
// catalogue (GET /api/v1/public/open-data), so the page and the files never disagree. Field names
// and formats for developers are in the interface documentation (/api/docs), not on this page.
import { CloudDownloadOutlined, DatabaseOutlined, LinkOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Collapse, Empty, Flex, Grid, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../shared/api';
import { QueryError } from '../../shared/errors';
import { PortalPage } from './portalFrame';
import type { OpenDataCatalogue, OpenDataFeedInfo, OpenDataFieldInfo } from '../../../contract/opendata';

/** What every data set shares, said for a reader rather than a program. */
const HOW_TO: { title: string; text: string }[] = [
  { title: '下载 CSV', text: '点击“下载 CSV”得到整个数据集，Excel、WPS 可直接打开；第一行为中文列名，列的含义见各数据集的“字段说明”。' },
  { title: '按页读取', text: '“数据接口”每次返回一页记录（默认 100 条，最多 1000 条），并给出读取下一页所需的游标；翻页期间新公开的记录排在最后，已读的页不会变化。' },
  { title: '只取变化', text: '在地址后加上时间（如 ?since=2026-05-01T08:00:00+08:00），只返回此后新公开或有变化的记录。' },
  { title: '少走流量', text: '每次返回都带有数据版本标识和更新时间；带着它们再次请求时，数据没有变化就只回复“未变化”，不再重复传送。' },
  { title: '防止误执行', text: '表格中以 = + - @ 等符号开头的文字前加了一个单引号，避免表格软件把它当作公式执行。' },
];

const fieldColumns = [
  { title: '列名', dataIndex: 'label', width: 150, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
  { title: '类型', dataIndex: 'typeLabel', width: 100 },
  {
    title: '说明',
    dataIndex: 'description',
    render: (v: string, f: OpenDataFieldInfo) => (
      <span>
        {v}
        {f.nullable ? <Typography.Text type="secondary">（可为空）</Typography.Text> : null}
      </span>
    ),
  },
];

const narrowFieldColumns = [
  {
    title: '列名',
    dataIndex: 'label',
    width: 120,
    render: (v: string, f: OpenDataFieldInfo) => (
      <span>
        <Typography.Text strong>{v}</Typography.Text>
        <br />
        <Typography.Text type="secondary">{f.typeLabel}</Typography.Text>
      </span>
    ),
  },
  fieldColumns[2],
];

function FeedCard({ feed }: { feed: OpenDataFeedInfo }) {
  const screens = Grid.useBreakpoint();
  return (
    <Card
      title={
        <Space size={8}>
          <DatabaseOutlined style={{ color: '#1456c8' }} />
          <span>{feed.title}</span>
        </Space>
      }
      extra={screens.sm ? <Tag>{`${feed.fields.length} 列`}</Tag> : null}
      styles={{ body: { paddingTop: 12 } }}
    >
      <Typography.Paragraph style={{ marginBottom: 8 }}>{feed.description}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        记录顺序：{feed.order}。更新：{feed.changes}。
      </Typography.Paragraph>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<CloudDownloadOutlined />} href={feed.csvUrl} download={`${feed.title}.csv`}>
          下载 CSV
        </Button>
        <Button icon={<LinkOutlined />} href={feed.jsonUrl} target="_blank" rel="noopener">
          数据接口
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12, wordBreak: 'break-all' }}>
        接口地址：{screens.sm ? null : <br />}
        <Typography.Text code copyable={{ text: `${window.location.origin}${feed.jsonUrl}`, tooltips: ['复制地址', '已复制'] }} style={{ fontSize: screens.sm ? undefined : 12 }}>
          {feed.jsonUrl}
        </Typography.Text>
      </Typography.Paragraph>
      <Collapse
        size="small"
        items={[
          {
            key: 'fields',
            label: `字段说明（${feed.fields.length} 列，顺序即表格的列序）`,
            children: screens.md ? (
              <Table<OpenDataFieldInfo> size="small" rowKey="name" pagination={false} dataSource={feed.fields} columns={fieldColumns} scroll={{ x: 560 }} />
            ) : (
              // narrow screens: two columns, the type beside the title, nothing to scroll sideways
              <Table<OpenDataFieldInfo> size="small" rowKey="name" pagination={false} dataSource={feed.fields} columns={narrowFieldColumns} />
            ),
          },
        ]}
      />
    </Card>
  );
}

export function PortalOpenData() {
  const q = useQuery({
    queryKey: ['public/open-data'],
    queryFn: ({ signal }) => api<OpenDataCatalogue>('/public/open-data', { signal }),
    staleTime: 10 * 60_000,
  });
  return (
    <PortalPage
      title="开放数据"
      intro="本平台在门户公开的信息——方案、事项及其各版本、需求目录、遴选结果、任务书、项目进展、工作简报、评估结果、典型案例和统计指标——以数据集开放，可免登录下载或由程序定期读取。只包含已公开的信息。"
    >
      <Card size="small" title="使用说明">
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {HOW_TO.map((h) => (
            <Typography.Text key={h.title}>
              <Typography.Text strong>{h.title}：</Typography.Text>
              {h.text}
            </Typography.Text>
          ))}
          <Typography.Text type="secondary">
            字段标识、格式和接口参数见
            <Typography.Link href="/api/docs" target="_blank" rel="noopener">
              接口文档
            </Typography.Link>
            （“开放数据”一节）。
          </Typography.Text>
        </Space>
      </Card>
      {q.isError && !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : q.isLoading ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : !q.data?.items.length ? (
        <Card>
          <Empty description="暂无开放的数据集" />
        </Card>
      ) : (
        q.data.items.map((feed) => <FeedCard key={feed.name} feed={feed} />)
      )}
    </PortalPage>
  );
}
