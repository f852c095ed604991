// PUB-1, EVA-2 (issue 14): the third-party evaluation results an association chose to publish, newest
// first — the project, its society, the evaluator, the score and grade, each KPI's target, verified
// value and score, and the findings, with the report as PDF. No evidence, files or internal comments
// reach the portal.
import { AuditOutlined, DownloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { fmtDateCn, fmtQuantity } from '../../shared/format';
import { RecordRow } from '../../shared/RecordList';
import type { PublicPerformanceResultPage } from '../../../contract/evaluation';
import { PortalListPage, useProgrammeFilter } from './portalFrame';

type Result = PublicPerformanceResultPage['items'][number];

// no detail page: each result is read in full in the list, the report as PDF
export function PortalEvaluations() {
  const programme = useProgrammeFilter();
  return (
    <PortalListPage<Result>
      title="评估结果"
      intro="科协委托第三方评估机构对试点项目开展绩效评估，经科协审核采纳后公开的评估结果。"
      filter={programme.filter}
      path="/public/evaluation-results"
      query={programme.query}
      empty={{ filtered: '该方案暂无公开的评估结果。', none: '目前还没有公开的评估结果，请稍后再来查看。' }}
      rowKey={(r) => r.id}
      renderRow={(r) => (
        <RecordRow
          mark={<AuditOutlined style={{ fontSize: 20, color: '#1456c8', marginTop: 4 }} />}
          title={
            <Space wrap>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {r.projectTitle ?? `${r.programmeName}（方案总体评估）`}
              </Typography.Text>
              {r.score !== null ? <Tag color={r.grade === '差' ? 'red' : 'blue'}>{`${r.score} 分 · ${r.grade}`}</Tag> : null}
            </Space>
          }
          description={
            <Space wrap size={[12, 0]}>
              {r.societyName ? <span>承接学会：{r.societyName}</span> : null}
              <span>评估机构：{r.evaluatorName}</span>
              <span>{fmtDateCn(r.publishedAt)}公开</span>
            </Space>
          }
        >
          {r.kpis.length ? (
            <Table
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={r.kpis}
              scroll={{ x: 520 }}
              style={{ margin: '8px 0' }}
              columns={[
                { title: '量化考核指标', dataIndex: 'name' },
                { title: '目标值', dataIndex: 'target', width: 110, align: 'right', render: (v: number, k) => `${fmtQuantity(v)} ${k.unit}` },
                { title: '核实完成值', dataIndex: 'actual', width: 110, align: 'right', render: (v: number, k) => `${fmtQuantity(v)} ${k.unit}` },
                { title: '得分', dataIndex: 'score', width: 70, align: 'right' },
              ]}
            />
          ) : null}
          <Typography.Paragraph style={{ margin: '4px 0 0', color: 'rgba(0,0,0,0.65)', whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 4, expandable: true, symbol: '展开' }}>
            {r.findings}
          </Typography.Paragraph>
          {r.recommendations ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }} ellipsis={{ rows: 2, expandable: true, symbol: '展开' }}>
              意见建议：{r.recommendations}
            </Typography.Paragraph>
          ) : null}
          <Button type="link" icon={<DownloadOutlined />} href={`/api/v1/public/evaluation-results/${r.id}/document?format=pdf`} style={{ paddingInline: 0, marginTop: 4 }}>
            {r.projectTitle ? '下载项目绩效评价报告（PDF）' : '下载计划整体绩效评价报告（PDF）'}
          </Button>
        </RecordRow>
      )}
    />
  );
}
