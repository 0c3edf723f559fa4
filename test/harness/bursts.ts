import { runActionNode, type TestCredentialsHelper } from './n8nContext';

/**
 * `executions` executions of the action node started at once on one credential, execution e
 * exempting its own `each` devices of `hwids` (those from e × each on), in requests of `batchSize`.
 */
export function exemptAtOnce(
	helper: TestCredentialsHelper,
	hwids: string[],
	executions: number,
	each: number,
	batchSize: number,
) {
	return Array.from({ length: executions }, (_, e) =>
		runActionNode(
			{
				credentialsHelper: helper,
				parameters: {
					operation: 'exempt',
					identifyBy: 'id',
					devices: '={{ $json.hwid }}',
					options: { batchSize },
				},
			},
			hwids.slice(e * each, (e + 1) * each).map((hwid) => ({ hwid })),
		),
	);
}
