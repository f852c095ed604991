// ORG-5 意愿调查 (the association): the rounds with their counts, 发起调查 (a dialog), and a round's
// results — answered of invited, willing, capable, each commissioning mode, the hoped items of each
// society, the willing societies accepting the preferred modes of each programme of the year (PRG-2
// preferredProcurementModes) — with the answers table filtered by each count, and 结束调查.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Empty, Form, Grid, Input, InputNumber, List, Modal, Row, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api';
import { clipped, tableMinWidth } from '../../shared/cells';
import { CursorPager, useListParams } from '../../shared/CursorPager';
import { DayPicker, dayRule } from '../../shared/DayPicker';
import { FormErrorList, QueryError, useErrorReporter } from '../../shared/errors';
import { currentYearCst, dayjs, fmtCount, fmtDate, fmtDateTime, todayCst } from '../../shared/format';
import { ListPage } from '../../shared/ListPage';
import { usePageTitle } from '../../shared/usePageTitle';
import type { FieldError } from '../../../contract/common';
import type { WillingnessResponsePage, WillingnessResponseRow, WillingnessRound, WillingnessRoundDetail } from '../../../contract/willingness';

const phaseColors: Record<WillingnessRound['phase'], string> = { upcoming: 'default', open: 'processing', ended: 'warning', closed: 'default' };
export const PhaseTag = ({ r }: { r: Pick<WillingnessRound, 'phase' | 'phaseLabel'> }) => <Tag color={phaseColors[r.phase]}>{r.phaseLabel}</Tag>;
const yesNo = (v: boolean, yes: string, no: string) => (v ? <Tag color="green">{yes}</Tag> : <Tag>{no}</Tag>);

export function WillingnessRoundsPage() {
  usePageTitle('意愿调查');
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const columns: TableColumnsType<WillingnessRound> = [
    { title: '调查', dataIndex: 'title', ...clipped<WillingnessRound>((t, r) => <Link to={`/app/willingness/${r.id}`}>{t}</Link>) },
    { title: '年度', dataIndex: 'year', width: 80, render: (y: number) => `${y} 年` },
    { title: '发起单位', dataIndex: 'association', width: 180, ...clipped<WillingnessRound, WillingnessRound['association']>((a) => a.name, (r) => r.association.name) },
    { title: '填报期', key: 'days', width: 200, render: (_: unknown, r) => `${fmtDate(r.opensOn)} 至 ${fmtDate(r.closesOn)}` },
    { title: '已填报', key: 'answered', width: 110, align: 'right', render: (_: unknown, r) => `${fmtCount(r.answered)} / ${fmtCount(r.invited, ' 家')}` },
    { title: '状态', key: 'phase', width: 90, render: (_: unknown, r) => <PhaseTag r={r} /> },
  ];
  return (
    <>
      <ListPage<WillingnessRound>
        title="承接意愿与能力调查"
        endpoint="/willingness-rounds"
        columns={columns}
        rowKey="id"
        emptyText="尚未发起调查，请点击“发起调查”"
        toolbar={
          <Button type="primary" onClick={() => setCreating(true)}>
            发起调查
          </Button>
        }
      />
      {creating ? <CreateRoundModal onClose={() => setCreating(false)} onDone={(id) => navigate(`/app/willingness/${id}`)} /> : null}
    </>
  );
}

interface RoundValues {
  year?: number;
  title?: string;
  opensOn?: Dayjs | null;
  closesOn?: Dayjs | null;
}

function CreateRoundModal({ onClose, onDone }: { onClose: () => void; onDone: (id: string) => void }) {
  const [form] = Form.useForm<RoundValues>();
  const screens = Grid.useBreakpoint();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const year = currentYearCst();
  const save = useMutation({
    mutationFn: (v: RoundValues) =>
      api<WillingnessRoundDetail>('/willingness-rounds', { method: 'POST', body: { year: v.year, title: v.title?.trim() ?? '', opensOn: v.opensOn?.format('YYYY-MM-DD'), closesOn: v.closesOn?.format('YYYY-MM-DD') } }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['/willingness-rounds'] });
      onDone(r.id);
    },
    onError: (e) => setErrors(report(e, { form, action: '发起调查', mapPath: (p) => p.slice(p[0] === 'body' ? 1 : 0) })),
  });
  return (
    <Modal open title="发起承接意愿与能力调查" okText="发起调查并通知学会" cancelText="取消" confirmLoading={save.isPending} onCancel={onClose} onOk={() => form.submit()} width={screens.sm ? 600 : '100%'} maskClosable={false} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        发起后，本单位数据范围内的每个学会都会收到“填报承接意愿”待办，截止日期前可以填报和修改：是否愿意承接、是否有能力承担、倾向的承接方式和希望承接的事项。每个年度只能发起一次。
      </Typography.Paragraph>
      <FormErrorList errors={errors} />
      <Form
        form={form}
        layout="vertical"
        aria-label="发起调查"
        initialValues={{ year, title: `${year}年度学会承接政府转移职能意愿与能力调查`, opensOn: dayjs(todayCst()), closesOn: dayjs(todayCst()).add(30, 'day') }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label="调查年度" name="year" rules={[{ required: true, message: '请填写调查年度' }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} suffix="年" />
        </Form.Item>
        <Form.Item label="调查名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写调查名称' }]}>
          <Input maxLength={200} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item label="开始日期" name="opensOn" rules={[{ required: true, message: '请选择开始日期' }, dayRule]}>
              <DayPicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label="截止日期" name="closesOn" rules={[{ required: true, message: '请选择截止日期' }, dayRule]}>
              <DayPicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

type Filter = { answered?: string; willing?: string; capable?: string; mode?: string; anyMode?: string };
const modesText = (modes: string, d: WillingnessRoundDetail): string =>
  modes
    .split(',')
    .map((m) => d.results.modes.find((x) => x.mode === m)?.label ?? '')
    .filter(Boolean)
    .join('、');
const filterLabel = (f: Filter, d: WillingnessRoundDetail): string => {
  if (f.answered === 'false') return '未填报的学会';
  if (f.anyMode) return f.anyMode.includes(',') ? `愿意承接且接受${modesText(f.anyMode, d)}之一的学会` : `愿意承接且倾向“${modesText(f.anyMode, d)}”的学会`;
  if (f.willing === 'true') return '愿意承接的学会';
  if (f.capable === 'true') return '认为有能力承担的学会';
  if (f.mode) return `倾向“${d.results.modes.find((m) => m.mode === f.mode)?.label ?? ''}”的学会`;
  if (f.answered === 'true') return '已填报的学会';
  return '全部受邀学会';
};

export function WillingnessRoundPage() {
  const { id = '' } = useParams();
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['willingness-round', id], queryFn: ({ signal }) => api<WillingnessRoundDetail>(`/willingness-rounds/${id}`, { signal }) });
  usePageTitle(q.data?.title ?? '意愿调查');
  const [params, setParams] = useSearchParams();
  const filter: Filter = {
    answered: params.get('answered') ?? undefined,
    willing: params.get('willing') ?? undefined,
    capable: params.get('capable') ?? undefined,
    mode: params.get('mode') ?? undefined,
    anyMode: params.get('anyMode') ?? undefined,
  };
  const choose = (f: Filter) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) next.set(k, v);
    setParams(next, { replace: true });
  };
  const close = useMutation({
    mutationFn: (rowVersion: number) => api<WillingnessRoundDetail>(`/willingness-rounds/${id}/close`, { method: 'POST', body: { rowVersion } }),
    onSuccess: (d) => {
      qc.setQueryData(['willingness-round', id], d);
      void qc.invalidateQueries({ queryKey: ['/willingness-rounds'] });
      message.success('调查已结束');
    },
    onError: (e) => report(e, { action: '结束调查', onRefresh: () => void q.refetch() }),
  });

  if (q.isLoading) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;
  if (q.isError || !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const r = d.results;
  const stat = (title: string, value: number, f: Filter, suffix = '家') => (
    <Col xs={12} sm={8} md={4}>
      <Card size="small" hoverable onClick={() => choose(f)} role="button" aria-label={`查看${title}`}>
        <Statistic title={title} value={value} suffix={suffix} />
      </Card>
    </Col>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={d.title}
        styles={{ title: { whiteSpace: 'normal' }, header: { flexWrap: 'wrap', gap: 8, paddingBlock: 8 } }}
        extra={
          d.actions.includes('close') ? (
            <Button
              danger
              loading={close.isPending}
              onClick={() =>
                modal.confirm({
                  title: '结束本次调查？',
                  content: `结束后学会不能再填报或修改，尚未填报的 ${fmtCount(r.invited - r.answered, ' 家')}学会的待办将关闭。`,
                  okText: '结束调查',
                  okButtonProps: { danger: true },
                  cancelText: '取消',
                  onOk: () => close.mutateAsync(d.rowVersion),
                })
              }
            >
              结束调查
            </Button>
          ) : null
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
          <Descriptions.Item label="发起单位">{d.association.name}</Descriptions.Item>
          <Descriptions.Item label="年度">{d.year} 年</Descriptions.Item>
          <Descriptions.Item label="状态">
            <PhaseTag r={d} />
          </Descriptions.Item>
          <Descriptions.Item label="填报期">
            {fmtDate(d.opensOn)} 至 {fmtDate(d.closesOn)}
          </Descriptions.Item>
          <Descriptions.Item label="发起时间">{fmtDateTime(d.createdAt)}</Descriptions.Item>
          {d.closedAt ? <Descriptions.Item label="结束时间">{fmtDateTime(d.closedAt)}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Row gutter={[12, 12]}>
        {stat('受邀学会', r.invited, {})}
        {stat('已填报', r.answered, { answered: 'true' })}
        {stat('未填报', r.invited - r.answered, { answered: 'false' })}
        {stat('愿意承接', r.willing, { willing: 'true' })}
        {stat('有能力承担', r.capable, { capable: 'true' })}
        {stat('希望承接的事项', r.hopedItems, { answered: 'true' }, '项')}
      </Row>
      <Card title={`${d.association.name} ${d.year} 年度方案的优先采购方式`} size="small">
        {r.programmes.length ? (
          <List
            size="small"
            dataSource={r.programmes}
            renderItem={(p) => (
              <List.Item>
                <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                  <Link to={`/app/programmes/${p.programme.id}`}>{p.programme.name}</Link>
                  {p.modes.length ? (
                    <>
                      <Space wrap size={[12, 4]}>
                        <Typography.Text type="secondary">愿意承接且接受本方案优先方式的学会</Typography.Text>
                        <Typography.Text strong>{fmtCount(p.willingMatching, ' 家')}</Typography.Text>
                        <Button
                          type="link"
                          size="small"
                          style={{ paddingInline: 0 }}
                          disabled={!p.willingMatching}
                          onClick={() => choose({ willing: 'true', anyMode: p.modes.map((m) => m.mode).join(',') })}
                        >
                          查看学会
                        </Button>
                      </Space>
                      <Space wrap size={[4, 4]}>
                        {p.modes.map((m) => (
                          <Tag key={m.mode} color="blue">
                            {m.label}：愿意承接 {fmtCount(m.willing, ' 家')}
                          </Tag>
                        ))}
                      </Space>
                    </>
                  ) : (
                    <Typography.Text type="secondary">本方案未设定优先采购方式</Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        ) : (
          <Empty description={`${d.association.name} ${d.year} 年度没有已发布的方案`} />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title="倾向的承接方式" size="small">
            <List
              size="small"
              dataSource={r.modes}
              renderItem={(m) => (
                <List.Item actions={[<Button key="v" type="link" size="small" onClick={() => choose({ mode: m.mode })} disabled={!m.count}>查看学会</Button>]}>
                  <Space>
                    <span>{m.label}</span>
                    <Tag>{fmtCount(m.count, ' 家')}</Tag>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title="各学会希望承接的事项" size="small">
            {r.hopedBySociety.length ? (
              <List
                size="small"
                dataSource={r.hopedBySociety}
                renderItem={(h) => (
                  <List.Item>
                    <Space orientation="vertical" size={4}>
                      <Typography.Text strong>{h.society.name}</Typography.Text>
                      <Space wrap size={[4, 4]}>
                        {h.items.map((it) => (
                          <Tag key={it}>{it}</Tag>
                        ))}
                      </Space>
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Empty description="尚无学会填报希望承接的事项" />
            )}
          </Card>
        </Col>
      </Row>
      <AnswersTable roundId={id} title={filterLabel(filter, d)} onReset={Object.values(filter).some(Boolean) ? () => choose({}) : undefined} />
    </Space>
  );
}

function AnswersTable({ roundId, title, onReset }: { roundId: string; title: string; onReset?: () => void }) {
  const lp = useListParams(['answered', 'willing', 'capable', 'mode', 'anyMode']);
  const query = { ...lp.filters, limit: lp.limit, ...(lp.cursor ? { cursor: lp.cursor } : { count: 'exact' }) };
  const q = useQuery({ queryKey: ['willingness-responses', roundId, query], queryFn: ({ signal }) => api<WillingnessResponsePage>(`/willingness-rounds/${roundId}/responses`, { query, signal }), placeholderData: keepPreviousData });
  const columns: TableColumnsType<WillingnessResponseRow> = [
    { title: '学会', key: 'society', width: 170, ...clipped<WillingnessResponseRow, unknown>((_, r) => r.society.name, (r) => r.society.name) },
    { title: '所属科协', dataIndex: 'associationName', width: 130, ...clipped<WillingnessResponseRow>() },
    { title: '承接意愿', key: 'willing', width: 96, render: (_: unknown, r) => (r.answer ? yesNo(r.answer.willing, '愿意承接', '暂不承接') : <Tag color="warning">未填报</Tag>) },
    { title: '承接能力', key: 'capable', width: 96, render: (_: unknown, r) => (r.answer ? yesNo(r.answer.capable, '有能力', '能力不足') : '—') },
    { title: '倾向的承接方式', key: 'modes', width: 180, ...clipped<WillingnessResponseRow, unknown>((_, r) => r.answer?.preferredModeLabels.join('、') || '—', (r) => r.answer?.preferredModeLabels.join('、')) },
    { title: '希望承接的事项', key: 'hoped', ...clipped<WillingnessResponseRow, unknown>((_, r) => r.answer?.hopedItems.join('、') || '—', (r) => r.answer?.hopedItems.join('、')) },
    { title: '说明', key: 'note', width: 120, ...clipped<WillingnessResponseRow, unknown>((_, r) => r.answer?.note ?? '—', (r) => r.answer?.note) },
  ];
  return (
    <Card title={`填报明细：${title}`} extra={onReset ? <Button size="small" onClick={onReset}>显示全部</Button> : null}>
      {q.isError && !q.data ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} compact />
      ) : (
        <>
          <Table<WillingnessResponseRow>
            rowKey={(r) => r.society.id}
            columns={columns}
            dataSource={q.data?.items ?? []}
            loading={q.isFetching}
            pagination={false}
            scroll={{ x: tableMinWidth(columns) }}
            locale={{ emptyText: <Empty description="没有符合条件的学会" /> }}
          />
          <div style={{ marginTop: 12 }}>
            <CursorPager
              total={lp.cursor ? undefined : q.data?.total}
              page={lp.page}
              pageSize={lp.limit}
              hasNext={!!q.data?.nextCursor}
              onNext={() => q.data?.nextCursor && lp.next(q.data.nextCursor)}
              onPrev={lp.prev}
              onFirst={lp.first}
              onPageSize={lp.setLimit}
              loading={q.isFetching}
            />
          </div>
        </>
      )}
    </Card>
  );
}
