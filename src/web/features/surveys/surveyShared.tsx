// EVA-4: what the survey pages share — the phase tag and the way a rate is written.
import { Tag } from 'antd';
import type { Survey } from '../../../contract/surveys';

const phaseColors: Record<Survey['phase'], string> = { draft: 'default', upcoming: 'default', open: 'processing', ended: 'warning', closed: 'default' };

export const PhaseTag = ({ phase, label }: { phase: Survey['phase']; label: string }) => <Tag color={phaseColors[phase]}>{label}</Tag>;

/** A rate in percent as the results give it (one decimal), or — when there is nothing to divide. */
export const fmtRate = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v}%`);

/** A mean rating with two decimals, or —. */
export const fmtMean = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(2));
