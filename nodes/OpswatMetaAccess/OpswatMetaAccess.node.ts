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
import * as device from './actions/device';
import * as group from './actions/group';
import * as vulnerability from './actions/vulnerability';
import { router } from './actions/router';
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

/** Shown from typeVersion 2 on. */
const SINCE_2 = { '@version': [{ _cnd: { gte: 2 } }] };

/** Fields of typeVersion 2 on: typeVersion 1, as released, keeps its form. */
const since2 = (fields: INodeProperties[]): INodeProperties[] =>
	fields.map((field) => ({
		...field,
		displayOptions: {
			...field.displayOptions,
			show: { ...field.displayOptions?.show, ...SINCE_2 },
		},
	}));

export class OpswatMetaAccess implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess',
		name: 'opswatMetaAccess',
		icon: { light: 'file:opswatMetaAccess.svg', dark: 'file:opswatMetaAccess.dark.svg' },
		group: ['transform'],
		// 2: the Account, Group and Vulnerability resources (1 lists devices only).
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
		properties: [
			{
				...RESOURCE,
				displayOptions: { show: { '@version': [1] } },
				options: [{ name: 'Device', value: 'device' }],
			},
			{
				...RESOURCE,
				displayOptions: { show: SINCE_2 },
				options: [
					{ name: 'Device', value: 'device' },
					// Account, Group, Vulnerability: the compliance resources.
					{ name: 'Account', value: 'account' },
					{ name: 'Group', value: 'group' },
					{ name: 'Vulnerability', value: 'vulnerability' },
				],
			},
			...device.description,
			...since2([...account.description, ...group.description, ...vulnerability.description]),
		],
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
