// every action code the platform can write has a Chinese name in the one dictionary
// (src/domain/audit/actions.ts). The codes come from two places, so that neither a new call nor a
// code built at run time slips through: the server's sources (every `action:` of an audit entry,
// templates such as `declaration.${opts.decision}` expanded through the type of what they
// interpolate), and the audit log of a database filled with the demo data.
import path from 'node:path';
import fs from 'node:fs';
import ts from 'typescript';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActionLabels, auditEntityTypeLabels, auditStatusLabels } from '../../../domain/audit/actions.js';
import { auditFieldLabels, auditHiddenFields } from '../../../domain/audit/fields.js';
import { fieldLabels } from '../../../web/shared/fieldLabels.js';
import { createTestContext, type TestContext } from '../../testing/harness.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');
const CODE = /^[a-z][A-Za-z]*(\.[a-zA-Z]+)+$/;
const AUDIT_CALLS = new Set(['appendAudit', 'appendAuditStandalone', 'audit']);

interface Scan {
  actions: Map<string, string>; // code → where
  entityTypes: Map<string, string>;
  problems: string[];
}

/** Every audit action and record type the server's sources can write. */
function scanSources(): Scan {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !p.includes(`${path.sep}testing${path.sep}`)) files.push(p);
    }
  };
  walk(path.join(root, 'src/server'));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  });
  const checker = program.getTypeChecker();
  const out: Scan = { actions: new Map(), entityTypes: new Map(), problems: [] };
  const where = (n: ts.Node) => {
    const sf = n.getSourceFile();
    return `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  };
  /** The strings an expression can evaluate to, or null when it is not a string made of literals. */
  const values = (e: ts.Expression): string[] | null => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
    if (ts.isParenthesizedExpression(e)) return values(e.expression);
    if (ts.isConditionalExpression(e)) {
      const a = values(e.whenTrue);
      const b = values(e.whenFalse);
      return a && b ? [...a, ...b] : null;
    }
    if (ts.isTemplateExpression(e)) {
      let acc = [e.head.text];
      for (const span of e.templateSpans) {
        const t = checker.getTypeAtLocation(span.expression);
        const parts = t.isUnion() ? t.types : [t];
        if (!parts.every((p) => p.isStringLiteral())) return null;
        const texts = parts.map((p) => (p as ts.StringLiteralType).value);
        acc = acc.flatMap((a) => texts.map((x) => a + x + span.literal.text));
      }
      return acc;
    }
    // a constant, or anything else whose type is a literal or a union of literals
    const t = checker.getTypeAtLocation(e);
    const parts = t.isUnion() ? t.types : [t];
    return parts.length && parts.every((p) => p.isStringLiteral()) ? parts.map((p) => (p as ts.StringLiteralType).value) : null;
  };
  const inAuditCall = (o: ts.ObjectLiteralExpression) => {
    const call = o.parent;
    if (!call || !ts.isCallExpression(call)) return false;
    const callee = call.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    return AUDIT_CALLS.has(name);
  };
  for (const sf of program.getSourceFiles()) {
    if (!files.includes(path.normalize(sf.fileName))) continue;
    const visit = (n: ts.Node) => {
      if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && ts.isObjectLiteralExpression(n.parent)) {
        const key = n.name.text;
        if (key === 'action' || key === 'entityType') {
          const vs = values(n.initializer);
          const target = key === 'action' ? out.actions : out.entityTypes;
          if (vs) {
            for (const v of vs) if (key === 'entityType' || CODE.test(v)) target.set(v, where(n));
          } else if (key === 'action' && inAuditCall(n.parent) && !ts.isPropertyAccessExpression(n.initializer)) {
            // a value neither literal nor passed through from a caller's literal (e.action)
            out.problems.push(`${where(n)}: 无法确定 ${key} 的取值：${n.initializer.getText()}`);
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

let ctx: TestContext;
let scan: Scan;
beforeAll(async () => {
  scan = scanSources();
  ctx = await createTestContext();
}, 180_000);
afterAll(async () => ctx?.close());

describe('audit labels (X-1)', () => {
  it('finds the codes the sources write, templates expanded through their types', () => {
    expect(scan.problems).toEqual([]);
    expect(scan.actions.size).toBeGreaterThan(90);
    // `countersign.${opts.decision}` and `declaration.${opts.decision}` expanded
    for (const code of ['countersign.agree', 'countersign.return', 'declaration.recommend', 'declaration.notRecommend', 'programme.publish', 'programme.close', 'rectification.accept', 'society.facts.update'])
      expect(scan.actions.has(code), code).toBe(true);
    expect(scan.actions.has('countersign.pending')).toBe(false);
  });

  it('names every action the sources can write in Chinese', () => {
    const missing = [...scan.actions].filter(([code]) => !auditActionLabels[code]).map(([code, at]) => `${code} (${at})`);
    expect(missing, '以下操作代码没有中文名称，请在 src/domain/audit/actions.ts 中补上').toEqual([]);
  });

  it('names every record type the sources write', () => {
    const missing = [...scan.entityTypes].filter(([t]) => !auditEntityTypeLabels[t] && t !== 'relay').map(([t, at]) => `${t} (${at})`);
    expect(missing).toEqual([]);
  });

  it('names every action and record type in the audit log of the demo data', async () => {
    const res = (await ctx.database.db.execute(sql`SELECT DISTINCT action, entity_type FROM audit_log`)) as unknown as { rows: { action: string; entity_type: string | null }[] };
    expect(res.rows.length).toBeGreaterThan(30);
    expect(res.rows.filter((r) => !auditActionLabels[r.action]).map((r) => r.action)).toEqual([]);
    expect(res.rows.filter((r) => r.entity_type && !auditEntityTypeLabels[r.entity_type]).map((r) => r.entity_type)).toEqual([]);
  });

  it('names every field of the before → after of the demo data, as the page shows them', async () => {
    const res = (await ctx.database.db.execute(sql`SELECT action, before, after FROM audit_log`)) as unknown as { rows: { action: string; before: unknown; after: unknown }[] };
    const missing = new Map<string, string>();
    // the fields AuditDiff shows: objects opened three levels deep, each segment of the path named
    const walk = (v: unknown, depth: number, action: string) => {
      if (!v || typeof v !== 'object' || Array.isArray(v) || depth >= 3) return;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (auditHiddenFields.has(k)) continue;
        if (!auditFieldLabels[k] && !fieldLabels[k]) missing.set(k, action);
        walk(x, depth + 1, action);
      }
    };
    for (const r of res.rows) for (const v of [r.before, r.after]) walk(v, 0, r.action);
    expect(Object.fromEntries(missing), '这些字段没有中文名称（src/domain/audit/fields.ts）').toEqual({});
  });

  it('has no label that nothing writes, and no English in a label', () => {
    const written = new Set([...scan.actions.keys(), 'system.seed']);
    expect(Object.keys(auditActionLabels).filter((c) => !written.has(c))).toEqual([]);
    for (const label of [...Object.values(auditActionLabels), ...Object.values(auditEntityTypeLabels)]) expect(label).not.toMatch(/[A-Za-z]/);
    for (const [type, states] of Object.entries(auditStatusLabels)) {
      expect(auditEntityTypeLabels[type], type).toBeTruthy();
      for (const l of Object.values(states)) expect(l).not.toMatch(/[A-Za-z]{3}/);
    }
  });
});
