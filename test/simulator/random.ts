// Module bindings, not global lookups: globals are slow to reach inside jest's vm contexts.
const { imul, floor } = Math;

/** Scrambles a 32-bit integer (a bijection: distinct inputs give distinct outputs). */
export function mix32(value: number): number {
	let x = value >>> 0;
	x ^= x >>> 16;
	x = imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return x >>> 0;
}

/** A 32-bit hash of any seed number, including ones beyond 32 bits. */
export function hashSeed(seed: number): number {
	let hash = 0x811c9dc5;
	for (const char of String(seed)) {
		hash ^= char.charCodeAt(0);
		hash = imul(hash, 0x01000193);
	}
	return mix32(hash);
}

/** A seeded pseudo-random source (mulberry32): the same seed always gives the same sequence. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** A number in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[floor(this.next() * items.length)];
	}

	/** One of the values, each as likely as its weight. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() * total;
		for (const [value, weight] of entries) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return entries[entries.length - 1][0];
	}

	chars(alphabet: string, length: number): string {
		let text = '';
		for (let i = 0; i < length; i++) text += alphabet[floor(this.next() * alphabet.length)];
		return text;
	}
}
