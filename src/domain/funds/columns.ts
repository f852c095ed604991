// FND-5, FND-7: the column titles of the 资金台账 page and of its Excel export — one list, so that
// the export reads as the page does (docs/UI.md: exports use the list's column titles).

/** The balances of a fund, in the order the page's card and the export's first sheet show them. */
export const fundBalanceColumns = [
  { key: 'budgetedFen', title: '预算（元）' },
  { key: 'awardedFen', title: '已核定资助（元）' },
  { key: 'committedFen', title: '待拨付（元）' },
  { key: 'disbursedFen', title: '已拨付（元）' },
  { key: 'spentFen', title: '已支出（元）' },
  { key: 'refundedFen', title: '已退还（元）' },
  { key: 'recoveredFen', title: '已收回（元）' },
  { key: 'paidOutFen', title: '净拨出（元）' },
  { key: 'availableFen', title: '可用余额（元）' },
] as const;

/** The columns of the funded projects' list and of the export's second sheet. */
export const fundProjectColumns = [
  { key: 'title', title: '项目名称' },
  { key: 'projectKindLabel', title: '项目类别' },
  { key: 'societyName', title: '承接学会' },
  { key: 'awardFen', title: '核定资助（元）' },
  { key: 'disbursedFen', title: '已拨付（元）' },
  { key: 'spentFen', title: '已支出（元）' },
  { key: 'refundedFen', title: '已退还（元）' },
  { key: 'recoveredFen', title: '已收回（元）' },
  { key: 'committedFen', title: '待拨付（元）' },
  { key: 'outstandingFen', title: '学会尚持有（元）' },
  { key: 'cancelled', title: '资助状态' },
] as const;
