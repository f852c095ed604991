import { describe, expect, it } from 'vitest';
import { allowedEvents, transition, DomainError } from '../lifecycle.js';
import { transferItemLifecycle, transferItemStates } from './transfer-item.lifecycle.js';
import { demandEntryLifecycle } from './demand-entry.lifecycle.js';
import { declarationLifecycle } from '../selection/declaration.lifecycle.js';
import { countersignLifecycle, countersignOutcome } from '../selection/countersign.lifecycle.js';
import { checkItemAgainstProgramme, flattenCategories } from './transfer.types.js';
import { getPreset } from '../presets/index.js';

describe('transfer item lifecycle (FUN-1, FUN-3, SEL-1…SEL-7)', () => {
  it('walks draft → published → relayed → countersigning → approving → selecting → assigned', () => {
    let s = transition(transferItemLifecycle, 'draft', 'publish');
    for (const e of ['relay', 'sendCountersign', 'agreeCountersign', 'approve', 'select'] as const) s = transition(transferItemLifecycle, s, e);
    expect(s).toBe('assigned');
  });
  it('goes back to relayed when an office returns the list (SEL-5)', () => {
    expect(transition(transferItemLifecycle, 'countersigning', 'returnCountersign')).toBe('relayed');
  });
  it('allows amending and withdrawing only while published or relayed (FUN-3)', () => {
    for (const s of transferItemStates) {
      const ok = s === 'published' || s === 'relayed';
      expect(allowedEvents(transferItemLifecycle, s).includes('amend')).toBe(ok);
      expect(allowedEvents(transferItemLifecycle, s).includes('withdraw')).toBe(ok);
    }
  });
  it('takes declarations and review decisions only while relayed (SEL-2, SEL-4)', () => {
    for (const s of transferItemStates) {
      expect(allowedEvents(transferItemLifecycle, s).includes('declare')).toBe(s === 'relayed');
      expect(allowedEvents(transferItemLifecycle, s).includes('review')).toBe(s === 'relayed');
    }
  });
  it('refuses selecting before approval with a coded error and a Chinese message', () => {
    expect(() => transition(transferItemLifecycle, 'countersigning', 'select')).toThrowError(DomainError);
    expect(() => transition(transferItemLifecycle, 'countersigning', 'select')).toThrow('“会签中”状态下不能择优确定承接学会');
  });
  it('never leaves withdrawn or assigned', () => {
    expect(allowedEvents(transferItemLifecycle, 'withdrawn')).toEqual([]);
    expect(allowedEvents(transferItemLifecycle, 'assigned')).toEqual([]);
  });
});

describe('demand catalogue entry lifecycle (FUN-4)', () => {
  it('publishes, amends while published, and ends withdrawn', () => {
    expect(transition(demandEntryLifecycle, 'draft', 'publish')).toBe('published');
    expect(allowedEvents(demandEntryLifecycle, 'published').sort()).toEqual(['amend', 'withdraw']);
    expect(allowedEvents(demandEntryLifecycle, 'withdrawn')).toEqual([]);
  });
});

describe('declaration lifecycle (SEL-2, SEL-4, SEL-7)', () => {
  it('returns for more information and comes back submitted', () => {
    expect(transition(declarationLifecycle, transition(declarationLifecycle, 'submitted', 'return'), 'resubmit')).toBe('submitted');
  });
  it('selects only a recommended declaration', () => {
    expect(transition(declarationLifecycle, 'recommended', 'select')).toBe('selected');
    for (const s of ['submitted', 'returned', 'notRecommended', 'withdrawn', 'closed', 'selected'] as const) {
      expect(() => transition(declarationLifecycle, s, 'select')).toThrowError(DomainError);
    }
  });
  it('closes every live declaration but never a selected or withdrawn one', () => {
    expect(allowedEvents(declarationLifecycle, 'selected')).toEqual([]);
    expect(allowedEvents(declarationLifecycle, 'withdrawn')).toEqual([]);
    for (const s of ['submitted', 'returned', 'recommended', 'notRecommended'] as const) expect(transition(declarationLifecycle, s, 'close')).toBe('closed');
  });
  it('lets a society withdraw only before the association decided', () => {
    expect(allowedEvents(declarationLifecycle, 'recommended').includes('withdraw')).toBe(false);
    expect(transition(declarationLifecycle, 'returned', 'withdraw')).toBe('withdrawn');
  });
});

describe('countersign (SEL-5, SEL-6)', () => {
  it('moves on only when every office agreed; any return sends it back', () => {
    expect(countersignOutcome(['agree', 'agree', 'pending'])).toBe('pending');
    expect(countersignOutcome(['agree', 'return', 'pending'])).toBe('returned');
    expect(countersignOutcome(['agree', 'agree'])).toBe('agreed');
    expect(countersignOutcome([])).toBe('pending');
  });
  it('records approval only after countersign agreed', () => {
    expect(() => transition(countersignLifecycle, 'countersigning', 'approve')).toThrowError(DomainError);
    expect(transition(countersignLifecycle, 'approving', 'approve')).toBe('approved');
  });
});

describe('items fit their programme (FUN-1, FUN-2, PRG-2)', () => {
  const p001 = getPreset('001')!;
  const programme = { categories: p001.categories, commissioningModes: p001.parameters.commissioningModes };
  it('accepts any category of the tree, leaf or not', () => {
    expect(checkItemAgainstProgramme({ categoryCode: 'standard_tcm', commissioningMode: 'serviceProcurement' }, programme)).toEqual([]);
    expect(checkItemAgainstProgramme({ categoryCode: 'technical_standards', commissioningMode: 'serviceProcurement' }, programme)).toEqual([]);
    expect(flattenCategories(p001.categories).get('standard_tcm')).toBe('技术标准研制（团体标准） / 中医药');
  });
  it('refuses a category or a commissioning mode the programme does not have, naming the field', () => {
    expect(checkItemAgainstProgramme({ categoryCode: 'nope', commissioningMode: 'serviceProcurement' }, programme)[0].path).toBe('body.categoryCode');
    const onlyCommission = { ...programme, commissioningModes: ['authorisedCommission' as const] };
    expect(checkItemAgainstProgramme({ categoryCode: 'standard_tcm', commissioningMode: 'serviceProcurement' }, onlyCommission)).toEqual([{ path: 'body.commissioningMode', message: '本方案允许的委托方式为：授权委托' }]);
  });
});
