/**
 * What the editor should show for each operation of the action node, read from the built node's
 * description in dist/ (not written down here), so that the browser test follows the form as it
 * changes: the operations in the order of the Operation list, and for each the top-level fields n8n
 * displays when that operation is chosen and every other field keeps its default.
 */
import path from 'node:path';

import { NodeHelpers, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { REPO_ROOT } from '../lab';

export interface OperationForm {
	/** The operation's value, e.g. getAll. */
	value: string;
	/** Its name in the Operation list, e.g. "Get Many". */
	name: string;
	/** Its entry in the nodes panel's Actions list, e.g. "Get many devices". */
	action: string;
	/** The fields the form shows by default, as the editor labels them, in description order. */
	fields: Array<{ name: string; displayName: string; type: string }>;
	/** The modes of its Device picker (a resource locator named device), if it has one shown. */
	locatorModes: string[];
	/** Its Filters collection, if it shows one: the filters the Add Filter list offers. */
	filters: string[];
}

export interface ActionNodeForms {
	description: INodeTypeDescription;
	/** The resource every operation belongs to (the Resource field's default). */
	resource: string;
	/** The operation a new node starts with. */
	defaultOperation: string;
	operations: OperationForm[];
}

/** The built action node's description, as n8n loads it from dist/. */
export function builtActionDescription(): INodeTypeDescription {
	const file = path.join(REPO_ROOT, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js');
	// The freshly built file: a cached copy would be the form before the last build.
	delete require.cache[require.resolve(file)];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { OpswatMetaAccess } = require(file) as {
		OpswatMetaAccess: new () => { description: INodeTypeDescription };
	};
	return new OpswatMetaAccess().description;
}

/** Field types n8n draws without a label of their own. */
const UNLABELLED = new Set(['hidden']);

export function actionNodeForms(description = builtActionDescription()): ActionNodeForms {
	const properties = description.properties;
	const resourceField = properties.find((property) => property.name === 'resource');
	const resource = String(resourceField?.default ?? '');
	const operationField = properties.find(
		(property) =>
			property.name === 'operation' &&
			NodeHelpers.displayParameter({ resource }, property, { typeVersion: 1 }, description),
	);
	if (!operationField?.options) throw new Error('The action node has no Operation field');
	const node = { typeVersion: Number([description.version].flat().at(-1)) };
	const operations = (
		operationField.options as Array<{ name: string; value: string; action?: string }>
	).map((option) => {
		const values =
			NodeHelpers.getNodeParameters(
				properties,
				{ resource, operation: option.value },
				true,
				false,
				node,
				description,
			) ?? {};
		const fields = properties
			.filter(
				(property: INodeProperties) =>
					!UNLABELLED.has(property.type) &&
					NodeHelpers.displayParameter(values, property, node, description),
			)
			.map(({ name, displayName, type }) => ({ name, displayName, type }));
		const picker = properties.find(
			(property) =>
				property.name === 'device' &&
				property.type === 'resourceLocator' &&
				NodeHelpers.displayParameter(values, property, node, description),
		);
		const locatorModes = (picker?.modes ?? []).map((mode) => mode.displayName);
		const filters = properties.find(
			(property) =>
				property.name === 'filters' &&
				property.type === 'collection' &&
				NodeHelpers.displayParameter(values, property, node, description),
		);
		return {
			value: option.value,
			name: option.name,
			action: option.action ?? option.name,
			fields,
			locatorModes,
			filters: ((filters?.options ?? []) as INodeProperties[]).map((filter) => filter.displayName),
		};
	});
	return {
		description,
		resource,
		defaultOperation: String(operationField.default),
		operations,
	};
}
