import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as device from './actions/device';
import { searchGroups } from './actions/device/assignToGroup.operation';
import { router } from './actions/router';
import { withModelInputs } from './actions/shared/agentTool';
import { systemClock, type Clock } from './transport/clock';
import { searchDeviceList } from './methods/deviceSearch';

export class OpswatMetaAccess implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess',
		name: 'opswatMetaAccess',
		icon: { light: 'file:opswatMetaAccess.svg', dark: 'file:opswatMetaAccess.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'List, act on, delete and remediate devices in OPSWAT MetaAccess',
		// The editor's Docs link. n8n opens this address as it is; the codex's primaryDocumentation
		// (used when this is unset) gets n8n's tracking query appended after it, past any #anchor.
		documentationUrl: 'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess#operations',
		defaults: { name: 'OPSWAT MetaAccess' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opswatMetaAccessApi', required: true }],
		// As an AI agent's tool, the model fills some parameters (actions/shared/agentTool.ts).
		properties: withModelInputs([
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Device', value: 'device' }],
				default: 'device',
			},
			...device.description,
		]),
	};

	/** Runs the node: n8n calls it with the execution as `this`. */
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** The editor's lookups: the device picker's list (From List of the Device field) and the groups. */
	methods: {
		listSearch: {
			searchGroups: typeof searchGroups;
			searchDevices: (
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			) => Promise<INodeListSearchResult>;
		};
	};

	/** `clock`: what the node paces requests and waits with (real time in n8n; tests give a virtual one). */
	constructor(clock: Clock = systemClock) {
		this.execute = async function (this: IExecuteFunctions) {
			return await router.call(this, clock);
		};
		this.methods = {
			listSearch: {
				searchGroups,
				searchDevices: async function (this: ILoadOptionsFunctions, filter, paginationToken) {
					return await searchDeviceList(this, clock, filter, paginationToken);
				},
			},
		};
	}
}
