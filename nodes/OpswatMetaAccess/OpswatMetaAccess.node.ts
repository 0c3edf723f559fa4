import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as account from './actions/account';
import * as application from './actions/application';
import * as device from './actions/device';
import * as deviceInformation from './actions/deviceInformation';
import * as group from './actions/group';
import * as threat from './actions/threat';
import * as vulnerability from './actions/vulnerability';
import * as log from './actions/log';
import { router } from './actions/router';
import { withModelInputs } from './actions/shared/agentTool';
import { systemClock, type Clock } from './transport/clock';
import { searchDeviceList } from './methods/deviceSearch';
import { searchGroupList } from './methods/groupSearch';

const RESOURCE: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [],
	default: 'device',
};

/** Shown from version 2 on. */
const SINCE_V2 = [{ _cnd: { gte: 2 } }];

/** Properties that version 2 adds (a released version's description stays as it was). */
const sinceV2 = (properties: INodeProperties[]): INodeProperties[] =>
	properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, '@version': SINCE_V2 },
		},
	}));

export class OpswatMetaAccess implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess',
		name: 'opswatMetaAccess',
		icon: { light: 'file:opswatMetaAccess.svg', dark: 'file:opswatMetaAccess.dark.svg' },
		group: ['transform'],
		// 2: the Account, Application, Device Information, Group, Log, Threat and Vulnerability
		// resources (1 lists devices only).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'List, act on, delete and remediate devices in OPSWAT MetaAccess; read the account, its groups and vulnerabilities',
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
			// Version 1 (released) offers the Device resource only; version 2 adds the others.
			{
				...RESOURCE,
				displayOptions: { show: { '@version': [1] } },
				options: [{ name: 'Device', value: 'device' }],
			},
			{
				...RESOURCE,
				options: [
					{ name: 'Device', value: 'device' },
					{ name: 'Account', value: 'account' },
					{ name: 'Application', value: 'application' },
					{ name: 'Device Information', value: 'deviceInformation' },
					{ name: 'Group', value: 'group' },
					{ name: 'Log', value: 'log' },
					{ name: 'Threat', value: 'threat' },
					{ name: 'Vulnerability', value: 'vulnerability' },
				],
				displayOptions: { show: { '@version': SINCE_V2 } },
			},
			...device.description,
			...sinceV2([
				...account.description,
				...application.description,
				...deviceInformation.description,
				...group.description,
				...log.description,
				...threat.description,
				...vulnerability.description,
			]),
		]),
	};

	/** Runs the node: n8n calls it with the execution as `this`. */
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** The editor's lookups: the device picker's list (From List of the Device field) and the groups. */
	methods: {
		listSearch: {
			searchGroups: (
				this: ILoadOptionsFunctions,
				filter?: string,
			) => Promise<INodeListSearchResult>;
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
				searchGroups: async function (this: ILoadOptionsFunctions, filter) {
					return await searchGroupList(this, clock, filter);
				},
				searchDevices: async function (this: ILoadOptionsFunctions, filter, paginationToken) {
					return await searchDeviceList(this, clock, filter, paginationToken);
				},
			},
		};
	}
}
