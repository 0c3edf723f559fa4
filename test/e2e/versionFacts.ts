/**
 * What a user sees differently between the n8n versions the suite runs on, measured on each. The
 * scenarios assert each version's own behaviour through this table instead of loosening their
 * checks; README "Compatibility" lists the same facts.
 */
import type { N8nRuntime } from '../lab';

export interface VersionFacts {
	/** The trigger scenario's poll interval (ms): 5 s where n8n accepts it, else n8n's minimum, one minute. */
	pollIntervalMs: number;
	/** That poll time, as the trigger's Poll Times parameter holds it. */
	pollTime: Record<string, unknown>;
	/**
	 * Whether n8n refuses a sub-minute poll time. It still answers the REST activate call with 200
	 * (`active: true`), logs the refusal and never polls.
	 */
	refusesSubMinutePolls: boolean;
	/** Whether the REST activate call answers only once the first poll (the baseline) has run. */
	activationAwaitsFirstPoll: boolean;
}

/** n8n 2.8.4 accepts seconds as a range with a step; it refuses `*` in the seconds field. */
export const POLL_EVERY_5_SECONDS = '0-59/5 * * * * *';

const FACTS: Record<N8nRuntime['id'], VersionFacts> = {
	oldest: {
		pollIntervalMs: 5_000,
		pollTime: { mode: 'custom', cronExpression: POLL_EVERY_5_SECONDS },
		refusesSubMinutePolls: false,
		activationAwaitsFirstPoll: true,
	},
	newest: {
		pollIntervalMs: 60_000,
		pollTime: { mode: 'everyMinute' },
		refusesSubMinutePolls: true,
		activationAwaitsFirstPoll: false,
	},
};

export function factsOf(runtime: N8nRuntime): VersionFacts {
	return FACTS[runtime.id];
}
