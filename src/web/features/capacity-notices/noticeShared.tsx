// Shared pieces of the association's notice pages (评审结果公示): query keys and the state tags of a
// notice, a result on it and an objection.
import { Tag } from 'antd';

export const noticeKey = (id: string) => ['capacity-notices', id] as const;
export const callNoticesKey = (callId: string) => ['capacity-calls', callId, 'notices'] as const;

/** 公示中 / 已结束. */
export function NoticeStatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={status === 'closed' ? 'default' : 'green'}>{label}</Tag>;
}

const objectionColors: Record<string, string> = { pending: 'orange', upheld: 'red', notUpheld: 'green' };
/** 待处理 / 异议成立 / 异议不成立. */
export function ObjectionStatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={objectionColors[status] ?? 'default'}>{label}</Tag>;
}

const resultColors: Record<string, string> = { selected: 'blue', approved: 'green', objectionUpheld: 'red' };
/** 拟资助 / 公示无异议 / 异议成立: where a result on the notice stands. */
export function ResultStatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={resultColors[status] ?? 'default'}>{label}</Tag>;
}
