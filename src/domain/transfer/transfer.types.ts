// FUN-1…FUN-5: transferable items and the demand catalogue — input shapes and dictionaries.
// Pure TypeScript + Zod; the programme's categories and commissioning modes (PRG-2) are checked
// by `checkItemAgainstProgramme`, not by literals here.
import { z } from 'zod';
import type { Category, CommissioningMode } from '../programme/programme.types.js';
import { ZCommissioningMode, commissioningModeLabels } from '../programme/programme.types.js';
import { fen } from '../money.js';
import type { FieldError } from '../field-error.js';

const text = (max: number, what: string) => z.string().trim().min(1, `请填写${what}`).max(max, `${what}不能超过 ${max} 个字`);
const optText = (max: number, what: string) => z.string().trim().max(max, `${what}不能超过 ${max} 个字`).nullable().optional();

/** FUN-1: what a department writes about a transferable item. */
export const ZTransferItemInput = z
  .object({
    title: text(120, '事项名称'),
    categoryCode: z.string().trim().min(1, '请选择事项类别').max(40),
    description: text(4000, '事项内容'),
    legalBasis: optText(2000, '设定依据'),
    commissioningMode: ZCommissioningMode,
    budgetFen: fen('预算金额').nullable().optional(),
    expectedPeriod: optText(100, '预计实施期限'),
    requiredQualifications: optText(2000, '承接资质要求'),
  })
  .strict();
export type TransferItemInput = z.infer<typeof ZTransferItemInput>;

/** The fields of an item kept in each revision (FUN-3). */
export const transferItemFields = [
  'title',
  'categoryCode',
  'description',
  'legalBasis',
  'commissioningMode',
  'budgetFen',
  'expectedPeriod',
  'requiredQualifications',
] as const;

export const transferItemFieldLabels: Record<(typeof transferItemFields)[number], string> = {
  title: '事项名称',
  categoryCode: '事项类别',
  description: '事项内容',
  legalBasis: '设定依据',
  commissioningMode: '委托方式',
  budgetFen: '预算金额',
  expectedPeriod: '预计实施期限',
  requiredQualifications: '承接资质要求',
};

/** FUN-4 (000 §3(5)): the services a department buys. */
export const demandServiceKinds = ['industryResearch', 'planning', 'admissionAnalysis', 'investmentConsulting', 'other'] as const;
export type DemandServiceKind = (typeof demandServiceKinds)[number];
export const demandServiceKindLabels: Record<DemandServiceKind, string> = {
  industryResearch: '行业调查研究',
  planning: '规划编制',
  admissionAnalysis: '准入和运行分析',
  investmentConsulting: '投资咨询',
  other: '其他服务',
};

/** FUN-4: 招投标或委托的方式购买. */
export const purchaseMethods = ['tender', 'commission'] as const;
export type PurchaseMethod = (typeof purchaseMethods)[number];
export const purchaseMethodLabels: Record<PurchaseMethod, string> = { tender: '招投标', commission: '委托' };

export const ZDemandEntryInput = z
  .object({
    title: text(120, '服务名称'),
    serviceKind: z.enum(demandServiceKinds),
    description: text(4000, '服务内容'),
    purchaseMethod: z.enum(purchaseMethods),
    budgetFen: fen('预算金额').nullable().optional(),
    period: optText(100, '服务期限'),
  })
  .strict();
export type DemandEntryInput = z.infer<typeof ZDemandEntryInput>;

export const demandEntryFields = ['title', 'serviceKind', 'description', 'purchaseMethod', 'budgetFen', 'period'] as const;

/** Every category code of a programme's tree, with its full Chinese path (相关科技评估 / 省级科研…). */
export function flattenCategories(categories: readonly Category[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (nodes: readonly Category[], prefix: string) => {
    for (const n of nodes) {
      const label = prefix ? `${prefix} / ${n.name}` : n.name;
      out.set(n.code, label);
      if (n.children) walk(n.children, label);
    }
  };
  walk(categories, '');
  return out;
}

/**
 * FUN-1, FUN-2, PRG-2: an item's category must be one of the programme's, and its commissioning
 * mode one the programme allows. Returns field errors (empty when the item fits).
 */
export function checkItemAgainstProgramme(
  input: Pick<TransferItemInput, 'categoryCode' | 'commissioningMode'>,
  programme: { categories: readonly Category[]; commissioningModes: readonly CommissioningMode[] },
  prefix = 'body',
): FieldError[] {
  const errors: FieldError[] = [];
  if (!flattenCategories(programme.categories).has(input.categoryCode)) {
    errors.push({ path: `${prefix}.categoryCode`, message: '事项类别不在本方案的内容类别中' });
  }
  if (!programme.commissioningModes.includes(input.commissioningMode)) {
    const allowed = programme.commissioningModes.map((m) => commissioningModeLabels[m]).join('、') || '无';
    errors.push({ path: `${prefix}.commissioningMode`, message: `本方案允许的委托方式为：${allowed}` });
  }
  return errors;
}
