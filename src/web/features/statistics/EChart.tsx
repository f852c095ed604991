// STA-2: one ECharts chart, loaded with the page that shows it (only the bar and pie charts and the
// SVG renderer are bundled, not the whole library). The option is replaced whenever it changes; the
// chart follows its container's width.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function EChart({ option, height = 260, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

const palette = ['#1677ff', '#52c41a', '#faad14', '#ff4d4f', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

/** A horizontal bar chart of labelled counts (long Chinese labels read better down the side). */
export function barOption(rows: { label: string; value: number }[], unit: string, opts: { color?: string; valueFormatter?: (v: number) => string; decimals?: boolean } = {}): EChartsCoreOption {
  const fmt = opts.valueFormatter ?? ((v: number) => `${v.toLocaleString('zh-CN')} ${unit}`);
  return {
    color: [opts.color ?? palette[0]],
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => fmt(Number(v)) },
    xAxis: { type: 'value', minInterval: opts.decimals ? undefined : 1, axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN') } },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ type: 'bar', data: rows.map((r) => r.value), barMaxWidth: 22, label: { show: true, position: 'right', formatter: (p: { value: number }) => fmt(p.value) } }],
  };
}

/** A ring chart of labelled counts. */
export function pieOption(rows: { label: string; value: number; color?: string }[], unit: string): EChartsCoreOption {
  return {
    color: palette,
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number; percent: number }) => `${p.name}：${p.value.toLocaleString('zh-CN')} ${unit}（${p.percent}%）` },
    legend: { bottom: 0, type: 'scroll' },
    series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '44%'], data: rows.map((r) => ({ name: r.label, value: r.value, ...(r.color ? { itemStyle: { color: r.color } } : {}) })), label: { formatter: '{b}\n{c}' } }],
  };
}
