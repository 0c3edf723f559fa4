/**
 * The chart of RESULTS.md: requests sent and wall time per workload, for each way, on log scales,
 * with each workload's floor drawn across its bars.
 */
import { Canvas, type Rgb } from './png';
import type { Row, WayKey } from './types';

const WAY_ORDER: WayKey[] = ['package', 'packageDefault', 'httpRetry', 'httpContinue', 'httpPaced'];

const WAY_STYLE: Record<WayKey, { color: Rgb; legend: string }> = {
	package: { color: [31, 119, 180], legend: 'PACKAGE (BATCH SIZE 1000 / 100 REQUESTS A POLL)' },
	packageDefault: {
		color: [140, 190, 230],
		legend: 'PACKAGE, DEFAULTS (BATCH SIZE 100 / 8 A POLL)',
	},
	httpRetry: { color: [230, 120, 20], legend: 'HTTP REQUEST NODE, RETRY ON FAIL' },
	httpContinue: { color: [245, 180, 90], legend: 'HTTP REQUEST, RETRY + ON ERROR CONTINUE' },
	httpPaced: { color: [150, 90, 50], legend: 'HTTP REQUEST, RETRY + REQUESTS SPACED' },
};

const INK: Rgb = [30, 30, 30];
const GRID: Rgb = [225, 225, 225];
const FAIL: Rgb = [200, 30, 30];

interface Panel {
	title: string;
	top: number;
	height: number;
	/** Value of a row on this panel (NaN or ≤ 0: no bar). */
	value: (row: Row) => number;
	floor: (row: Row) => number;
	/** Shown: 10^min … 10^max (min may be fractional: bars start below the first tick). */
	min: number;
	max: number;
	tick: (exponent: number) => string;
}

function decadeRange(values: number[], fallbackMin: number, fallbackMax: number): [number, number] {
	const positive = values.filter((value) => Number.isFinite(value) && value > 0);
	if (positive.length === 0) return [fallbackMin, fallbackMax];
	const min = Math.floor(Math.log10(Math.min(...positive)));
	const max = Math.ceil(Math.log10(Math.max(...positive)) + 0.15);
	return [Math.min(min, fallbackMin), Math.max(max, min + 1)];
}

function timeTick(exponent: number): string {
	if (exponent < 0) return `${Number((10 ** (exponent + 3)).toPrecision(1))} MS`;
	return `${10 ** exponent} S`;
}

/** Draws the chart; answers the PNG. */
export function drawChart(rows: Row[], subtitle: string): Buffer {
	const width = 1600;
	const height = 1100;
	const canvas = new Canvas(width, height);
	const left = 110;
	const right = width - 30;
	canvas.text(
		'OPSWAT METAACCESS NODES VS THE HTTP REQUEST NODE: REQUESTS AND WALL TIME PER WORKLOAD (LOG SCALES)',
		width / 2,
		14,
		INK,
		2,
		'center',
	);
	canvas.text(subtitle.toUpperCase(), width / 2, 38, [90, 90, 90], 1, 'center');

	const categories: Array<{ short: string; workload: string }> = [];
	for (const row of rows)
		if (!categories.some((c) => c.workload === row.workload))
			categories.push({ short: row.short, workload: row.workload });
	const ways = WAY_ORDER.filter((way) => rows.some((row) => row.way === way));

	const [reqMin, reqMax] = decadeRange(
		rows.flatMap((row) => [row.requests, row.floorRequests]),
		0,
		1,
	);
	const [timeMin, timeMax] = decadeRange(
		rows.flatMap((row) => [row.wallMs / 1000, row.floorMs / 1000]),
		-2,
		0,
	);
	const panels: Panel[] = [
		{
			title: 'REQUESTS SENT (429S INCLUDED)',
			top: 80,
			height: 380,
			value: (row) => row.requests,
			floor: (row) => row.floorRequests,
			// Start below 1 so that a single request still shows as a bar.
			min: Math.min(reqMin, 0) - 0.3,
			max: reqMax,
			tick: (exponent) => String(10 ** exponent),
		},
		{
			title: 'WALL TIME (N8N EXECUTION; TRIGGER: ONE SCAN CYCLE)',
			top: 530,
			height: 380,
			value: (row) => row.wallMs / 1000,
			floor: (row) => row.floorMs / 1000,
			min: timeMin - 0.3,
			max: timeMax,
			tick: timeTick,
		},
	];

	const groupWidth = (right - left) / Math.max(1, categories.length);
	const barWidth = Math.min(34, (groupWidth - 24) / Math.max(1, ways.length));

	for (const panel of panels) {
		const bottom = panel.top + panel.height;
		const y = (value: number) =>
			bottom - ((Math.log10(value) - panel.min) / (panel.max - panel.min)) * panel.height;
		canvas.text(panel.title, left, panel.top - 22, INK, 2);
		for (let exponent = Math.ceil(panel.min); exponent <= panel.max; exponent++) {
			const gy = y(10 ** exponent);
			canvas.line(left, gy, right, gy, GRID);
			canvas.text(panel.tick(exponent), left - 8, gy - 7, INK, 2, 'right');
			if (exponent < panel.max) {
				for (let minor = 2; minor < 10; minor++) {
					const my = y(minor * 10 ** exponent);
					canvas.line(left - 4, my, left, my, INK);
				}
			}
		}
		canvas.line(left, panel.top, left, bottom, INK, 2);
		canvas.line(left, bottom, right, bottom, INK, 2);

		categories.forEach((category, index) => {
			const groupLeft = left + index * groupWidth;
			const present = ways.filter((way) =>
				rows.some((r) => r.workload === category.workload && r.way === way),
			);
			const barsWidth = barWidth * present.length;
			const start = groupLeft + (groupWidth - barsWidth) / 2;
			if (index > 0) canvas.line(groupLeft, panel.top, groupLeft, bottom, GRID, 1, [4, 4]);
			present.forEach((way, wayIndex) => {
				const row = rows.find((r) => r.workload === category.workload && r.way === way);
				if (!row) return;
				const value = panel.value(row);
				const x = start + wayIndex * barWidth;
				if (Number.isFinite(value) && value > 0) {
					const top = Math.max(panel.top, y(Math.max(value, 10 ** panel.min)));
					canvas.fillRect(x + 2, top, barWidth - 4, bottom - top, WAY_STYLE[way].color);
					if (row.failedItems > 0) canvas.text('×', x + barWidth / 2, top - 18, FAIL, 2, 'center');
				} else {
					canvas.text('-', x + barWidth / 2, bottom - 16, INK, 2, 'center');
				}
			});
			const floorRow = rows.find((r) => r.workload === category.workload);
			if (floorRow) {
				const floor = panel.floor(floorRow);
				if (Number.isFinite(floor) && floor > 0) {
					const fy = y(Math.max(floor, 10 ** panel.min));
					canvas.line(start - 6, fy, start + barsWidth + 6, fy, INK, 3);
				}
			}
			if (Canvas.textWidth(category.short, 2) <= groupWidth - 8) {
				canvas.text(category.short, groupLeft + groupWidth / 2, bottom + 10, INK, 2, 'center');
			} else {
				// Two lines: the last word under the rest.
				const cut = category.short.lastIndexOf(' ');
				canvas.text(
					category.short.slice(0, cut),
					groupLeft + groupWidth / 2,
					bottom + 8,
					INK,
					2,
					'center',
				);
				canvas.text(
					category.short.slice(cut + 1),
					groupLeft + groupWidth / 2,
					bottom + 26,
					INK,
					2,
					'center',
				);
			}
		});
	}

	// Legend.
	let lx = left;
	let ly = 960;
	for (const way of ways) {
		const label = WAY_STYLE[way].legend;
		const itemWidth = 28 + Canvas.textWidth(label, 1) + 30;
		if (lx + itemWidth > right) {
			lx = left;
			ly += 22;
		}
		canvas.fillRect(lx, ly, 20, 14, WAY_STYLE[way].color);
		canvas.text(label, lx + 28, ly + 3, INK, 1);
		lx += itemWidth;
	}
	ly += 26;
	canvas.line(left, ly + 7, left + 20, ly + 7, INK, 3);
	canvas.text(
		'FLOOR: THE FEWEST REQUESTS THE API ALLOWS, AND THE LEAST TIME ITS RATE LIMIT ALLOWS FOR THEM',
		left + 28,
		ly + 4,
		INK,
		1,
	);
	canvas.text('×', left + 10, ly + 22, FAIL, 2, 'center');
	canvas.text(
		'ITEMS FAILED (A 429 OR ANOTHER ERROR REACHED THE WORKFLOW)',
		left + 28,
		ly + 26,
		INK,
		1,
	);
	canvas.text(
		'PA = PERFORM ACTION, N ITEMS; GM = GET MANY, RETURN ALL, N DEVICES (SHARED: ANOTHER CLIENT ON THE TOKEN; 429S: 3 INJECTED); DEL = DELETE; TRIG = TRIGGER, 10000 DEVICES, 1% CHANGING, ONE SCAN CYCLE',
		left,
		ly + 44,
		INK,
		1,
	);
	return canvas.toPng();
}
