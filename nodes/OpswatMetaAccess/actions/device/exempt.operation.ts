import { NodeOperationError } from 'n8n-workflow';

import { deviceVerb, OLDER_ENDPOINT_LABEL } from './deviceVerb';

/** Exempt For must be below this (documented: "less than 65000"). */
export const EXEMPT_TIME_LIMIT = 65000;

const EXEMPT_FOR = 'Exempt For (Hours)';

export const { description, execute } = deviceVerb({
	operation: 'exempt',
	type: 'exempt',
	verb: 'exempt',
	fields: [
		{
			displayName: EXEMPT_FOR,
			name: 'exemptTime',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: EXEMPT_TIME_LIMIT - 1 },
			displayOptions: { show: { resource: ['device'], operation: ['exempt'] } },
			default: 0,
			description:
				'How many hours the exemption from compliance checks lasts; 0 exempts the devices forever. Must be below 65000.',
		},
	],
	params(reader, itemIndex) {
		const hours = reader.integer('exemptTime', EXEMPT_FOR, itemIndex, 0, EXEMPT_TIME_LIMIT - 1, 0);
		return { exempt_time: hours };
	},
	older: {
		type: 'exempt_all',
		// The older endpoint has no time: it exempts forever. A time is refused rather than dropped.
		check(params, reader, itemIndex) {
			const hours = params?.exempt_time;
			if (hours === 0) return;
			throw new NodeOperationError(
				reader.node,
				`Item ${itemIndex}: '${EXEMPT_FOR}' is ${String(hours)}, but the older endpoint can only exempt forever`,
				{
					itemIndex,
					description: `Set '${EXEMPT_FOR}' to 0 to exempt forever through the older endpoint, or turn off '${OLDER_ENDPOINT_LABEL}' to exempt for a time. No request was sent.`,
				},
			);
		},
	},
});
