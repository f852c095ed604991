// The one date input of every form (issue 11 §5): antd's DatePicker (value a Dayjs, written
// yyyy-MM-dd) that does not silently drop what it cannot read. On its own, DatePicker forgets
// typed text it cannot parse ("2026-13-45", "2026/5/1x") when the field loses focus, so an
// optional date simply vanished and a required one said only 请选择日期. Here, when the user
// leaves the field (or presses Enter) the typed text is read with `readDayText`: text that is not
// a real yyyy-MM-dd day — or a day the field does not offer (`disabledDate`) — stays on screen
// and puts a marker value into the form, which `dayRule` turns into the message on the field, so
// the form cannot be submitted; picking or typing a valid day, or emptying the text, clears it.
// Pair every DayPicker / DayRangePicker with `dayRule` in its Form.Item's rules.
import { DatePicker, type DatePickerProps } from 'antd';
import type { RangePickerProps } from 'antd/es/date-picker';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { useCallback, useLayoutEffect, useRef, useState, type ComponentRef, type FocusEvent, type ReactNode, type Ref, type RefObject } from 'react';
import { dayjs } from './format';
import { DAY_FORMAT_MESSAGE, RANGE_ORDER_MESSAGE, readDayRangeTexts, readDayText } from './dayText';

export { DAY_FORMAT_MESSAGE };

// ---------------------------------------------------------------------------------------------
// The marker: an invalid Dayjs standing for the bad text, with the message to show and, when
// the text was a day the field does not offer, that day for antd to keep showing.

const problems = new WeakMap<object, { message: string; shows?: Dayjs | null }>();

/** `shows`: the day antd is to show (null: none); left out, antd keeps what it showed. */
function badDay(message: string, shows?: Dayjs | null): Dayjs {
  const d = dayjs(Number.NaN);
  problems.set(d, { message, shows });
  return d;
}

/** What antd shows for one side: the value, or for a marker the day it names, else what it showed before. */
function showing(v: Dayjs | null | undefined, before: Dayjs | null | undefined): Dayjs | null {
  if (!dayProblem(v)) return v ?? null;
  const shows = problems.get(v as Dayjs)?.shows;
  return shows === undefined ? (before ?? null) : shows;
}

/**
 * The message when `v` (a DayPicker or DayRangePicker value) stands for text that is not a
 * usable day, else null. Code that reads the value without validating still gets a Dayjs: an
 * invalid one, formatted as "Invalid Date" — which the server refuses on its field, never null.
 */
export function dayProblem(v: unknown): string | null {
  if (Array.isArray(v)) {
    for (const x of v) {
      const p = dayProblem(x);
      if (p) return p;
    }
    return null;
  }
  return dayjs.isDayjs(v) && !v.isValid() ? (problems.get(v)?.message ?? DAY_FORMAT_MESSAGE) : null;
}

/** The rule every DayPicker / DayRangePicker field carries: its bad text is an error, not a dropped value. */
export const dayRule: Rule = {
  validator: async (_, v: unknown) => {
    const p = dayProblem(v);
    if (p) throw new Error(p);
  },
};

// ---------------------------------------------------------------------------------------------
// Shared plumbing.

const sameDay = (a: Dayjs | null | undefined, b: Dayjs | null | undefined) => (a && b ? a.isSame(b, 'day') : !a && !b);

type Root = { nativeElement?: HTMLElement | null } | null;

/** True when focus moves to another part of the same picker (its other input or its popup). */
function staysInside(e: FocusEvent<HTMLElement>, root: Root): boolean {
  const next = e.relatedTarget;
  if (!(next instanceof Element)) return false;
  return !!root?.nativeElement?.contains(next) || !!next.closest('.ant-picker-dropdown');
}

/**
 * The picker's own ref, shared with the one Form.Item passes (React 19 hands it over as a prop;
 * the form focuses and scrolls to the field through it).
 */
function useSharedRef<T>(outer: Ref<T> | undefined) {
  const own = useRef<T | null>(null);
  const set = useCallback(
    (node: T | null) => {
      own.current = node;
      if (typeof outer === 'function') outer(node);
      else if (outer) outer.current = node;
    },
    [outer],
  );
  return [own, set] as const;
}

function focusedIn(root: Root): boolean {
  const at = document.activeElement;
  return !!at && at !== document.body && (!!root?.nativeElement?.contains(at) || !!at.closest('.ant-picker-dropdown'));
}

/**
 * Calls `onLeave` when focus leaves the picker: its inputs, its clear button (focusable in antd
 * 6, and not reported by the picker's own onBlur) and its calendar popup (a portal, whose events
 * still bubble here through React). `display: contents` keeps the picker's layout as it was.
 */
function Leaving({ root, onLeave, children }: { root: RefObject<Root>; onLeave: () => void; children: ReactNode }) {
  return (
    <span style={{ display: 'contents' }} onBlur={(e) => (staysInside(e, root.current) ? undefined : onLeave())}>
      {children}
    </span>
  );
}

const inputTexts = (root: Root): string[] => Array.from(root?.nativeElement?.querySelectorAll('input') ?? [], (i) => i.value);

/**
 * The value antd showed before the form came to hold a marker (handed to antd again meanwhile,
 * so that it does not replace the typed text), and a key that remounts the picker when the form
 * leaves the marker while the user is elsewhere (a reset, a value set by the page, the text
 * settled on blur): antd would otherwise keep showing the old text. While the user is in the
 * picker (a day picked in its calendar, Enter) it is not remounted, so that focus stays put.
 */
function useHeld<V>(value: V, bad: boolean, root: () => Root) {
  const held = useRef<V | null>(bad ? null : value);
  const wasBad = useRef(bad);
  const [epoch, setEpoch] = useState(0);
  useLayoutEffect(() => {
    if (wasBad.current && !bad && !focusedIn(root())) setEpoch((e) => e + 1);
    wasBad.current = bad;
    if (!bad) held.current = value;
  }, [bad, value, root]);
  // antd may commit what it parsed of the text a moment after the field is left; what was read
  // at that moment wins, so the picker's own change is ignored until the next task.
  const quiet = useRef(false);
  const hush = () => {
    quiet.current = true;
    setTimeout(() => {
      quiet.current = false;
    }, 0);
  };
  return { before: held.current, epoch, quiet, hush };
}

// ---------------------------------------------------------------------------------------------
// One day.

export type DayPickerProps = Omit<DatePickerProps, 'value' | 'onChange' | 'multiple' | 'defaultValue'> & {
  ref?: Ref<ComponentRef<typeof DatePicker>>;
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  /** Shown when the typed day is one `disabledDate` excludes; default names the day. */
  disabledDateMessage?: string;
};

/** A yyyy-MM-dd day for a Form.Item (value: Dayjs | null); pair it with `dayRule`. */
export function DayPicker({ ref: outerRef, value, onChange, onBlur, onKeyDown, disabledDate, disabledDateMessage, picker, ...rest }: DayPickerProps) {
  const [ref, setRef] = useSharedRef<ComponentRef<typeof DatePicker>>(outerRef);
  const bad = dayProblem(value) !== null;
  const { before, epoch, quiet, hush } = useHeld<Dayjs | null | undefined>(value, bad, useCallback(() => ref.current, [ref]));
  const shown = showing(value, before);

  if (picker && picker !== 'date') {
    // Months, years…: not a yyyy-MM-dd text; antd's own behaviour.
    return <DatePicker ref={setRef} picker={picker} disabledDate={disabledDate} onBlur={onBlur} onKeyDown={onKeyDown} {...rest} value={value ?? null} onChange={(d) => onChange?.(d ?? null)} />;
  }

  const commit = (next: Dayjs | null) => onChange?.(next);
  const settle = () => {
    const read = readDayText(inputTexts(ref.current)[0]);
    const current = bad ? undefined : (value ?? null);
    if (read.kind === 'empty') {
      if (current !== null) commit(null);
    } else if (read.kind === 'bad') {
      commit(badDay(read.message));
    } else {
      const d = dayjs(read.day);
      if (disabledDate?.(d, { type: 'date' })) commit(badDay(disabledDateMessage ?? `不能选择 ${read.day}，请在日历中选择可选的日期`, d));
      else if (current === undefined || !sameDay(current, d)) commit(d);
    }
    hush();
  };

  return (
    <Leaving root={ref} onLeave={settle}>
      <DatePicker
        key={epoch}
        ref={setRef}
        format="YYYY-MM-DD"
        preserveInvalidOnBlur
        disabledDate={disabledDate}
        {...rest}
        value={shown ?? null}
        onChange={(d) => {
          if (!quiet.current) commit(d ?? null);
        }}
        onBlur={onBlur}
        onKeyDown={(e, preventDefault) => {
          onKeyDown?.(e, preventDefault);
          // Enter may submit the form before the field is left: read the text first.
          if (e.key === 'Enter') settle();
        }}
      />
    </Leaving>
  );
}

// ---------------------------------------------------------------------------------------------
// A range of days.

export type DayRange = [Dayjs | null, Dayjs | null] | null;

export type DayRangePickerProps = Omit<RangePickerProps, 'value' | 'onChange' | 'defaultValue'> & {
  ref?: Ref<ComponentRef<typeof DatePicker.RangePicker>>;
  value?: DayRange;
  onChange?: (value: DayRange) => void;
  /** Shown when a typed day is one `disabledDate` excludes; default names the day. */
  disabledDateMessage?: string;
};

const sameRange = (a: DayRange | undefined, b: DayRange | undefined) => sameDay(a?.[0], b?.[0]) && sameDay(a?.[1], b?.[1]);

/** A range of yyyy-MM-dd days for a Form.Item (value: [start, end] | null); pair it with `dayRule`. */
export function DayRangePicker({ ref: outerRef, value, onChange, onBlur, onKeyDown, disabledDate, disabledDateMessage, allowEmpty, picker, ...rest }: DayRangePickerProps) {
  const [ref, setRef] = useSharedRef<ComponentRef<typeof DatePicker.RangePicker>>(outerRef);
  const bad = dayProblem(value) !== null;
  const { before, epoch, quiet, hush } = useHeld<DayRange | undefined>(value, bad, useCallback(() => ref.current, [ref]));
  const shown: DayRange = value ? [showing(value[0], before?.[0]), showing(value[1], before?.[1])] : null;

  if (picker && picker !== 'date') {
    return <DatePicker.RangePicker ref={setRef} picker={picker} allowEmpty={allowEmpty} disabledDate={disabledDate} onBlur={onBlur} onKeyDown={onKeyDown} {...rest} value={value ?? null} onChange={(r) => onChange?.(r ?? null)} />;
  }

  const empties: [boolean, boolean] = Array.isArray(allowEmpty) ? [!!allowEmpty[0], !!allowEmpty[1]] : [!!allowEmpty, !!allowEmpty];
  const commit = (next: DayRange) => onChange?.(next);
  const settle = () => {
    const [a, b] = inputTexts(ref.current);
    const read = readDayRangeTexts(a, b, empties);
    const current = bad ? undefined : (value ?? null);
    const [from, to] = read.days.map((s) => (s ? dayjs(s) : null)) as [Dayjs | null, Dayjs | null];
    // The readable side stays in the value beside the marker, so antd keeps showing it.
    const marker = (side: 0 | 1, message: string, shows?: Dayjs | null): DayRange => (side === 0 ? [badDay(message, shows), to] : [from, badDay(message, shows)]);
    const refuse = (day: string | null) => disabledDateMessage ?? `不能选择 ${day}，请在日历中选择可选的日期`;
    // An end before the start shows no end (antd would swap a reversed range silently).
    if (read.kind === 'bad') commit(marker(read.side, read.message, read.message === RANGE_ORDER_MESSAGE ? null : undefined));
    else if (from && disabledDate?.(from, { type: 'date' })) commit(marker(0, refuse(read.days[0]), from));
    else if (to && disabledDate?.(to, { type: 'date', from: from ?? undefined })) commit(marker(1, refuse(read.days[1]), to));
    else {
      const next: DayRange = from || to ? [from, to] : null;
      if (current === undefined || !sameRange(current, next)) commit(next);
    }
    hush();
  };

  return (
    <Leaving root={ref} onLeave={settle}>
      <DatePicker.RangePicker
        key={epoch}
        ref={setRef}
        format="YYYY-MM-DD"
        preserveInvalidOnBlur
        allowEmpty={allowEmpty}
        disabledDate={disabledDate}
        {...rest}
        value={shown ?? null}
        onChange={(r) => {
          if (!quiet.current) commit(r && (r[0] || r[1]) ? [r[0] ?? null, r[1] ?? null] : null);
        }}
        onBlur={onBlur}
        onKeyDown={(e, preventDefault) => {
          onKeyDown?.(e, preventDefault);
          // Enter on a good day moves on to the other side (antd); on bad text it is an error at once.
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement && readDayText(e.target.value).kind === 'bad') settle();
        }}
      />
    </Leaving>
  );
}
