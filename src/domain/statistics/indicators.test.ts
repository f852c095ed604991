import { describe, expect, it } from 'vitest';
import { indicatorDefinitions, indicatorValues, percent, publishedFigures, sumCounts } from './indicators.js';

describe('STA-1 indicators from counts', () => {
  // seed 004 §1 and §3(3)3, as count rows of two associations of one subtree
  const rows = [
    { indicator: 'societies.all', value: 40 },
    { indicator: 'societies.all', value: 9 },
    { indicator: 'societies.supervised', value: 12 },
    { indicator: 'societies.groupMember', value: 37 },
    { indicator: 'societies.takingPart', value: 8 },
    { indicator: 'items.undertaken', value: 24 },
    { indicator: 'departments.inTalks', value: 23 },
    { indicator: 'items.hoped.demand', value: 30 },
    { indicator: 'items.hoped.wishes', value: 28 },
    { indicator: 'items.hoped.wishes#answers', value: 14 },
    { indicator: 'societies.willing', value: 14 },
    { indicator: 'societies.capable', value: 13 },
    { indicator: 'satisfaction.department.invited', value: 23 },
    { indicator: 'satisfaction.department.answered', value: 23 },
    { indicator: 'satisfaction.department.satisfied', value: 23 },
    { indicator: 'satisfaction.society.invited', value: 9 },
    { indicator: 'satisfaction.society.answered', value: 8 },
    { indicator: 'satisfaction.society.satisfied', value: 7 },
    { indicator: 'not.a.key', value: 99 },
  ];
  const values = Object.fromEntries(indicatorValues(sumCounts(rows)).map((v) => [v.key, v]));

  it('adds the rows of a subtree and ignores unknown keys', () => {
    expect(values.societies.value).toBe(49);
    expect(values.societies.parts.map((p) => p.value)).toEqual([12, 37]);
  });

  it('reads each indicator as its definition says', () => {
    expect(values.societiesTakingPart.value).toBe(8);
    expect(values.itemsUndertaken.value).toBe(24);
    expect(values.departmentsInTalks.value).toBe(23);
    expect(values.itemsHoped.value).toBe(58); // catalogue entries + the items societies named
    expect(values.societiesWilling.value).toBe(14);
    expect(values.societiesCapable.value).toBe(13);
  });

  it('gives satisfaction as satisfied answers over answers, and the response rate over invitations', () => {
    expect(values.satisfactionDepartments.value).toBe(100);
    expect(values.satisfactionDepartments.responseRate).toBe(100);
    expect(values.satisfactionSocieties.value).toBe(87.5);
    expect(values.satisfactionSocieties.responseRate).toBe(88.9);
    expect(values.satisfactionPublic.value).toBeNull(); // no answers: no rate, never 0 %
    expect(percent(1, 3)).toBe(33.3);
  });

  it('has a definition line and a seed reference for every indicator, and publishes figures by key', () => {
    for (const d of indicatorDefinitions) {
      expect(d.definition).toMatch(/[\u4e00-\u9fa5]/);
      expect(d.seed).toMatch(/\d{3}/);
    }
    const figures = publishedFigures(indicatorValues(sumCounts(rows)));
    expect(figures.itemsHoped).toBe(58);
    expect(figures['items.hoped.demand']).toBe(30);
    expect(figures['satisfactionSocieties.responseRate']).toBe(88.9);
    expect(figures).not.toHaveProperty('satisfactionPublic');
  });
});
