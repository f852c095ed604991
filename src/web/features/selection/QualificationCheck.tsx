// SEL-3: the programme's qualification conditions against a society's record. Every failed
// condition shows with the fact it rests on, in red; conditions without data are ticked by the
// association's reviewer (manual).
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Alert, Checkbox, Tag, Typography } from 'antd';
import { fmtDate } from '../../shared/format';
import type { QualificationResult } from '../../../contract/selection';

export function QualificationTag({ isQualified, failed }: { isQualified: boolean; failed: number }) {
  return isQualified && failed === 0 ? <Tag color="green">符合资格条件</Tag> : <Tag color="red">{failed} 项条件不符合</Tag>;
}

export function QualificationCheck(props: {
  result: QualificationResult;
  /** the reviewer's ticks on manual conditions (indices); editable when onChange is given */
  confirmed?: number[];
  onChange?: (confirmed: number[]) => void;
  /** who is reading: the society (before submitting) or the reviewer */
  audience?: 'society' | 'reviewer' | 'other';
}) {
  const { result, confirmed = [], onChange, audience = 'other' } = props;
  const failed = result.results.filter((r) => r.status === 'fail');
  const manual = result.results.filter((r) => r.status === 'manual');
  const summary =
    failed.length > 0 ? (
      <Alert
        type="error"
        showIcon
        title={`有 ${failed.length} 项条件不符合`}
        description={
          audience === 'society'
            ? '不符合资格条件的学会科协不能推荐。如档案或年度情况有误，请联系科协更正后再申报。'
            : audience === 'reviewer'
              ? '存在不符合的条件，不能推荐该学会，可退回补充或不予推荐。'
              : undefined
        }
      />
    ) : manual.length > 0 ? (
      <Alert
        type="info"
        showIcon
        title={`可自动核对的条件均符合；另有 ${manual.length} 项${audience === 'reviewer' ? '须由您逐项核实后勾选' : '由科协审核时人工确认'}`}
      />
    ) : (
      <Alert type="success" showIcon title={`全部 ${result.results.length} 项条件均符合`} />
    );
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      {summary}
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="资格条件核对结果">
        {result.results.map((r) => {
          const isConfirmed = confirmed.includes(r.index);
          const icon =
            r.status === 'pass' ? (
              <CheckCircleFilled style={{ color: '#52c41a' }} aria-label="符合" />
            ) : r.status === 'fail' ? (
              <CloseCircleFilled style={{ color: '#ff4d4f' }} aria-label="不符合" />
            ) : (
              <QuestionCircleFilled style={{ color: isConfirmed ? '#52c41a' : '#faad14' }} aria-label={isConfirmed ? '已人工确认' : '待人工确认'} />
            );
          return (
            <li
              key={r.index}
              style={{
                display: 'flex',
                gap: 10,
                padding: '10px 12px',
                borderBottom: '1px solid #f0f0f0',
                background: r.status === 'fail' ? '#fff1f0' : undefined,
              }}
            >
              <span style={{ fontSize: 16, lineHeight: '22px' }}>{icon}</span>
              <div style={{ flex: 1, minWidth: 0 }}>
                <div>
                  <Typography.Text strong={r.status !== 'pass'}>
                    {r.index + 1}. {r.label}
                  </Typography.Text>{' '}
                  {r.status === 'pass' ? <Tag color="green">符合</Tag> : r.status === 'fail' ? <Tag color="red">不符合</Tag> : isConfirmed ? <Tag color="green">已人工确认</Tag> : <Tag color="orange">待人工确认</Tag>}
                </div>
                {r.status === 'fail' ? (
                  <Typography.Text type="danger">依据：{r.fact}</Typography.Text>
                ) : (
                  <Typography.Text type="secondary">{r.status === 'manual' && !onChange ? r.fact : `依据：${r.fact}`}</Typography.Text>
                )}
                {r.status === 'manual' && onChange ? (
                  <div style={{ marginTop: 6 }}>
                    <Checkbox
                      checked={isConfirmed}
                      onChange={(e) => onChange(e.target.checked ? [...confirmed, r.index].sort((a, b) => a - b) : confirmed.filter((x) => x !== r.index))}
                    >
                      已核实该学会符合此条件
                    </Checkbox>
                  </div>
                ) : null}
              </div>
            </li>
          );
        })}
      </ol>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        核对日期：{fmtDate(result.checkedOn)}（依据学会档案和年度情况）
      </Typography.Text>
    </div>
  );
}
