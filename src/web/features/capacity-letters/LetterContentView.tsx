// CAP-5, FND-4: the text of a responsibility letter read in words — the parties, the project with its
// goals and indicators, the approved budget lines and the award in 元, the execution window, and both
// parties' obligations each with the clause of the programme's documents it rests on.
import { Descriptions, Grid, Typography } from 'antd';
import type { ReactNode } from 'react';
import { fmtYuan, fmtWanYuan } from '../../shared/format';
import type { CapacityLetter } from '../../../contract/capacity-letters';
import { BudgetTable } from '../capacity-applications/applicationShared';
import { MultiLine } from '../transfer/common';

const missing = (v: string | null | undefined) => v || <Typography.Text type="secondary">未填写</Typography.Text>;
const contactText = (c: { name: string | null; phone: string | null }) => missing([c.name, c.phone].filter(Boolean).join('，'));

function Heading({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
      {children}
    </Typography.Title>
  );
}

export function LetterContentView({ letter }: { letter: Pick<CapacityLetter, 'content' | 'awardFen' | 'approvedOn' | 'windowEndsOn'> }) {
  const screens = Grid.useBreakpoint();
  const c = letter.content;
  const layout = screens.sm ? 'horizontal' : 'vertical';
  const labelStyle = { width: 128, whiteSpace: 'nowrap' as const };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 20 }}>
      <div style={{ textAlign: 'center' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {c.title}
        </Typography.Title>
        <Typography.Text type="secondary">
          {c.programmeName} · {c.callYear} 年度
        </Typography.Text>
      </div>

      <section aria-label="双方">
        <Heading>签订双方</Heading>
        <Descriptions
          bordered
          size="small"
          column={1}
          layout={layout}
          styles={{ label: labelStyle }}
          items={[
            { key: 'a', label: '甲方', children: c.parties.association.name },
            { key: 'ar', label: '甲方负责人', children: missing(c.parties.association.representative) },
            { key: 'ac', label: '甲方联系人', children: contactText(c.parties.association.contact) },
            { key: 's', label: '乙方', children: c.parties.society.name },
            { key: 'sr', label: '乙方法定代表人', children: missing(c.parties.society.legalRepName) },
            { key: 'sc', label: '乙方联系人', children: contactText(c.parties.society.contact) },
          ]}
        />
      </section>

      <Typography.Paragraph style={{ margin: 0, textIndent: '2em' }}>{c.preamble}</Typography.Paragraph>

      <section aria-label="项目">
        <Heading>项目</Heading>
        <Descriptions
          bordered
          size="small"
          column={1}
          layout={layout}
          styles={{ label: labelStyle }}
          items={[
            { key: 't', label: '项目名称', children: c.project.title },
            { key: 'k', label: '项目类型', children: c.project.typeName },
            { key: 'call', label: '申报通知', children: c.callTitle },
            { key: 'v', label: '依据', children: `申报书第 ${c.project.applicationVersion} 版（最近一次提交的版本）` },
            { key: 'g', label: '项目目标和主要内容', children: <MultiLine text={c.project.goals} /> },
            {
              key: 'i',
              label: '绩效指标',
              children: c.project.indicators.length ? (
                <ol style={{ margin: 0, paddingInlineStart: 20 }}>
                  {c.project.indicators.map((i, n) => (
                    <li key={n}>
                      {i.label}：{i.target}
                    </li>
                  ))}
                </ol>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </section>

      <section aria-label="资助和预算">
        <Heading>资助和预算</Heading>
        <Descriptions
          bordered
          size="small"
          column={1}
          layout={layout}
          styles={{ label: labelStyle }}
          style={{ marginBottom: 12 }}
          items={[
            { key: 'award', label: '资助金额', children: `${fmtYuan(letter.awardFen)}（${fmtWanYuan(letter.awardFen)}，定额资助，从“${c.fund.name}”中安排）` },
            {
              key: 'window',
              label: '执行期限',
              children:
                letter.approvedOn && letter.windowEndsOn
                  ? `${c.executionWindowMonths} 个月：${letter.approvedOn} 至 ${letter.windowEndsOn}`
                  : `${c.executionWindowMonths} 个月，自双方签署生效（预算批复）之日起计算`,
            },
          ]}
        />
        <BudgetTable budget={c.budget} totalFen={c.budgetTotalFen} />
      </section>

      <section aria-label="双方的责任和义务">
        <Heading>双方的责任和义务</Heading>
        <ol style={{ margin: 0, paddingInlineStart: 24, display: 'flex', flexDirection: 'column', gap: 8 }}>
          {c.obligations.map((o, i) => (
            <li key={i}>
              <div>{o.text}</div>
              {o.clause ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  依据：{o.clause}
                </Typography.Text>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-label="补充条款">
        <Heading>补充条款</Heading>
        <MultiLine text={c.supplementaryTerms} empty="无" />
      </section>
    </div>
  );
}
