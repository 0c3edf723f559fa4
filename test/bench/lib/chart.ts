/**
 * The chart of RESULTS.md, drawn by Apache ECharts (server-side, to SVG): requests sent and wall
 * time per workload, for each way, on log scales, with each workload's floor drawn across its bars
 * and a red × over a bar whose items failed.
 */
import * as echarts from 'echarts';

import type { Row, WayKey } from './types';

const WAY_ORDER: WayKey[] = ['package', 'packageDefault', 'httpRetry', 'httpContinue', 'httpPaced'];

const WAY_STYLE: Record<WayKey, { color: string; legend: string }> = {
	package: { color: '#1f77b4', legend: 'package (Batch Size 1000 / 100 requests a poll)' },
	packageDefault: { color: '#8cbee6', legend: 'package, defaults (Batch Size 100 / 8 a poll)' },
	httpRetry: { color: '#e67814', legend: 'HTTP Request node, Retry On Fail' },
	httpContinue: { color: '#f5b45a', legend: 'HTTP Request, Retry + On Error: Continue' },
	httpPaced: { color: '#965a32', legend: 'HTTP Request, Retry + requests spaced' },
};

const FLOOR =
	'floor: the fewest requests the API allows, and the least time its rate limit allows for them';
const FAILED = '#c81e1e';

interface Panel {
	title: string;
	value: (row: Row) => number;
	floor: (row: Row) => number;
	/** A tick's label; empty: none. */
	label: (value: number) => string;
}

const PANELS: Panel[] = [
	{
		title: 'Requests sent (429s included)',
		value: (row) => row.requests,
		floor: (row) => row.floorRequests,
		label: (value) => (value < 1 ? '' : String(value)),
	},
	{
		title: 'Wall time (n8n execution; trigger: one scan cycle)',
		value: (row) => row.wallMs / 1000,
		floor: (row) => row.floorMs / 1000,
		label: (value) => (value < 1 ? `${Number((value * 1000).toPrecision(1))} ms` : `${value} s`),
	},
];

const isPositive = (value: number) => Number.isFinite(value) && value > 0;

/**
 * A log scale drawn on a linear axis, so that every bar starts at the axis' foot (ECharts' own log
 * axis starts bars at 1): heights are decades above `base`, one decade below the smallest value.
 */
function logScale(values: number[]) {
	const shown = values.filter(isPositive);
	const base = Math.floor(Math.log10(Math.min(1, ...shown))) - 1;
	const top = Math.ceil(Math.log10(Math.max(10, ...shown)) + 0.15) - base;
	return {
		height: (value: number) => (isPositive(value) ? Math.log10(value) - base : null),
		axis: { min: 0, max: top, interval: 1 },
		tick: (height: number) => 10 ** (height + base),
	};
}

/** The chart's option: two panels of grouped bars (one group per workload, one bar per way). */
export function chartOption(rows: Row[], subtitle: string): echarts.EChartsCoreOption {
	const workloads = [...new Set(rows.map((row) => row.workload))];
	const first = (workload: string) => rows.find((row) => row.workload === workload)!;
	const ways = WAY_ORDER.filter((way) => rows.some((row) => row.way === way));
	const rowOf = (workload: string, way: WayKey) =>
		rows.find((row) => row.workload === workload && row.way === way);
	const scales = PANELS.map((panel) =>
		logScale(rows.flatMap((row) => [panel.value(row), panel.floor(row)])),
	);
	const series = PANELS.flatMap((panel, index) => [
		...ways.map((way) => ({
			type: 'bar' as const,
			name: WAY_STYLE[way].legend,
			xAxisIndex: index,
			yAxisIndex: index,
			itemStyle: { color: WAY_STYLE[way].color },
			data: workloads.map((workload) => {
				const row = rowOf(workload, way);
				const value = row ? scales[index].height(panel.value(row)) : null;
				if (!row || row.failedItems === 0) return value;
				const label = { show: true, position: 'top', formatter: '×', color: FAILED, fontSize: 18 };
				return { value, label };
			}),
		})),
		{
			type: 'scatter' as const,
			name: FLOOR,
			xAxisIndex: index,
			yAxisIndex: index,
			symbol: 'rect',
			symbolSize: [70, 3],
			itemStyle: { color: '#1e1e1e' },
			data: workloads.map((workload) => scales[index].height(panel.floor(first(workload)))),
		},
	]);
	return {
		animation: false,
		backgroundColor: '#ffffff',
		title: [
			{
				text: 'OPSWAT MetaAccess nodes vs the HTTP Request node: requests and wall time per workload (log scales)',
				subtext: subtitle,
				left: 'center',
			},
			...PANELS.map((panel, index) => ({
				text: panel.title,
				left: 110,
				top: 70 + index * 440,
				textStyle: { fontSize: 14 },
			})),
		],
		legend: {
			orient: 'vertical',
			left: 110,
			top: 940,
			data: [...ways.map((way) => WAY_STYLE[way].legend), FLOOR],
		},
		grid: PANELS.map((_panel, index) => ({
			left: 110,
			right: 30,
			top: 100 + index * 440,
			height: 340,
		})),
		xAxis: PANELS.map((_panel, index) => ({
			type: 'category',
			gridIndex: index,
			data: workloads.map((workload) => first(workload).short),
			axisLabel: { interval: 0, width: 100, overflow: 'break' },
		})),
		yAxis: PANELS.map((panel, index) => ({
			type: 'value',
			gridIndex: index,
			...scales[index].axis,
			axisLabel: { formatter: (height: number) => panel.label(scales[index].tick(height)) },
		})),
		graphic: [
			{
				type: 'text',
				left: 110,
				top: 1110,
				style: {
					text:
						'PA = Perform Action, N items; GM = Get Many, Return All, N devices (SHARED: another client on the token; 429S: 3 injected); DEL = Delete; ' +
						'TRIG = trigger, 10,000 devices, 1% changing, one scan cycle; × = items failed (a 429 or another error reached the workflow)',
					fontSize: 11,
					fill: '#1e1e1e',
				},
			},
		],
		series,
	};
}

/** Draws the chart; answers the SVG. */
export function drawChart(rows: Row[], subtitle: string): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1600, height: 1140 });
	try {
		chart.setOption(chartOption(rows, subtitle));
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}
