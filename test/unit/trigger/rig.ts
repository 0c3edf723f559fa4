/**
 * One trigger under test: a fake fleet behind nock, a virtual clock, the workflow's static data
 * kept between polls (round-tripped through JSON by runPoll, as n8n stores it), and polls spaced
 * by a poll interval of virtual time.
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	readState,
	type Fingerprint,
	type StoredState,
} from '../../../nodes/OpswatMetaAccess/trigger/state';
import { runPoll } from '../../harness/poll';
import { VirtualClock } from '../../harness/virtualClock';
import { deltaAge } from '../../../nodes/OpswatMetaAccess/trigger/delta';
import { deltaRequest, FakeFleet, type RecordedRequest } from './fleet';

export const NODE_STATIC_KEY = 'node:OPSWAT MetaAccess Trigger';

export interface TriggerParameters {
	/** Absent: the default (Full Scan). */
	mode?: 'fullScan' | 'statusChanges';
	fullScanEveryHours?: number;
	events: string[];
	filters?: IDataObject;
	simplify?: boolean;
	options?: IDataObject;
}

export const MODES = ['fullScan', 'statusChanges'] as const;
export type Mode = (typeof MODES)[number];

/**
 * The parameters in a mode. Status Changes: a full scan due on every poll (every second) and one
 * more request a poll for the window, so that the scan's pages are those of Full Scan mode; the
 * rig checks each poll's window requests and keeps them apart (see Rig.takeWindow).
 */
export function inMode(mode: Mode, parameters: TriggerParameters): TriggerParameters {
	if (mode === 'fullScan') return parameters;
	const options = parameters.options ?? {};
	const budget = Number(options.maxRequestsPerPoll ?? 8);
	return {
		...parameters,
		mode,
		fullScanEveryHours: 1 / 3600,
		options: { ...options, maxRequestsPerPoll: budget + 1 },
	};
}

export function parametersOf(parameters: TriggerParameters): INodeParameters {
	return {
		...(parameters.mode === undefined ? {} : { mode: parameters.mode }),
		...(parameters.fullScanEveryHours === undefined
			? {}
			: { fullScanEveryHours: parameters.fullScanEveryHours }),
		events: parameters.events,
		filters: parameters.filters ?? {},
		simplify: parameters.simplify ?? true,
		options: parameters.options ?? {},
	} as INodeParameters;
}

export class Rig {
	readonly clock = new VirtualClock().install();

	readonly fleet: FakeFleet;

	staticData: IDataObject = {};

	/** Virtual time between two polls (the node's poll interval). */
	interval = 60_000;

	polls = 0;

	constructor(
		devices: IDataObject[],
		public parameters: TriggerParameters,
	) {
		nock.disableNetConnect();
		this.fleet = new FakeFleet(devices, () => this.clock.time).install();
	}

	/** Runs one poll after the poll interval; resolves to the emitted items' JSON (null: nothing). */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[] | null> {
		if (this.polls > 0) this.clock.advance(this.interval);
		this.polls++;
		const deltaAt = this.state?.deltaAt;
		const windowPage = this.state?.window?.page;
		const start = this.clock.time;
		const recorded = this.fleet.requests.length;
		try {
			const items = await runPoll({
				parameters: parametersOf(this.parameters),
				staticData: this.staticData,
				mode,
			});
			return items === null ? null : items.map((item) => item.json);
		} finally {
			if (this.separateWindows && mode === 'trigger')
				this.takeWindow(recorded, deltaAt, start, windowPage);
		}
	}

	/** Status Changes mode made by `Rig.inMode`: each poll's window is checked and kept apart. */
	separateWindows = false;

	/** A rig for a test run in both modes (see inMode). */
	static inMode(mode: Mode, devices: IDataObject[], parameters: TriggerParameters): Rig {
		const rig = new Rig(devices, inMode(mode, parameters));
		rig.separateWindows = mode === 'statusChanges';
		return rig;
	}

	/** Status Change requests of every poll in Status Changes mode (see takeWindow). */
	readonly windows: RecordedRequest[][] = [];

	/**
	 * Status Changes mode: checks that the poll just run asked Status Change first, for exactly the
	 * window since the stored deltaAt (the gap plus the overlap; none on the first poll or after
	 * a gap beyond a day), page after page (a window in progress from the page before the one it
	 * reached), and moves those requests to `windows`, so that the tests of the scan see only its
	 * other requests, as in Full Scan mode.
	 */
	private takeWindow(
		recorded: number,
		deltaAt: number | undefined,
		start: number,
		windowPage: number | undefined,
	) {
		const requests = this.fleet.requests.slice(recorded);
		const posts = requests.filter((request) => request.method === 'POST');
		const age = deltaAt === undefined ? undefined : deltaAge(deltaAt, start);
		const share = Number(this.parameters.options?.maxRequestsPerPoll ?? 8) - 1;
		const first = windowPage === undefined ? 1 : share >= 2 ? windowPage - 1 : windowPage;
		if (age === undefined) expect(posts).toEqual([]);
		else {
			expect(requests.slice(0, posts.length)).toEqual(posts);
			expect(posts).toEqual(posts.map((_, i) => deltaRequest(age, first + i)));
		}
		this.fleet.requests.splice(recorded, requests.length, ...requests.slice(posts.length));
		this.windows.push(posts);
	}

	/** Polls `count` times; resolves to everything emitted, in order. */
	async pollTimes(count: number): Promise<IDataObject[]> {
		const all: IDataObject[] = [];
		for (let i = 0; i < count; i++) all.push(...((await this.poll()) ?? []));
		return all;
	}

	/** Polls until the current scan is complete (at most `limit` polls); resolves to what was emitted. */
	async pollUntilScanComplete(limit = 100): Promise<IDataObject[]> {
		const all: IDataObject[] = [];
		for (let i = 0; i < limit; i++) {
			all.push(...((await this.poll()) ?? []));
			if (this.state?.nextPage === 1) return all;
		}
		throw new Error('the scan did not complete');
	}

	/** The trigger's stored state (undefined before the first successful poll). */
	get state(): StoredState | undefined {
		return this.staticData[NODE_STATIC_KEY] as StoredState | undefined;
	}

	/** The fingerprints in the stored state, by hwid (read as the trigger reads them). */
	get prints(): Map<string, Fingerprint> {
		return readState(this.state).devices;
	}

	/** Requests sent since the last call. */
	takeRequests() {
		return this.fleet.requests.splice(0, this.fleet.requests.length);
	}

	/** The virtual time of the next poll, as seen_at shows it. */
	get now(): string {
		return new Date(this.clock.time).toISOString();
	}

	dispose() {
		this.clock.uninstall();
		nock.cleanAll();
		// The next test file loads its own nock: this one must let its requests through to it.
		nock.enableNetConnect();
	}
}
