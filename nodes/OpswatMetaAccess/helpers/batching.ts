/** What one input item asks of a device-list endpoint. */
export interface DeviceAsk<P> {
	itemIndex: number;
	/** Asks with the same signature can share a request (same endpoint, action and parameters). */
	signature: string;
	/** What the request needs besides the devices; the same for every ask of a signature. */
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
 * Gathers the devices of all asks into as few batches as the batch size allows: asks are grouped
 * by signature (in order of first appearance), a device named by several items is sent once, and
 * each group is cut into batches of at most its batch size (the first ask's).
 */
export function planBatches<P>(asks: Array<DeviceAsk<P>>): Array<Batch<P>> {
	// Per device, the items that named it: one number while it is one item (the common case).
	const groups = new Map<string, { payload: P; batchSize: number; askers: Map<string, number | number[]> }>();
	for (const ask of asks) {
		let group = groups.get(ask.signature);
		if (!group) {
			group = { payload: ask.payload, batchSize: Math.max(1, Math.floor(ask.batchSize)), askers: new Map() };
			groups.set(ask.signature, group);
		}
		const { askers } = group;
		const item = ask.itemIndex;
		for (const device of ask.devices) {
			const known = askers.get(device);
			if (known === undefined) askers.set(device, item);
			else if (typeof known === 'number') {
				if (known !== item) askers.set(device, [known, item]);
			} else if (known[known.length - 1] !== item) known.push(item);
		}
	}
	const batches: Array<Batch<P>> = [];
	for (const [signature, group] of groups) {
		const devices = [...group.askers.keys()];
		for (let start = 0; start < devices.length; start += group.batchSize) {
			const chunk = devices.slice(start, start + group.batchSize);
			const items = new Set<number>();
			for (const device of chunk) {
				const askers = group.askers.get(device)!;
				if (typeof askers === 'number') items.add(askers);
				else for (const item of askers) items.add(item);
			}
			const itemIndexes = [...items];
			if (!itemIndexes.every((item, i) => i === 0 || itemIndexes[i - 1] < item)) itemIndexes.sort((a, b) => a - b);
			batches.push({ signature, payload: group.payload, devices: chunk, itemIndexes });
		}
	}
	return batches;
}
