// 项目实施与验收 (issue 13, CAP-6, CAP-7, FND-4…FND-6): every funded capacity-plan project in the
// reader's scope with where it stands after funding — the stage in words, who acts next and the
// project's money in the ledger — for the association that runs the programme (and those above it)
// and the co-managing finance bureau. Each row opens the application's page at the section it is in.
import { z } from 'zod';
import { ZDayText, page } from './common.js';
import { projectStageGroups, projectStages, waitingParties } from '../domain/capacity/project-stage.js';

const fen = (what: string) => z.number().int().describe(`${what}（分）`);

export const ZProjectStage = z
  .enum(projectStages)
  .describe(
    'implementing 实施中；evaluationPending 评估待财政局确认；evaluationReturned 评估结果被退回；evaluationConfirmed 评估已确认（待公示）；evaluationNotice 评估结果公示中；evaluationObjections 公示期满、异议待处理；evaluationCleared 公示无异议（待拨付）；evaluationFailed 评估未通过；disbursed 资金已拨付；acceptancePending 验收待财政局确认；acceptanceReturned 验收结论被退回；accepted 验收合格；acceptanceFailed 验收不合格（待追回）；windowRefund 执行期满、待退还未使用资金；windowUnpaid 执行期满、资助尚未拨付；recovered 资金已追回',
  );
export const ZProjectStageGroup = z.enum(projectStageGroups).describe('implementing 实施中，evaluation 评估，disbursed 已拨付，acceptance 验收，window 执行期满未使用资金，recovery 追回');
export const ZWaitingParty = z.enum(waitingParties).describe('association 科协，financeBureau 财政局，society 学会');

export const ZCapacityProjectRow = z
  .object({
    id: z.uuid().describe('申报书编号（项目的申报书页面）'),
    callId: z.uuid(),
    callTitle: z.string(),
    callYear: z.number().int(),
    title: z.string().describe('项目名称'),
    societyName: z.string().describe('承担学会'),
    typeName: z.string().describe('项目类型'),
    stage: ZProjectStage,
    stageLabel: z.string().describe('阶段（文字）'),
    stageGroup: ZProjectStageGroup,
    stageGroupLabel: z.string(),
    waitingOn: ZWaitingParty.nullable().describe('下一步由谁办理；null 表示无需办理'),
    waitingOnLabel: z.string().describe('科协、财政局、学会或“—”'),
    nextStep: z.string().nullable().describe('下一步（文字）'),
    section: z.enum(['evaluation', 'closing']).describe('打开申报书页面的哪一节：evaluation 评估与拨付，closing 验收与资金退还、追回'),
    awardFen: fen('核定资助').nullable().describe('核定资助（分）；台账中没有时为 null'),
    awardCancelled: z.boolean().describe('资助已撤销'),
    disbursedFen: fen('已拨付'),
    spentFen: fen('已支出'),
    outstandingFen: fen('学会尚持有的已拨付资金（已拨付 − 已退还 − 已追回）'),
    windowEndsOn: ZDayText.nullable().describe('执行期限届满日'),
    unspentFen: fen('执行期满时未使用的资金').nullable().describe('执行期满时未使用的资金（分）；尚未期满时为 null'),
  })
  .meta({ id: 'CapacityProjectRow' });
export type CapacityProjectRow = z.infer<typeof ZCapacityProjectRow>;
export const ZCapacityProjectPage = page(ZCapacityProjectRow);
export type CapacityProjectPage = z.infer<typeof ZCapacityProjectPage>;
