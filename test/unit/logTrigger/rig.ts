/**
 * The log trigger against the in-process simulator, on an event clock both read: entries appended
 * to the simulator's log at any time, polls spaced by virtual minutes, the workflow's static data
 * kept between polls as n8n keeps it (JSON), and the simulator's request log to assert on.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	LOG_TRIGGER_NODE_TYPE,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';
import { activate } from '../../harness/poll';
import { startSimulator, type LogCategory, type RunningSimulator } from '../../simulator';

export const STATIC_KEY = 'node:OPSWAT MetaAccess';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export class LogRig {
	readonly staticData: IDataObject = {};

	private constructor(
		readonly clock: EventClock,
		readonly sim: RunningSimulator,
		private readonly helper: TestCredentialsHelper,
		public parameters: INodeParameters,
	) {}

	static async start(parameters: INodeParameters = { category: 'admin' }): Promise<LogRig> {
		const clock = new EventClock();
		useClock(clock);
		const sim = await startSimulator({ devices: 0, now: () => clock.now() });
		const helper = new TestCredentialsHelper(
			accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
		);
		return new LogRig(clock, sim, helper, parameters);
	}

	async close() {
		useClock(undefined);
		await this.sim.close();
	}

	/** One poll, as n8n runs it after an activation (or a restart): the items, or null. */
	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[] | null> {
		const trigger = activate({
			type: LOG_TRIGGER_NODE_TYPE,
			parameters: this.parameters,
			credentialsHelper: this.helper,
			staticData: this.staticData,
			mode,
		});
		const items = await trigger.poll();
		return items && items.map((item: INodeExecutionData) => item.json);
	}

	/** Moves time on (as between two polls). */
	advance(ms: number) {
		this.clock.time += ms;
	}

	/** Appends an entry at `time` (default now); returns it as Get Logs v3.3 gives it. */
	log(category: LogCategory, event: string, details: string, time = this.clock.time): IDataObject {
		const fields = { email: 'admin@example.com', details };
		this.sim.simulation.events.append(category, event, time, fields);
		return { timestamp: new Date(time).toISOString(), event, ...fields };
	}

	/** Appends `count` admin entries spread evenly over (from, to]; returns them oldest first. */
	spread(count: number, from: number, to: number, event = 'configuration_change'): IDataObject[] {
		return Array.from({ length: count }, (_, i) => {
			const time = from + Math.ceil(((i + 1) * (to - from)) / count);
			return this.log('admin', event, `change ${i}`, time);
		});
	}

	/** The API requests since the last call: method, path, body, status. */
	requests(): Array<{ method: string; path: string; body: unknown; status: number | null }> {
		const { requests } = this.sim.simulation.log.read();
		this.sim.simulation.log.clear();
		return requests.map(({ method, path, body, status }) => ({ method, path, body, status }));
	}

	/** The stored state. */
	get state(): { until: number; seen: string[] } {
		const node = this.staticData[STATIC_KEY] as IDataObject;
		return node.log as { until: number; seen: string[] };
	}
}

/** The body of a window's first page. */
export const windowBody = (
	category: string,
	start: number,
	end: number,
	extra: IDataObject = {},
) => ({
	event_category: category,
	limit: 100,
	start_time: start,
	end_time: end,
	...extra,
});
