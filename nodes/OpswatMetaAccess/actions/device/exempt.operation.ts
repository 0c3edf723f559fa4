import { deviceAction, OLDER_ENDPOINT_LABEL } from '../shared/deviceAction';

/** Exempt For must be below this (documented: "less than 65000"). */
export const EXEMPT_TIME_LIMIT = 65000;

const EXEMPT_FOR = 'Exempt For (Hours)';

export const { description, execute } = deviceAction({
	operation: 'exempt',
	type: 'exempt',
	action: 'exempt',
	fields: [
		{
			displayName: EXEMPT_FOR,
			name: 'exemptTime',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: EXEMPT_TIME_LIMIT - 1 },
			displayOptions: { show: { resource: ['device'], operation: ['exempt'] } },
			// A day, not MetaAccess's own default of 0 (forever): an exemption nobody chose to make
			// permanent ends by itself; forever is 0, typed on purpose.
			default: 24,
			description:
				'How many hours the exemption from compliance checks lasts, below 65000. 0 exempts the devices forever (until Unexempt).',
		},
	],
	params(parameters, itemIndex) {
		const bounds = { min: 0, max: EXEMPT_TIME_LIMIT - 1 };
		return { exempt_time: parameters.integer('exemptTime', EXEMPT_FOR, itemIndex, bounds) };
	},
	legacy: {
		type: 'exempt_all',
		// The legacy endpoint has no time: it exempts forever. A time is refused rather than dropped.
		check(params, parameters, itemIndex) {
			const hours = params?.exempt_time;
			if (hours === 0) return;
			throw parameters.refuse(
				itemIndex,
				`'${EXEMPT_FOR}' is ${String(hours)}, but the older endpoint can only exempt forever`,
				`Set '${EXEMPT_FOR}' to 0 to exempt forever through the older endpoint, or turn off '${OLDER_ENDPOINT_LABEL}' to exempt for a time.`,
			);
		},
	},
});
