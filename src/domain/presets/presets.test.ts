import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  validateCategories,
  validateParameters,
  validatePreset,
  validateStages,
  type Category,
  type ProgrammePreset,
} from '../programme/programme.types.js';
import { getPreset, instantiatePreset, presets } from './index.js';

const byCode = (code: string): ProgrammePreset => {
  const p = getPreset(code);
  if (!p) throw new Error(`no preset ${code}`);
  return p;
};

const flatten = (nodes: readonly Category[]): Category[] => nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);

describe('preset catalogue (PRG-2)', () => {
  it('ships the five seeds ordered by code', () => {
    expect(presets.map((p) => p.code)).toEqual(['000', '001', '002', '003', '004']);
    expect(presets.map((p) => p.key)).toEqual(['ningxia', 'shandong', 'chengdu', 'yiyang', 'deyang']);
  });

  it('finds a preset by code and returns undefined for an unknown code', () => {
    expect(getPreset('003')?.key).toBe('yiyang');
    expect(getPreset('005')).toBeUndefined();
  });

  it('freezes the presets so that a caller cannot change a shared default', () => {
    const p = byCode('001');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.parameters.reviewOffices)).toBe(true);
    expect(() => {
      (p.parameters as { noticePeriodDays: number }).noticePeriodDays = 99;
    }).toThrow(TypeError);
  });

  it.each(presets.map((p) => [p.code, p] as const))('preset %s passes the preset schema', (_code, preset) => {
    const result = validatePreset(preset);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it.each(presets.map((p) => [p.code, p] as const))(
    'preset %s passes validateParameters, validateStages and validateCategories once instantiated',
    (_code, preset) => {
      const programme = instantiatePreset(preset, 2026);
      for (const result of [
        validateParameters(programme.parameters),
        validateStages(programme.stages),
        validateCategories(programme.categories),
      ]) {
        expect(result.ok ? [] : result.errors).toEqual([]);
      }
    },
  );
});

describe('instantiatePreset', () => {
  it.each(presets.map((p) => [p.code, p] as const))(
    'gives preset %s stage dates inside the year (plus offset) with endsOn ≥ startsOn',
    (_code, preset) => {
      for (const year of [2024, 2026]) {
        const { stages } = instantiatePreset(preset, year);
        expect(stages).toHaveLength(preset.stages.length);
        stages.forEach((stage, i) => {
          const y = year + (preset.stages[i].yearOffset ?? 0);
          expect(stage.startsOn >= `${y}-01-01`, stage.code).toBe(true);
          expect(stage.endsOn <= `${y}-12-31`, stage.code).toBe(true);
          expect(stage.endsOn >= stage.startsOn, stage.code).toBe(true);
        });
      }
    },
  );

  it('keeps the programme kind of the seed', () => {
    expect(presets.map((p) => instantiatePreset(p, 2026).kind)).toEqual([
      'transferPilot',
      'transferPilot',
      'transferPilot',
      'capacityPlan',
      'transferPilot',
    ]);
  });

  it('turns 001 §4(1) into April–May, May–October, November–December of the year', () => {
    const { stages } = instantiatePreset(byCode('001'), 2027);
    expect(stages.map((s) => [s.code, s.startsOn, s.endsOn])).toEqual([
      ['mobilise', '2027-04-01', '2027-05-31'],
      ['implement', '2027-05-01', '2027-10-31'],
      ['summarise', '2027-11-01', '2027-12-31'],
    ]);
  });

  it('moves a stage with yearOffset into the following year (003 acceptance)', () => {
    const { stages } = instantiatePreset(byCode('003'), 2026);
    const acceptance = stages.find((s) => s.code === 'acceptance');
    expect(acceptance).toMatchObject({ startsOn: '2027-06-16', endsOn: '2027-07-15' });
  });

  it('ends a stage without endDay on the last day of its month, February included', () => {
    const preset = structuredClone(byCode('001'));
    preset.stages[0] = { ...preset.stages[0], startMonth: 2, endMonth: 2 };
    expect(instantiatePreset(preset, 2028).stages[0].endsOn).toBe('2028-02-29');
    expect(instantiatePreset(preset, 2027).stages[0].endsOn).toBe('2027-02-28');
  });

  it('returns copies that a new programme may change without touching the preset', () => {
    const preset = byCode('003');
    const programme = instantiatePreset(preset, 2026);
    programme.parameters.sanctions.falseMaterialsDebarYears = 9;
    programme.categories[0].name = '改';
    expect(preset.parameters.sanctions.falseMaterialsDebarYears).toBe(3);
    expect(preset.categories[0].name).toBe('综合示范学会');
  });

  it('refuses a year that is not a sensible integer', () => {
    expect(() => instantiatePreset(byCode('000'), 2026.5)).toThrow(RangeError);
    expect(() => instantiatePreset(byCode('000'), 1999)).toThrow(/年份/);
  });
});

describe('preset values follow their seeds', () => {
  it("001's review offices are the five of 001 §5(1), approved by the provincial government", () => {
    const p = byCode('001').parameters;
    expect([...p.reviewOffices].sort()).toEqual(['civilAffairs', 'developmentReform', 'establishment', 'finance', 'legal']);
    expect(p.approvalLevel).toBe('provincialGovernment');
  });

  it("001's project leader is at least secretary-general, approved by council or standing council (TB-3)", () => {
    const p = byCode('001').parameters;
    expect(p.projectLeaderMinPost).toBe('secretaryGeneral');
    expect(p.leaderApprovalBodies).toEqual(['council', 'standingCouncil']);
  });

  it("001's categories hold three S&T-evaluation subtypes and its five technical-standard fields (FUN-2)", () => {
    const cats = byCode('001').categories;
    expect(cats.find((c) => c.code === 'sci_tech_evaluation')?.children).toHaveLength(3);
    expect(cats.find((c) => c.code === 'technical_standards')?.children?.map((c) => c.name)).toEqual([
      '3D打印',
      '物联网',
      '工业机器人',
      '新能源汽车',
      '中医药',
    ]);
  });

  it("000's categories hold four S&T-evaluation subtypes and all five contents of 000 §3", () => {
    const cats = byCode('000').categories;
    expect(cats).toHaveLength(5);
    expect(cats.find((c) => c.code === 'sci_tech_evaluation')?.children).toHaveLength(4);
  });

  it("000's leading group has the seven member units of 000 §4(1) and reviews include 人社 and 科技", () => {
    const p = byCode('000').parameters;
    expect(p.leadingGroupMembers).toHaveLength(7);
    expect(p.reviewOffices).toEqual(expect.arrayContaining(['humanResources', 'scienceTech']));
    expect(p.reviewOffices).not.toContain('legal');
  });

  it("000 holds Ningxia's three special funds (FND-7)", () => {
    expect(byCode('000').parameters.funds.map((f) => f.name)).toEqual(['学会能力提升专项', '助力创新工程专项', '学术交流专项']);
  });

  it('002 reports by the end of June and routes changes to department and association', () => {
    const p = byCode('002').parameters;
    expect(p.stageReportDue).toBe('06-30');
    expect(p.changeApprovers).toEqual(['department', 'association']);
    expect(p.commissioningModes).toEqual(['authorisedCommission', 'serviceProcurement']);
  });

  it("003's sanctions are 3 and 2 years (CAP-7)", () => {
    const { sanctions } = byCode('003').parameters;
    expect(sanctions.falseMaterialsDebarYears).toBe(3);
    expect(sanctions.failedAcceptanceDebarYears).toBe(2);
    expect(sanctions.recoverFundsOn).toEqual(expect.arrayContaining(['falseMaterials', 'failedAcceptance']));
  });

  it('003 is a capacity plan with a 5-day evaluation notice and a one-year execution window', () => {
    const p = byCode('003');
    expect(p.kind).toBe('capacityPlan');
    expect(p.parameters.evaluationNoticeDays).toBe(5);
    expect(p.parameters.executionWindowMonths).toBe(12);
    expect(p.parameters.financeBureauCoManages).toBe(true);
  });

  it("003's eligibility has the four key-project conditions, three exclusions and three demonstration extras (CAP-2)", () => {
    const { keyProject, demonstration } = byCode('003').parameters.capacityEligibility;
    expect(keyProject.map((c) => c.rule)).toEqual([
      'annualInspectionPassed',
      'manual',
      'fullTimeSecretaryGeneral',
      'financeStaff',
      'noViolation',
      'noCriticism',
      'noFailedTask',
      'notDebarred',
    ]);
    expect(keyProject[0]).toMatchObject({ years: 2 });
    expect(demonstration).toContainEqual(expect.objectContaining({ rule: 'commendation', level: 'city', withinYears: 3 }));
    expect(demonstration.map((c) => c.rule)).toEqual(['commendation', 'independentAccount', 'partyOrganisation']);
  });

  it("003's formal review has five checks and its expert criteria weigh 100 (CAP-3, CAP-4)", () => {
    const p = byCode('003').parameters;
    expect(p.formalReviewChecklist).toHaveLength(5);
    expect(p.expertReviewCriteria.map((c) => c.label)).toEqual(['项目的基础条件', '持续发展能力', '科学性', '示范性', '辐射性']);
    expect(p.expertReviewCriteria.reduce((s, c) => s + c.weight, 0)).toBe(100);
  });

  it("003's expense lists are 办法 §6 and §7 (FND-1, FND-2)", () => {
    const { allowed, forbidden } = byCode('003').parameters.expenseCategories;
    expect(allowed.map((a) => a.code)).toEqual(['materials', 'activities', 'other']);
    expect(forbidden).toHaveLength(6);
  });

  it("004 earmarks 200,000 yuan for transfer pilots and prefers its four modes (FND-7, 004 §1)", () => {
    const p = byCode('004').parameters;
    expect(p.funds).toContainEqual(expect.objectContaining({ amountFen: 20_000_000 }));
    expect(p.preferredProcurementModes).toEqual(['centralPurchase', 'longTermAgreement', 'directedPurchase', 'subsidy']);
    expect(p.satisfactionSurvey).toEqual(['department', 'society']);
  });

  it('uses the same top-level category codes for the same FUN-2 contents across presets', () => {
    for (const code of ['000', '001']) {
      const codes = flatten(byCode(code).categories).map((c) => c.code);
      expect(codes).toEqual(expect.arrayContaining(['sci_tech_evaluation', 'technical_standards', 'awards_talent']));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Every value in a preset carries a comment naming its seed section, or saying `seed silent`.
// ---------------------------------------------------------------------------------------------

/** Splits a source line into code and `//` comment, ignoring `//` inside string literals. */
function splitComment(line: string): { code: string; comment: string } {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
    } else if (ch === '/' && line[i + 1] === '/') {
      return { code: line.slice(0, i), comment: line.slice(i + 2) };
    }
  }
  return { code: line, comment: '' };
}

const VALUE_LINE = /:\s*[^{[\s]/;
/** An array written on one line (`reviewOffices: []`, `items: ['a', 'b']`) is a value too. */
const INLINE_ARRAY_LINE = /:\s*\[.*\]/;
const BARE_VALUE_LINE = /^\s*(['"`]|-?\d|\.\.\.|true\b|false\b|null\b)/;
const CITES = /§|seed silent/;

/** Lines of `source` (from `startAt` to `endAt`) that hold a value and do not cite a seed section. */
function uncitedValueLines(source: string, startAt: RegExp, endAt: RegExp | null): string[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => startAt.test(l));
  if (start < 0) throw new Error(`no line matches ${startAt}`);
  let end = lines.length;
  if (endAt) {
    const rel = lines.slice(start + 1).findIndex((l) => endAt.test(l));
    if (rel < 0) throw new Error(`no end of object after line ${start + 1}`);
    end = start + 1 + rel;
  }
  const bad: string[] = [];
  let checked = 0;
  for (let i = start + 1; i < end; i++) {
    if (/^\s*(\/\*|\*)/.test(lines[i])) continue; // JSDoc / block comment lines hold no value
    const { code, comment } = splitComment(lines[i]);
    if (!VALUE_LINE.test(code) && !INLINE_ARRAY_LINE.test(code) && !BARE_VALUE_LINE.test(code)) continue;
    checked++;
    if (!CITES.test(comment)) bad.push(`${i + 1}: ${lines[i].trim()}`);
  }
  if (checked === 0) throw new Error('no value lines found: the scanner is not looking at the object');
  return bad;
}

const presetFiles = ['000-ningxia.ts', '001-shandong.ts', '002-chengdu.ts', '003-yiyang.ts', '004-deyang.ts'];
const read = (name: string): string => readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)), 'utf8');

describe('every preset value names its seed section', () => {
  it.each(presetFiles)('%s: each value line has a // comment citing § or saying seed silent', (file) => {
    const bad = uncitedValueLines(read(file), /^export const preset\w+: ProgrammePreset = \{/, /^\};?\s*$/);
    expect(bad).toEqual([]);
  });

  it('platform-defaults.ts: each default says where it comes from', () => {
    const source = read('platform-defaults.ts');
    const bad = uncitedValueLines(source, /^\} from '/, null);
    // Exported constants are values too, whatever their shape.
    const exportsWithoutCitation = source
      .split('\n')
      .filter((l) => /^export const /.test(l))
      .filter((l) => !CITES.test(splitComment(l).comment));
    expect([...bad, ...exportsWithoutCitation]).toEqual([]);
  });

  it('the scanner flags a value without a citation (so the rule can fail)', () => {
    const source = [
      'export const presetX: ProgrammePreset = {',
      "  code: '009', // 009 §1",
      "  key: 'x',",
      '  parameters: {',
      '    noticePeriodDays: 5, // a guess',
      "    reviewOffices: ['legal'], // seed silent: platform default",
      '    funds: [],',
      "      'finance',",
      '  },',
      '};',
    ].join('\n');
    const bad = uncitedValueLines(source, /^export const preset\w+: ProgrammePreset = \{/, /^\};?\s*$/);
    expect(bad).toEqual(["3: key: 'x',", '5: noticePeriodDays: 5, // a guess', '7: funds: [],', "8: 'finance',"]);
  });

  it('the scanner ignores // inside a string', () => {
    expect(splitComment("  url: 'http://a.b', // 001 §5(4)")).toEqual({ code: "  url: 'http://a.b', ", comment: ' 001 §5(4)' });
  });
});
