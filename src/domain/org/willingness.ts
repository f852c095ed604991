// ORG-5 (issue 14): the yearly survey of societies' willingness and capability to undertake
// transferred functions (004 §1: 愿意承接 14 家、有能力承担 13 家, 希望承接的事项 58 项). A round per
// association and year; every society of the association's data scope is invited (a to-do due on the
// closing day) and answers once, revisable while the round is open. Pure: inputs, the round's phase
// and the counting of its results.
import { z } from 'zod';
import { calendarDay } from '../calendar-day.js';
import { ZProcurementMode, procurementModeLabels, type ProcurementMode } from '../programme/programme.types.js';

export const HOPED_ITEMS_MAX = 50;
export const HOPED_ITEM_CHARS = 100;

export const ZRoundInput = z
  .object({
    year: z.number({ error: '请填写调查年度' }).int('调查年度应为整数').min(2000, '调查年度不能早于 2000 年').max(2100, '调查年度不能晚于 2100 年'),
    title: z.string({ error: '请填写调查名称' }).trim().min(1, '请填写调查名称').max(200, '调查名称不能超过 200 个字'),
    opensOn: calendarDay('开始日期'),
    closesOn: calendarDay('截止日期'),
  })
  .strict()
  .refine((r) => r.closesOn >= r.opensOn, { message: '截止日期不能早于开始日期', path: ['closesOn'] });
export type RoundInput = z.infer<typeof ZRoundInput>;

export const ZResponseInput = z
  .object({
    willing: z.boolean({ error: '请选择是否愿意承接' }),
    capable: z.boolean({ error: '请选择是否有能力承担' }),
    preferredModes: z
      .array(ZProcurementMode, { error: '请选择倾向的承接方式' })
      .max(5, '承接方式不能超过 5 种')
      .refine((m) => new Set(m).size === m.length, '承接方式重复'),
    hopedItems: z
      .array(z.string().trim().min(1, '希望承接的事项不能为空').max(HOPED_ITEM_CHARS, `每项希望承接的事项不能超过 ${HOPED_ITEM_CHARS} 个字`))
      .max(HOPED_ITEMS_MAX, `希望承接的事项不能超过 ${HOPED_ITEMS_MAX} 项`)
      .refine((items) => new Set(items).size === items.length, '希望承接的事项有重复'),
    note: z.string().trim().max(1000, '说明不能超过 1000 个字').nullable().optional(),
    /** the answer's row version as read; null for the first answer */
    rowVersion: z.number({ error: '缺少版本号' }).int('版本号应为整数').min(1, '版本号不正确').nullable(),
  })
  .strict();
export type ResponseInput = z.infer<typeof ZResponseInput>;

/** Where a round stands on a day: not yet open, open, past its closing day (still to be closed), closed. */
export type RoundPhase = 'upcoming' | 'open' | 'ended' | 'closed';
export const roundPhaseLabels: Record<RoundPhase, string> = { upcoming: '未开始', open: '填报中', ended: '已截止', closed: '已结束' };

export function roundPhase(r: { status: string; opensOn: string; closesOn: string }, today: string): RoundPhase {
  if (r.status === 'closed') return 'closed';
  if (today < r.opensOn) return 'upcoming';
  if (today > r.closesOn) return 'ended';
  return 'open';
}

/** Why a society may not answer the round today (null: it may). */
export function answerRefusal(r: { status: string; opensOn: string; closesOn: string }, today: string): string | null {
  switch (roundPhase(r, today)) {
    case 'closed':
      return '本次调查已结束，不能再填报或修改';
    case 'ended':
      return `本次调查已于 ${r.closesOn} 截止，不能再填报或修改`;
    case 'upcoming':
      return `本次调查 ${r.opensOn} 开始填报`;
    default:
      return null;
  }
}

/** A round may be opened only while its closing day is still ahead (or today). */
export function openRefusal(input: RoundInput, today: string): string | null {
  return input.closesOn < today ? `截止日期（${input.closesOn}）已过，请选择今天或以后的日期` : null;
}

export interface ResponseFacts {
  willing: boolean;
  capable: boolean;
  preferredModes: readonly string[];
  hopedItems: readonly string[];
}

export interface RoundCounts {
  invited: number;
  answered: number;
  willing: number;
  capable: number;
  /** willing and capable both */
  willingAndCapable: number;
  /** every commissioning mode with the number of societies preferring it (the modes' order) */
  modes: { mode: ProcurementMode; label: string; count: number }[];
  /** the hoped items, all answers together (004: 希望承接的事项 58 项) */
  hopedItems: number;
}

/** The results of a round: counts over its answers (`invited`: the societies it invited). */
export function countResults(invited: number, answers: readonly ResponseFacts[]): RoundCounts {
  const modes = ZProcurementMode.options.map((mode) => ({ mode, label: procurementModeLabels[mode], count: answers.filter((a) => a.preferredModes.includes(mode)).length }));
  return {
    invited,
    answered: answers.length,
    willing: answers.filter((a) => a.willing).length,
    capable: answers.filter((a) => a.capable).length,
    willingAndCapable: answers.filter((a) => a.willing && a.capable).length,
    modes,
    hopedItems: answers.reduce((n, a) => n + a.hopedItems.length, 0),
  };
}

// ------------------------------------------------------------------------------------------------
// The programme's preferred modes (PRG-2 `preferredProcurementModes`) acting on the survey: the
// association reads how many willing societies accept a way its programmes of the round's year prefer,
// and the society's answer form lists those ways first.
// ------------------------------------------------------------------------------------------------

/** A programme of the round's association and year with its `preferredProcurementModes`. */
export interface ProgrammeModes {
  id: string;
  name: string;
  /** as stored; values outside the dictionary are ignored */
  modes: readonly string[];
}

export interface ProgrammeMatch {
  programme: { id: string; name: string };
  /** the programme's preferred modes (its order) with the willing societies preferring each */
  modes: { mode: ProcurementMode; label: string; willing: number }[];
  /** willing societies with at least one of the programme's preferred modes among theirs */
  willingMatching: number;
}

const knownModes = (modes: readonly string[]): ProcurementMode[] => [...new Set(modes)].filter((m): m is ProcurementMode => ZProcurementMode.safeParse(m).success);

/** For each programme: its preferred modes, the willing societies preferring each, and those accepting any. */
export function matchProgrammes(programmes: readonly ProgrammeModes[], answers: readonly ResponseFacts[]): ProgrammeMatch[] {
  const willing = answers.filter((a) => a.willing);
  return programmes.map((p) => {
    const modes = knownModes(p.modes);
    return {
      programme: { id: p.id, name: p.name },
      modes: modes.map((mode) => ({ mode, label: procurementModeLabels[mode], willing: willing.filter((a) => a.preferredModes.includes(mode)).length })),
      willingMatching: willing.filter((a) => a.preferredModes.some((m) => (modes as string[]).includes(m))).length,
    };
  });
}

/** The modes the programmes prefer, all together, in the order first named (programmes in the order given). */
export function programmesPreferredModes(programmes: readonly Pick<ProgrammeModes, 'modes'>[]): ProcurementMode[] {
  return knownModes(programmes.flatMap((p) => p.modes));
}

/** Every mode for the answer form: the programme's preferred ones first (their order), then the rest in the dictionary's order. */
export function modesPreferredFirst(preferred: readonly ProcurementMode[]): ProcurementMode[] {
  const first = knownModes(preferred);
  return [...first, ...ZProcurementMode.options.filter((m) => !first.includes(m))];
}
