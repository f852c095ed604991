// Dictionaries, not free text (§6): every enumerated value shown in Chinese from GET /dictionaries.
import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { useCallback, useMemo } from 'react';
import { api } from './api';
import type { Option } from '../../contract/common';
import type { DictName, Dictionaries } from '../../contract/system';

export function useDictionaries() {
  return useQuery({
    queryKey: ['dictionaries'],
    queryFn: () => api<Dictionaries>('/dictionaries'),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

/** Labels and options of the dictionaries; falls back to the code while loading. */
export function useDict() {
  const { data } = useDictionaries();
  const maps = useMemo(() => {
    const m = new Map<string, Map<string, string>>();
    if (data) for (const [k, opts] of Object.entries(data)) m.set(k, new Map((opts as Option[]).map((o) => [o.value, o.label])));
    return m;
  }, [data]);
  const label = useCallback((dict: DictName, value: string | null | undefined): string => {
    if (value === null || value === undefined || value === '') return '—';
    return maps.get(dict)?.get(value) ?? value;
  }, [maps]);
  const options = useCallback((dict: DictName): Option[] => (data?.[dict] as Option[] | undefined) ?? [], [data]);
  return { data, label, options, isLoading: !data };
}

/** Colours of status-like values (§6: status as coloured tags). */
export const tagColors: Partial<Record<DictName, Record<string, string>>> = {
  inspectionResults: { passed: 'green', basicallyPassed: 'gold', failed: 'red', notInspected: 'default' },
  programmeStatuses: { draft: 'default', published: 'green', closed: 'volcano' },
  programmeKinds: { transferPilot: 'blue', capacityPlan: 'purple' },
  orgTypes: { association: 'blue', department: 'cyan', society: 'green', review_office: 'orange', finance_bureau: 'gold', evaluator: 'purple' },
  commendationLevels: { national: 'red', provincial: 'volcano', city: 'orange', county: 'gold' },
  affiliations: { supervised: 'blue', groupMember: 'cyan' },
};

export function DictTag({ dict, value, prefix }: { dict: DictName; value: string | null | undefined; prefix?: string }) {
  const { label } = useDict();
  if (!value) return <span>—</span>;
  return (
    <Tag color={tagColors[dict]?.[value] ?? 'default'}>
      {prefix}
      {label(dict, value)}
    </Tag>
  );
}
