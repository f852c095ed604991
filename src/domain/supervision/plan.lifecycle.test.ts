import { describe, expect, it } from 'vitest';
import { DomainError, allowedEvents, transition } from '../lifecycle.js';
import { zhErrorMap } from '../zod-zh.js';
import { ZPlanDecisionInput, ZPlanInput, planLifecycle, planStates, planSubmissionRefusal } from './plan.lifecycle.js';

const content = { goals: '目标', organisation: '分工', workingMode: '模式', mechanisms: '机制', safeguards: '保障' };

describe('implementation plan lifecycle (SUP-1)', () => {
  it('approves or returns a submitted version', () => {
    expect(transition(planLifecycle, 'submitted', 'approve')).toBe('approved');
    expect(transition(planLifecycle, 'submitted', 'return')).toBe('returned');
  });
  it('supersedes the approved version when a later one is approved', () => {
    expect(transition(planLifecycle, 'approved', 'supersede')).toBe('superseded');
  });
  it('refuses deciding twice and touching returned or superseded versions', () => {
    expect(() => transition(planLifecycle, 'approved', 'approve')).toThrow('“已通过”状态下不能审查通过');
    expect(() => transition(planLifecycle, 'returned', 'approve')).toThrowError(DomainError);
    expect(() => transition(planLifecycle, 'submitted', 'supersede')).toThrowError(DomainError);
    expect(allowedEvents(planLifecycle, 'returned')).toEqual([]);
    expect(allowedEvents(planLifecycle, 'superseded')).toEqual([]);
  });
  it('labels every state in Chinese', () => {
    for (const s of planStates) expect(planLifecycle.states[s]).toMatch(/[\u4e00-\u9fa5]/);
  });
  it('lets a new version be submitted unless one is waiting for review', () => {
    expect(planSubmissionRefusal(null)).toBeNull();
    expect(planSubmissionRefusal('returned')).toBeNull();
    expect(planSubmissionRefusal('approved')).toBeNull();
    expect(planSubmissionRefusal('submitted')).toMatch('待审查');
  });
});

describe('plan inputs', () => {
  it('requires every part of the plan, in Chinese', () => {
    const r = ZPlanInput.safeParse({ content: { ...content, safeguards: ' ' } }, { error: zhErrorMap });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('请填写保障措施');
    expect(ZPlanInput.parse({ content }).attachmentIds).toEqual([]);
  });
  it('refuses unknown fields and duplicate attachments', () => {
    expect(ZPlanInput.safeParse({ content, extra: 1 }).success).toBe(false);
    const id = '7d3e3c0e-4a8e-4d4c-9d2a-7f0f3b1a2c3d';
    expect(ZPlanInput.safeParse({ content, attachmentIds: [id, id] }).success).toBe(false);
  });
  it('requires a comment when returning', () => {
    expect(ZPlanDecisionInput.safeParse({ decision: 'approve' }).success).toBe(true);
    const r = ZPlanDecisionInput.safeParse({ decision: 'return', comment: '' });
    expect(r.error?.issues[0].message).toBe('退回时请填写意见');
  });
});
