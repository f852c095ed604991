// The one money input of every form (issue 11 §5): an amount is typed in 元 with at most two
// decimals and sent in fen. What the user typed stays as typed; the domain's `parseYuan` (the same
// reading the spreadsheet import uses) checks it, and a negative, non-numeric, over-precise or
// over-large value shows its message on the field and blocks the submit — nothing is rounded,
// clamped or turned into 0. (antd's InputNumber does all three on blur: it clamps to min/max,
// rounds to its precision and drops text it cannot parse, which is why it is not used here.)
import { Input, type InputProps } from 'antd';
import type { Rule } from 'antd/es/form';
import { MONEY_MAX_FEN, fenToYuanText, parseYuan } from '../../domain/money';
import { fmtYuan } from './format';

export { fenToYuanText };

type Props = Omit<InputProps, 'value' | 'onChange' | 'suffix' | 'type'> & {
  value?: string | number | null;
  onChange?: (value: string) => void;
};

/** A 元 amount as text (Form.Item passes value and onChange); pair it with `moneyRules`. */
export function MoneyInput({ value, onChange, ...rest }: Props) {
  return (
    <Input
      inputMode="decimal"
      autoComplete="off"
      placeholder="如：120000 或 120,000.50"
      maxLength={24}
      {...rest}
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(e) => onChange?.(e.target.value)}
      suffix="元"
    />
  );
}

/**
 * Rules for a MoneyInput field: the amount must read as 元 (parseYuan), and lie within
 * [min, max] fen when given. `label` names the field in the messages.
 */
export function moneyRules(o: { label: string; required?: boolean; min?: number; minMessage?: string; max?: number; maxMessage?: string }): Rule[] {
  return [
    // `required` as antd's own rule, so that the field shows its asterisk
    ...(o.required ? [{ required: true, whitespace: true, message: `请填写${o.label}` }] : []),
    {
      validator: async (_, v: unknown) => {
        const read = parseYuan(v, o.label);
        if (!read.ok) throw new Error(read.message);
        if (read.fen === null) return; // empty: the required rule above speaks, if any
        if (o.min !== undefined && read.fen < o.min) throw new Error(o.minMessage ?? `${o.label}不能少于 ${fmtYuan(o.min)}`);
        const max = o.max ?? MONEY_MAX_FEN;
        if (read.fen > max) throw new Error(o.maxMessage ?? `${o.label}不能超过 ${fmtYuan(max)}`);
      },
    },
  ];
}

/**
 * A MoneyInput value → fen for the request: null when empty. A value that does not read as 元 is
 * sent as typed, so that the server refuses it on its field — never silently null or 0 (forms that
 * submit without validating, such as a change request's copy of the task book, rely on this).
 */
export function moneyToFen(v: unknown): number | null | string {
  const read = parseYuan(v);
  if (read.ok) return read.fen;
  return typeof v === 'string' ? v : String(v);
}
