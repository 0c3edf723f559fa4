export { startSimulator, type RunningSimulator, type SimulatorOptions } from './server';
export {
	Simulation,
	DEFAULT_OPTIONS,
	type AddDevicesRequest,
	type ConfigChange,
	type SimulatorConfig,
} from './simulation';
export { generateDevice, generateFleet, FLEET_CLOCK } from './generator';
export { LOG_CATEGORIES, LOG_EVENTS, type LogCategory } from './events';
export { SCORE_TYPES, SEVERITIES, type Cve, type ScoreType } from './catalog';
export { DEVICE_FILTERS } from './devicesV3';
export { DEVICE_CATEGORIES } from './deviceInfo';
export { GUESSED_KEV_FIELD } from './vulnerabilities';
export type { DeviceInventory, Threat } from './inventory';
export type { AccountSettings } from './accountData';
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
