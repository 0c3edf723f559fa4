/**
 * The node as an AI agent's tool ("OPSWAT MetaAccess Tool", which n8n makes from the node): the
 * parameters a model fills, each described for the model, given to it in the tool's form only (as
 * the values n8n's "Let the model define this parameter" writes), and what a tool run does with a
 * bad value (the model gets the error as the tool's result).
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** What the model reads about a parameter it fills. */
export interface ModelInput {
	/** The key the model fills (default: the parameter's name). */
	key?: string;
	/** What it is, its format and an example; the allowed values, bounds and default are added. */
	description: string;
	/** Whether the model may leave it out (the form's default applies); otherwise it must give it. */
	optional?: boolean;
}

/**
 * The parameters a model fills when the node is its tool, by name; every other parameter stays the
 * builder's (docs/operations.md, "As an AI agent tool", says which and why). Keys are the
 * parameters' names, which labels do not change.
 */
export const MODEL_INPUTS: Record<string, ModelInput> = {
	devices: {
		description:
			'The devices to act on: their device IDs (the hwid field of Get Many or Search, e.g. 6WXJURV8QAM0I7KC), or their MAC addresses (e.g. 00:0c:29:f2:7a:29) when identifyBy is "mac". Several devices: separate them with commas, e.g. "6WXJURV8QAM0I7KC, 0A9F3C2B7D1E4F60".',
	},
	identifyBy: {
		description:
			'What devices holds: "id" for device IDs (hwid), "mac" for MAC addresses, e.g. "mac" when the user gave MAC addresses.',
		optional: true,
	},
	exemptTime: {
		description:
			'How many hours the exemption from compliance checks lasts, e.g. 24 for one day; 0 exempts the devices with no end.',
	},
	returnAll: {
		description:
			'Whether to list every device (true) or at most limit devices (false), e.g. false. Each request gives at most 50 devices and MetaAccess answers about 10 requests a minute: prefer limit or paging on large accounts.',
		optional: true,
	},
	limit: {
		description:
			'How many devices to give at most when returnAll is false, e.g. 50 (one request gives 50).',
		optional: true,
	},
	groupBy: {
		key: 'sortBy',
		description:
			'The field MetaAccess sorts the devices by: "none" (its own order), "hwid" (device ID), "host" (hostname) or "issues" (number of issues), e.g. "issues" with order "des" for the devices with the most issues first.',
		optional: true,
	},
	order: {
		description:
			'The direction of the sort: "des" (descending: Z to A, most issues first) or "asc" (ascending), e.g. "asc".',
		optional: true,
	},
	paging: {
		description:
			'"automatic": the node asks for the pages that limit or returnAll needs. "manual": it reads pages of pageSize devices from startPage on, e.g. "manual" to read a large account part by part.',
		optional: true,
	},
	pageSize: {
		description: 'With paging "manual": devices per page, e.g. 50.',
		optional: true,
	},
	startPage: {
		description:
			'With paging "manual": the first page to read, counted from 1 in pages of pageSize devices, e.g. 3 for the devices 101 to 150 in pages of 50.',
		optional: true,
	},
	device: {
		description:
			'The device ID (the hwid field of Get Many or Search) of one device, e.g. 6WXJURV8QAM0I7KC.',
	},
	query: {
		description:
			'Text to find, 3 to 100 characters; a device matches when the fields searchIn names hold every word of it, in any case, e.g. "finance laptop".',
	},
	searchIn: {
		description:
			'The fields query is looked for in: "name" (hostname and nickname), "hwid" (device ID), "ip", "mac" or "user" (user name and domain), e.g. "name".',
		optional: true,
	},
	commandId: {
		description:
			'The command_id that Fetch Agent Log gave for a device, e.g. "3f9c2a71e4b04d5c8a7e6b1d2c3f4a5b". The log is ready some time after the fetch.',
	},
};

/** The type `$fromAI` gives the model for a parameter of this type. */
function modelType(property: INodeProperties): 'string' | 'number' | 'boolean' {
	return property.type === 'number' || property.type === 'boolean' ? property.type : 'string';
}

/** The description the model reads: the text, then the allowed values, the bounds and the default. */
export function modelDescription(property: INodeProperties, input: ModelInput): string {
	const facts: string[] = [input.description];
	if (property.type === 'options') {
		const values = (property.options as INodePropertyOptions[]).map((option) =>
			JSON.stringify(option.value),
		);
		facts.push(`One of ${values.join(', ')}.`);
	}
	const { minValue, maxValue } = property.typeOptions ?? {};
	if (typeof minValue === 'number')
		facts.push(
			typeof maxValue === 'number'
				? `A whole number from ${minValue} to ${maxValue}.`
				: `A whole number from ${minValue}.`,
		);
	if (input.optional) facts.push(`Default: ${JSON.stringify(property.default)}.`);
	return facts.join(' ');
}

/**
 * The value that has the model fill a parameter, as n8n's editor writes it ("Defined automatically
 * by the model"); optional inputs fall back on the form's default when the model leaves them out.
 */
export function fromAI(property: INodeProperties, input: ModelInput): string {
	const args = [
		`'${input.key ?? property.name}'`,
		`\`${modelDescription(property, input)}\``,
		`'${modelType(property)}'`,
		...(input.optional ? [JSON.stringify(property.default)] : []),
	];
	return `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI(${args.join(', ')}) }}`;
}

/** The property shown only in the node's form (tool: false) or only in the tool's (tool: true). */
function shownIn(property: INodeProperties, tool: boolean): INodeProperties {
	// '@tool' first: n8n shows a property as soon as a condition's value is an expression (as a
	// parameter the model fills is), without looking at the conditions after it.
	const show = { '@tool': [tool], ...property.displayOptions?.show };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

/** The property as the model fills it, or undefined when the builder keeps all of it. */
function forTheModel(property: INodeProperties): INodeProperties | undefined {
	if (property.type === 'collection') {
		const options = (property.options as INodeProperties[]).map((option) => {
			const input = MODEL_INPUTS[option.name];
			return input ? { ...option, default: fromAI(option, input) } : option;
		});
		const changed = options.some((option, i) => option !== property.options![i]);
		return changed ? { ...property, options } : undefined;
	}
	const input = MODEL_INPUTS[property.name];
	if (!input) return undefined;
	const value = fromAI(property, input);
	// A resource locator takes the model's value in its By ID mode.
	const filled = property.type === 'resourceLocator' ? { mode: 'id', value } : value;
	return { ...property, default: filled };
}

/**
 * The node's properties with, after each one a model fills, its twin for the tool's form: same
 * name, the model's value as default. The node's own form is unchanged.
 */
export function withModelInputs(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const twin = forTheModel(property);
		return twin ? [shownIn(property, false), shownIn(twin, true)] : [property];
	});
}

/**
 * Whether a failing item gives an `{ error }` item instead of stopping the node: with Continue On
 * Fail, and when the node runs as an AI agent's tool (unless its On Error is Stop Workflow), so
 * that the model reads the error as the tool's result and can correct its call. n8n 2.41 gives a
 * tool's error to the model itself; n8n 2.8 would end the agent's whole execution.
 */
export function continuesOnFail(context: IExecuteFunctions): boolean {
	if (context.continueOnFail()) return true;
	const node = context.getNode();
	return node.type.endsWith('Tool') && node.onError !== 'stopWorkflow';
}
