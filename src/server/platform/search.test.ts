import { describe, expect, it } from 'vitest';
import { indexTokens, queryExpression, queryTokens } from './search.js';

describe('X-5 Chinese segmentation for full-text search', () => {
  it('indexes whole words and their parts, so a query for a part of a compound still matches', () => {
    const tokens = indexTokens('工业机器人团体标准研制').split(' ');
    expect(tokens).toEqual(expect.arrayContaining(['工业', '机器人', '机器', '团体', '标准', '研制']));
  });

  it('drops punctuation and tsquery operators from tokens', () => {
    const tokens = indexTokens('评估（第三方）& 咨询! a|b').split(' ');
    expect(tokens.some((t) => /[（）&!|]/.test(t))).toBe(false);
    expect(tokens).toEqual(expect.arrayContaining(['评估', '第三方', '咨询']));
  });

  it('segments a query precisely and lower-cases Latin words', () => {
    expect(queryTokens('机器人 IoT')).toEqual(['机器人', 'iot']);
    expect(queryTokens('  ，。 ')).toEqual([]);
  });
});

describe('X-5 a word of a title finds it, however jieba cuts the sentence', () => {
  const docs = [
    '3D打印、物联网、工业机器人、新能源汽车、中医药等领域团体标准研制',
    '省级科研和创新基地评估',
    '工程技术领域职业资格考试考务',
    '智能物联网平台建设咨询服务',
    '科技决策咨询和经济社会发展决策咨询',
    '急需人才培养和科技人员继续教育',
  ];
  // Evaluates the tsquery text the way PostgreSQL does for '|' and '&' over a token set.
  const matches = (expr: string, tokens: Set<string>): boolean =>
    expr.split(' & (').length >= 1 &&
    expr
      .split(/ & (?![^(]*\))/)
      .every((term) => {
        const t = term.trim();
        if (!t.startsWith('(')) return tokens.has(t.replace(/'/g, ''));
        const [whole, parts] = t.slice(1, -1).split(' | ');
        return tokens.has(whole.replace(/'/g, '')) || parts.slice(1, -1).split(' & ').every((p) => tokens.has(p.replace(/'/g, '')));
      });
  for (const word of ['物联网', '工业机器人', '团体标准', '创新基地', '职业资格', '考务', '决策咨询', '继续教育', '3D打印']) {
    it(`finds every document containing “${word}”, and only those`, () => {
      const expr = queryExpression(word)!;
      const hits = docs.filter((d) => matches(expr, new Set(indexTokens(d).split(' '))));
      expect(hits).toEqual(docs.filter((d) => d.toLowerCase().includes(word.toLowerCase())));
    });
  }
});
