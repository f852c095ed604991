// PUB-1, CAP-5, CAP-6: 公示公告 — the results of the capacity-improvement calls (评审结果公示) and the
// evaluations of their projects (评估结果公示) on public notice (公示中) or past it (已结束), newest first,
// each kind named in words; and each notice in full: its period, the results (society, project type,
// project, the experts' final score or the evaluation's score, award standard) and, while it is
// open, the objection form. An
// objection needs no account: its contact is encrypted and never shown; the page gives back only a
// receipt.
import { CheckCircleFilled, FileSearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Grid, Input, Result, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../shared/api';
import { applyFieldErrors, errorText } from '../../shared/errors';
import { fmtCount, fmtDate, fmtDateCn, fmtDateTime, fmtRange, fmtYuan, todayCst } from '../../shared/format';
import { RecordList, RecordRow } from '../../shared/RecordList';
import { usePageTitle } from '../../shared/usePageTitle';
import type { ObjectionReceipt, PublicCapacityNotice, PublicCapacityNoticeSummary, PublicNoticeResult } from '../../../contract/capacity-notices';
import { objectionInvitation } from '../capacity-notices/noticeWording';
import { PortalDetailPage, PortalListPage, useProgrammeFilter } from './portalFrame';
import { DaysLeft, OpenClosedTag } from './portalShared';

/** 评审结果公示 / 评估结果公示 as the server names them. */
export function NoticeKindTag({ kind, label }: { kind: string; label: string }) {
  return <Tag color={kind === 'evaluation' ? 'purple' : 'blue'}>{label}</Tag>;
}

// a notice's days left (while it takes objections) turn orange three days before it ends, red the day before
const NoticeDaysLeft = ({ endsOn }: { endsOn: string }) => <DaysLeft until={endsOn} red={1} orange={3} />;

export function PortalNotices() {
  const programme = useProgrammeFilter({ capacityPlans: true, id: 'filter-notice-programme' });
  return (
    <PortalListPage<PublicCapacityNoticeSummary>
      title="公示公告"
      intro="学会服务能力提升计划的评审结果公示和项目评估结果公示。对公示的项目有异议的，请在公示期内在公示页面提出，科协将核查处理。"
      filter={programme.filter}
      path="/public/capacity-notices"
      query={programme.query}
      empty={{ filtered: '该计划暂无公示。', none: '目前还没有公示，请稍后再来查看。' }}
      rowKey={(n) => n.id}
      renderRow={(n) => (
        <RecordRow
          mark={<FileSearchOutlined style={{ fontSize: 20, color: n.status === 'closed' ? '#8c8c8c' : '#1456c8', marginTop: 4 }} />}
          title={
            <Space wrap size={[8, 4]}>
              <Link to={`/portal/notices/${n.id}`} style={{ fontSize: 16 }}>
                {n.title}
              </Link>
              <NoticeKindTag kind={n.kind} label={n.kindLabel} />
              <OpenClosedTag status={n.status} label={n.statusLabel} />
              {n.acceptsObjections ? <NoticeDaysLeft endsOn={n.endsOn} /> : null}
            </Space>
          }
          description={
            <Space wrap size={[12, 0]}>
              <span>{n.associationName}</span>
              <span>公示期 {fmtRange(n.startsOn, n.endsOn)}</span>
              <span>公示项目 {fmtCount(n.resultCount, ' 个')}</span>
              <span>{fmtDateCn(n.publishedAt)}发布</span>
            </Space>
          }
        />
      )}
    />
  );
}

/** The score a notice shows: the experts' final score (评审结果公示) or the evaluation's (评估结果公示). */
const scoreTitle = (kind: string) => (kind === 'evaluation' ? '评估得分' : '评审得分');
const resultColumns = (kind: string): TableColumnsType<PublicNoticeResult> => [
  { title: '申报学会', dataIndex: 'societyName', width: 200 },
  { title: '项目类型', dataIndex: 'typeName', width: 150 },
  { title: '项目名称', dataIndex: 'projectTitle', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
  { title: scoreTitle(kind), dataIndex: 'scoreText', width: 100, align: 'right', render: (v: string | null) => v ?? '—' },
  { title: '资助标准', dataIndex: 'awardFen', width: 150, align: 'right', render: (v: number | null) => fmtYuan(v) },
];

export function PortalNoticeDetail() {
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['/public/capacity-notices', id], queryFn: ({ signal }) => api<PublicCapacityNotice>(`/public/capacity-notices/${encodeURIComponent(id)}`, { signal }) });
  usePageTitle(q.data?.title ?? '公示公告');
  const screens = Grid.useBreakpoint();
  return (
    <PortalDetailPage list={{ title: '公示公告', to: '/portal/notices' }} crumb="公示全文" query={q}>
      {(n) => (
        <>
          <Card>
            <article>
              <Space wrap size={8}>
                <NoticeKindTag kind={n.kind} label={n.kindLabel} />
                <Typography.Text type="secondary">{n.associationName}</Typography.Text>
              </Space>
              <Typography.Title level={2} style={{ marginTop: 8, fontSize: 22 }}>
                {n.title}
              </Typography.Title>
              <Space wrap style={{ marginBottom: 12 }}>
                <OpenClosedTag status={n.status} label={n.statusLabel} />
                {n.acceptsObjections ? <NoticeDaysLeft endsOn={n.endsOn} /> : null}
              </Space>
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                style={{ marginBottom: 16 }}
                items={[
                  { key: 'period', label: '公示期', children: fmtRange(n.startsOn, n.endsOn) },
                  { key: 'pub', label: '发布日期', children: fmtDate(n.publishedAt) },
                  { key: 'p', label: '所属计划', children: n.programmeName },
                  { key: 'c', label: '公示项目', children: fmtCount(n.resultCount, ' 个') },
                ]}
              />
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15, lineHeight: 1.9, marginBottom: 0 }}>{n.body}</Typography.Paragraph>
            </article>
          </Card>
          <Card title="公示项目">
            {screens.md ? (
              <Table<PublicNoticeResult> rowKey="applicationId" size="small" columns={resultColumns(n.kind)} dataSource={n.results} pagination={false} scroll={{ x: 760 }} />
            ) : (
              // a phone: one block per result instead of a table wider than the screen
              <RecordList<PublicNoticeResult>
                items={n.results}
                rowKey={(r) => r.applicationId}
                label="公示项目"
                render={(r) => (
                  <RecordRow
                    title={r.projectTitle}
                    description={`${r.societyName} · ${r.typeName} · ${scoreTitle(n.kind)} ${r.scoreText ?? '—'} · 资助标准 ${fmtYuan(r.awardFen)}`}
                  />
                )}
              />
            )}
          </Card>
          <ObjectionCard n={n} />
        </>
      )}
    </PortalDetailPage>
  );
}

// the server's check of a contact (a phone number as in formRules.ts phoneRule, or an e-mail address)
const PHONE = /^[0-9+\-() ]{5,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ObjectionValues {
  applicationId?: string;
  content?: string;
  name?: string;
  contact?: string;
}

/** The objection form while the notice is open; a receipt once sent; why not otherwise. */
function ObjectionCard({ n }: { n: PublicCapacityNotice }) {
  const [form] = Form.useForm<ObjectionValues>();
  const [receipt, setReceipt] = useState<ObjectionReceipt | null>(null);
  const send = useMutation({
    mutationFn: (v: ObjectionValues) =>
      api<ObjectionReceipt>(`/public/capacity-notices/${encodeURIComponent(n.id)}/objections`, {
        method: 'POST',
        body: { applicationId: v.applicationId || null, content: v.content?.trim() ?? '', name: v.name?.trim() || null, contact: v.contact?.trim() ?? '' },
      }),
    onSuccess: (r) => {
      setReceipt(r);
      form.resetFields();
    },
    onError: (e) => {
      if (isApiError(e) && e.errors.length) applyFieldErrors(form, e.errors);
    },
  });
  if (!n.acceptsObjections) {
    const notYet = n.status === 'open' && todayCst() < n.startsOn;
    return (
      <Card title="提出异议">
        <Alert type="info" showIcon title={notYet ? `公示自 ${fmtDate(n.startsOn)} 开始，届时可提出异议。` : `公示期为 ${fmtRange(n.startsOn, n.endsOn)}，公示已结束，不再受理异议。`} />
      </Card>
    );
  }
  if (receipt) {
    return (
      <Card title="提出异议">
        <Result
          icon={<CheckCircleFilled style={{ color: '#389e0d' }} />}
          title="异议已受理"
          subTitle={`${receipt.message}（受理时间 ${fmtDateTime(receipt.createdAt)}）`}
          extra={<Button onClick={() => setReceipt(null)}>再提出一条异议</Button>}
        />
      </Card>
    );
  }
  const failure = send.error && !(isApiError(send.error) && send.error.errors.length) ? errorText(send.error) : null;
  return (
    <Card title="提出异议">
      <Typography.Paragraph type="secondary">
        {objectionInvitation(n.kind, fmtDate(n.endsOn))}请写明事实和理由，并留下联系方式以便核实；联系方式加密保存，仅供科协核查时与您联系，不会公开。
      </Typography.Paragraph>
      {failure ? <Alert type="error" showIcon style={{ marginBottom: 16 }} title="异议未能提交" description={failure} /> : null}
      <Form<ObjectionValues> form={form} layout="vertical" style={{ maxWidth: 720 }} onFinish={(v) => send.mutate(v)} requiredMark="optional">
        <Form.Item name="applicationId" label="针对的项目" extra="不选择则视为对整个公示提出异议">
          <Select
            allowClear
            placeholder="整个公示"
            options={n.results.map((r) => ({ value: r.applicationId, label: `${r.societyName}：${r.projectTitle}` }))}
          />
        </Form.Item>
        <Form.Item name="content" label="异议内容" rules={[{ required: true, whitespace: true, message: '请填写异议内容' }, { max: 2000, message: '异议内容不能超过 2000 个字' }]}>
          <Input.TextArea rows={6} maxLength={2000} showCount placeholder="请写明异议的事实和理由" />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ max: 50, message: '姓名不能超过 50 个字' }]}>
          <Input maxLength={50} placeholder="选填" autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="contact"
          label="联系方式"
          extra="电话号码或电子邮箱"
          rules={[
            { required: true, whitespace: true, message: '请填写联系方式' },
            {
              validator: async (_r, v?: string) => {
                const t = v?.trim() ?? '';
                if (!t) return;
                if (!PHONE.test(t) && !EMAIL.test(t)) throw new Error('联系方式应为电话号码或电子邮箱');
              },
            },
            { max: 120, message: '联系方式不能超过 120 个字符' },
          ]}
        >
          <Input maxLength={120} autoComplete="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          提交异议
        </Button>
      </Form>
    </Card>
  );
}
