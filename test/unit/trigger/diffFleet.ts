/** The trigger's change detection in one go, for tests of the state and the diff. */
import { FleetScan } from '../../../nodes/OpswatMetaAccess/trigger/diff';
import type {
	ApiDevice,
	Change,
	DiffOptions,
} from '../../../nodes/OpswatMetaAccess/trigger/events';
import type { StoredState } from '../../../nodes/OpswatMetaAccess/trigger/state';

/**
 * One complete scan in one go: the changes between the stored state and the whole fleet as
 * listed now, and the state to store after it. (What a poll does when the fleet fits its budget.)
 */
export function diffFleet(
	stored: unknown,
	devices: readonly ApiDevice[],
	options: DiffOptions,
	at: number,
): { changes: Change[]; state: StoredState } {
	const scan = new FleetScan(stored, options);
	const changes: Change[] = [];
	scan.addPage(devices, at, changes);
	scan.complete();
	return { changes, state: scan.save() };
}
