/** What one input item requests of a device-list endpoint. */
export interface ItemRequest<P> {
	itemIndex: number;
	/** Requests with the same signature can share one (same endpoint, action and parameters). */
	signature: string;
	/** What the request needs besides the devices; the same for every request of a signature. */
	payload: P;
	/** Normalised device identifiers, each once. */
	devices: string[];
	batchSize: number;
}

export interface Batch<P> {
	signature: string;
	payload: P;
	/** Unique devices, in the order first named. */
	devices: string[];
	/** The items that named at least one of these devices, ascending. */
	itemIndexes: number[];
}

/**
 * Gathers the devices of all item requests into as few batches as the batch size allows: requests
 * are grouped by signature (in order of first appearance), a device named by several items is sent
 * once, and each group is cut into batches of at most its batch size (the first request's).
 */
export function planBatches<P>(requests: Array<ItemRequest<P>>): Array<Batch<P>> {
	// Per device, the items that named it: one number while it is one item (the common case).
	const groups = new Map<
		string,
		{ payload: P; batchSize: number; namedBy: Map<string, number | number[]> }
	>();
	for (const request of requests) {
		let group = groups.get(request.signature);
		if (!group) {
			group = {
				payload: request.payload,
				batchSize: Math.max(1, Math.floor(request.batchSize)),
				namedBy: new Map(),
			};
			groups.set(request.signature, group);
		}
		const { namedBy } = group;
		const item = request.itemIndex;
		for (const device of request.devices) {
			const known = namedBy.get(device);
			if (known === undefined) namedBy.set(device, item);
			else if (typeof known === 'number') {
				if (known !== item) namedBy.set(device, [known, item]);
			} else if (known[known.length - 1] !== item) known.push(item);
		}
	}
	const batches: Array<Batch<P>> = [];
	for (const [signature, group] of groups) {
		const devices = [...group.namedBy.keys()];
		for (let start = 0; start < devices.length; start += group.batchSize) {
			const chunk = devices.slice(start, start + group.batchSize);
			const items = new Set<number>();
			for (const device of chunk) {
				const namedBy = group.namedBy.get(device)!;
				if (typeof namedBy === 'number') items.add(namedBy);
				else for (const item of namedBy) items.add(item);
			}
			const itemIndexes = [...items];
			if (!itemIndexes.every((item, i) => i === 0 || itemIndexes[i - 1] < item))
				itemIndexes.sort((a, b) => a - b);
			batches.push({ signature, payload: group.payload, devices: chunk, itemIndexes });
		}
	}
	return batches;
}
