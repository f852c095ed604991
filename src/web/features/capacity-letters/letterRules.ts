// CAP-5, FND-4: what the responsibility letter's section says, worked out from the letter alone (pure,
// unit-tested): which party the user speaks for, whether a signature is the last one and what it then
// does (the budget approved, the execution window started, the award entered in the fund ledger), and
// who may draft when there is no letter yet. The server decides; this only words it.
import type { CapacityApplication } from '../../../contract/capacity-applications';
import type { CapacityLetter, CapacityLetterParty } from '../../../contract/capacity-letters';
import type { Me } from '../../../contract/auth';
import { windowEndsOn } from '../../../domain/funds/expense.rules';
import { formatYuan } from '../../../domain/money';

export const letterPartyOrder: readonly CapacityLetterParty[] = ['association', 'society'];
export const letterPartyLabels: Record<CapacityLetterParty, string> = { association: '甲方', society: '乙方' };

/** Whoever may read applications may read their letter (the server's read rule decides the rest). */
export const LETTER_READERS = ['capacityApplication.submit', 'capacityApplication.review', 'capacityCall.manage', 'fund.read'] as const;

/** The states before a result passed its public notice: no letter can exist yet. */
const BEFORE_LETTER = new Set<string>(['draft', 'submitted', 'returned', 'rejected', 'passed', 'withdrawn', 'expertReview', 'reviewed', 'selected', 'notSelected', 'objectionUpheld']);

/** The application may have a letter: its result passed the public notice (approved), or later. */
export const mayHaveLetter = (status: string) => !BEFORE_LETTER.has(status);

/**
 * The 起草 button without a letter: an approved application, read by a reviewer of the programme's own
 * association (the server refuses anyone else with a sentence; this only spares them the button).
 */
export function mayDraftLetter(me: Pick<Me, 'orgType' | 'orgName' | 'permissions'> | null | undefined, a: Pick<CapacityApplication, 'status' | 'associationName'>): boolean {
  return !!me && a.status === 'approved' && me.orgType === 'association' && me.permissions.includes('capacityApplication.review') && me.orgName === a.associationName;
}

export const otherParty = (p: CapacityLetterParty): CapacityLetterParty => (p === 'association' ? 'society' : 'association');

/** The party's organisation, as 甲方（济南市科学技术协会）. */
export const partyName = (l: Pick<CapacityLetter, 'parties'>, p: CapacityLetterParty) => `${letterPartyLabels[p]}（${l.parties[p].orgName}）`;

/** The other party has signed: the user's signature completes the letter. */
export const signatureCompletes = (l: Pick<CapacityLetter, 'signatures' | 'myParty'>) =>
  !!l.myParty && letterPartyOrder.every((p) => p === l.myParty || l.signatures.some((s) => s.party === p));

/** What the letter's completion does, in sentences (today's date: the window starts on the day of the last signature). */
export function completionEffects(l: Pick<CapacityLetter, 'content' | 'awardFen'>, today: string): string[] {
  const c = l.content;
  return [
    `${c.title}生效，项目预算按责任书所列明细批复（合计 ${formatYuan(c.budgetTotalFen)}），项目进入实施。`,
    `执行期限自今日起 ${c.executionWindowMonths} 个月，至 ${windowEndsOn(today, c.executionWindowMonths)}。`,
    `资助金额 ${formatYuan(l.awardFen)} 记入“${c.fund.name}”的资金台账；专项资金可用余额不足时，平台不予签署，需先补足预算。`,
  ];
}

/** The sign dialog's text: what the user signs, and what the signature does. */
export function signingText(l: Pick<CapacityLetter, 'content' | 'awardFen' | 'signatures' | 'myParty' | 'parties' | 'verificationCode'>, today: string): { intro: string; effects: string[]; last: boolean } {
  const me = l.myParty!;
  const last = signatureCompletes(l);
  const intro = `以${partyName(l, me)}的名义，使用本单位的电子签章（SM2）签署定稿的${l.content.title}${l.verificationCode ? `（校验码 ${l.verificationCode}）` : ''}。签署后不能撤回。`;
  const effects = last
    ? [`${partyName(l, otherParty(me))}已签署，本次签署完成双方签署：`, ...completionEffects(l, today)]
    : [`签署后等待${partyName(l, otherParty(me))}签署；双方签署完毕，${l.content.title}即生效：预算批复，执行期限开始计算，资助金额记入资金台账。`];
  return { intro, effects, last };
}

/** The Word/PDF button's note: a draft or a letter awaiting signatures is marked so in its file too. */
export const documentHint = (status: CapacityLetter['status']) => (status === 'signed' ? '' : status === 'signing' ? '（待签署）' : '（草稿）');
