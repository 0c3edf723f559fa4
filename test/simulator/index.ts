export { startSimulator, type RunningSimulator, type SimulatorOptions } from './server';
export {
	Simulation,
	DEFAULT_OPTIONS,
	type AddDevicesRequest,
	type ConfigChange,
	type SimulatorConfig,
} from './simulation';
export { generateDevice, generateFleet, FLEET_CLOCK } from './generator';
export {
	listedDevice,
	type ArchivedDevice,
	type Agent,
	type Category,
	type DeviceCommand,
	type SimDevice,
} from './fleet';
export type { DeviceInput } from './deviceInput';
export type { Fault, FaultKind, FaultSpec } from './faults';
export type { LoggedRequest, RequestSummary } from './requestLog';
export type { RateLimit } from './rateLimiter';
export type { ClientCredentials } from './tokens';
export {
	DEFAULT_RETRY_DELAYS_MS,
	DISABLE_AFTER_FAILED_PUSHES,
	WEBHOOK_STATUSES,
	type PushAttempt,
	type Timers,
	type WebhookEntry,
	type WebhookState,
	type WebhookStatus,
} from './webhook';
