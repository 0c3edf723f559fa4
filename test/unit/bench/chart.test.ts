import { chartOption, drawChart } from '../../bench/lib/chart';
import type { Row, WayKey } from '../../bench/lib/types';

const row = (
	workload: string,
	short: string,
	way: WayKey,
	requests: number,
	failedItems = 0,
): Row => ({
	group: 'a',
	workload,
	short,
	way,
	wayLabel: way,
	devices: 10,
	requests,
	rateLimited: 0,
	failedItems,
	wallMs: requests * 100,
	floorRequests: 1,
	floorMs: 100,
	floorDetail: '',
	problems: [],
	notes: [],
});

const rows = [
	row('(a) Perform Action, 10 items', 'PA 10', 'package', 1),
	row('(a) Perform Action, 10 items', 'PA 10', 'httpRetry', 50, 10),
	row('(b) Get Many, 50 devices', 'GM 50', 'package', 2),
];

test('the chart is an SVG with a bar group per workload, a legend entry per way and the floor, and × over failed bars', () => {
	const svg = drawChart(rows, 'subtitle of the run');
	expect(svg.startsWith('<svg')).toBe(true);
	for (const text of ['PA 10', 'GM 50', 'subtitle of the run', 'HTTP Request node, Retry On Fail'])
		expect(svg).toContain(text);
	expect(svg.match(/>×</g)).toHaveLength(2); // the failed row, on both panels
});

test('bars are decades above the axis foot: 1 request is one decade high, 50 requests 2.7', () => {
	const option = chartOption(rows, '') as {
		series: Array<{ type: string; name: string; data: unknown[] }>;
	};
	const [packageRequests, httpRequests, floorRequests] = option.series;
	expect(packageRequests.data).toEqual([1, 1 + Math.log10(2)]);
	expect((httpRequests.data[0] as { value: number }).value).toBeCloseTo(1 + Math.log10(50), 10);
	expect(httpRequests.data[1]).toBeNull();
	expect(floorRequests.type).toBe('scatter');
	expect(floorRequests.data).toEqual([1, 1]);
});
