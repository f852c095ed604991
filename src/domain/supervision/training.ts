// SUP-8 (002 §5 经常性工作指导…开展专项培训): training sessions (专项培训) and guidance (工作指导)
// given to societies — plain records kept by the association or the department. A training session
// belongs to the programme and may concern one project; guidance always concerns one project.
import { z } from 'zod';
import { ZAttachmentIds, day, optText, text } from './common.js';

export const trainingKinds = ['training', 'guidance'] as const;
export type TrainingKind = (typeof trainingKinds)[number];
export const trainingKindLabels: Record<TrainingKind, string> = { training: '专项培训', guidance: '工作指导' };

export const ZTrainingInput = z
  .object({
    kind: z.enum(trainingKinds),
    /** the project concerned; required for guidance, null for a programme-wide training */
    projectId: z.uuid('项目编号格式不正确').nullable().default(null),
    title: text(120, '主题'),
    heldOn: day('日期'),
    location: optText(200, '地点'),
    /** who gave it (unit or person) */
    givenBy: optText(200, '主讲或指导人'),
    /** who took part (societies, people) */
    participants: optText(2000, '参加人员'),
    participantCount: z.int('参加人数应为整数').min(0, '参加人数不能为负').max(100_000).nullable().optional(),
    content: text(8000, '主要内容'),
    attachmentIds: ZAttachmentIds,
  })
  .strict()
  .refine((t) => t.kind !== 'guidance' || t.projectId !== null, { message: '工作指导请选择所指导的项目', path: ['projectId'] });
export type TrainingInput = z.infer<typeof ZTrainingInput>;
