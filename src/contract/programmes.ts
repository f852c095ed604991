// Programmes (PRG-1, PRG-2) and their public pages (PUB-1): issue 12 §1. The stages, categories and
// parameters are the domain's own schemas (src/domain/programme/programme.types.ts), so the API
// document states every parameter and a client can build a valid PATCH from it.
import { z } from 'zod';
import { ZInstant, all, page, storedShape } from './common.js';
import {
  ZCategories,
  ZCategory,
  ZPresetCode,
  ZProgrammeKind,
  ZProgrammeParameters as ZDomainParameters,
  ZProgrammePreset,
  ZStages,
} from '../domain/programme/programme.types.js';
import { programmeStates } from '../domain/programme/programme.lifecycle.js';

export const ZProgrammeStatus = z.enum(programmeStates).describe('方案状态：draft 草稿，published 已发布，closed 已结束');
export type ProgrammeStatus = z.infer<typeof ZProgrammeStatus>;

/** The policy parameters (PRG-2): the domain's schema, named for the API document. */
export const ZProgrammeParameters = ZDomainParameters.meta({ id: 'ProgrammeParameters', description: '政策参数（PRG-2）：各地文件不同的规则，均在此设定' });
export type ProgrammeParameters = z.output<typeof ZProgrammeParameters>;
/**
 * The parameters as an answer carries them: the same fields without the input rules, so a
 * programme saved under an earlier rule still reads and a key the schema no longer names is dropped
 * rather than failing the request (issue 12 §1).
 */
export const ZProgrammeParametersRecord = (storedShape(ZDomainParameters) as unknown as typeof ZDomainParameters).meta({ id: 'ProgrammeParametersRecord', description: '政策参数（PRG-2）：各地文件不同的规则' });
/** The stages of a programme, with their dates (PRG-1). */
export const ZProgrammeStages = ZStages.meta({ id: 'ProgrammeStages', description: '方案阶段（按时间顺序，编码不重复）' });
export type Stage = z.output<typeof ZProgrammeStages>[number];
/** A content category with its children: the domain's own (recursive) schema, named so the tree refers to itself. */
export const ZProgrammeCategory = ZCategory.register(z.globalRegistry, { id: 'ProgrammeCategory', description: '内容类别（可含下级类别）' });
/** The content categories, a tree at most three levels deep (FUN-2). */
export const ZProgrammeCategories = ZCategories.meta({ id: 'ProgrammeCategories', description: '内容类别树（至多三级，编码不重复）' });
export type Category = z.output<typeof ZProgrammeCategories>[number];
/** Stages and categories as an answer carries them (stored shape: no input rules, unknown keys dropped). */
export const ZProgrammeStagesRecord = (storedShape(ZStages) as unknown as typeof ZStages).meta({ id: 'ProgrammeStagesRecord', description: '方案阶段' });
type CategoryRecord = { code: string; name: string; children?: CategoryRecord[] };
const ZCategoryRecord: z.ZodType<CategoryRecord> = z
  .object({
    code: z.string(),
    name: z.string(),
    get children(): z.ZodOptional<z.ZodArray<z.ZodType<CategoryRecord>>> {
      return z.array(ZCategoryRecord).optional();
    },
  })
  .register(z.globalRegistry, { id: 'ProgrammeCategoryRecord', description: '内容类别（可含下级类别）' });
export const ZProgrammeCategoriesRecord = z.array(ZCategoryRecord).meta({ id: 'ProgrammeCategoriesRecord', description: '内容类别树' });
export type QualificationCondition = ProgrammeParameters['qualificationConditions'][number];

/** What the caller may do with a programme now: edit, publish, close. */
export const ZProgrammeActions = z.array(z.enum(['edit', 'publish', 'close'])).describe('当前可执行的操作：edit 修改，publish 发布，close 结束');

/** A row of the programme list: what the list shows. */
export const ZProgrammeSummary = z
  .object({
    id: z.uuid(),
    associationId: z.uuid(),
    associationName: z.string().describe('制定方案的科协'),
    name: z.string(),
    kind: ZProgrammeKind,
    kindLabel: z.string(),
    presetCode: ZPresetCode.describe('所依据的预置方案（政策文件）'),
    year: z.number().int(),
    status: ZProgrammeStatus,
    statusLabel: z.string(),
    publishedAt: ZInstant.nullable(),
    version: z.number().int().describe('版本号：修改、发布、结束时原样带回'),
    createdAt: ZInstant,
    updatedAt: ZInstant,
  })
  .meta({ id: 'ProgrammeSummary' });
export type ProgrammeSummary = z.infer<typeof ZProgrammeSummary>;

export const ZProgrammePage = page(ZProgrammeSummary);
export type ProgrammePage = z.infer<typeof ZProgrammePage>;

/** A programme: its summary, description, stages, categories, parameters and what may be done next. */
export const ZProgramme = ZProgrammeSummary.extend({
  description: z.string().nullable(),
  stages: ZProgrammeStagesRecord,
  categories: ZProgrammeCategoriesRecord,
  parameters: ZProgrammeParametersRecord,
  actions: ZProgrammeActions,
}).meta({ id: 'Programme' });
export type Programme = z.infer<typeof ZProgramme>;

/** A seed preset a new programme starts from (one per policy document). */
export const ZPreset = z.object({ ...ZProgrammePreset.shape }).meta({ id: 'ProgrammePreset' });
export type Preset = z.infer<typeof ZPreset>;
export const ZPresetList = all(ZPreset);
export type PresetList = z.infer<typeof ZPresetList>;

// ── public (PUB-1) ──────────────────────────────────────────────────────────────────────────────

/** A published (or closed) programme as the portal lists it. */
export const ZPublicProgrammeSummary = z
  .object({
    id: z.uuid(),
    name: z.string(),
    kind: ZProgrammeKind,
    kindLabel: z.string(),
    year: z.number().int(),
    status: ZProgrammeStatus,
    statusLabel: z.string().describe('进行中 / 已结束'),
    description: z.string().nullable(),
    stages: ZProgrammeStagesRecord,
    publishedAt: ZInstant.nullable(),
    associationId: z.uuid(),
    associationName: z.string(),
  })
  .meta({ id: 'PublicProgrammeSummary' });
export type PublicProgrammeSummary = z.infer<typeof ZPublicProgrammeSummary>;
export const ZPublicProgrammePage = page(ZPublicProgrammeSummary);
export type PublicProgrammePage = z.infer<typeof ZPublicProgrammePage>;

/** A published programme's public page: the list row with its category tree. */
export const ZPublicProgramme = ZPublicProgrammeSummary.extend({ categories: ZProgrammeCategoriesRecord }).meta({ id: 'PublicProgramme' });
export type PublicProgramme = z.infer<typeof ZPublicProgramme>;

