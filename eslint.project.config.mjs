// The project's lint (`npm run lint`): n8n's own configuration, exactly as `@n8n/node-cli` ships it,
// on the package (nodes/, credentials/, package.json); typescript-eslint's recommended rules on
// everything else (tests, simulator, lab, e2e, bench, scripts, examples), which is not shipped and
// may use Node.js freely. eslint.config.mjs stays n8n's untouched default, so that
// `n8n-node lint` (strict mode) accepts it; `npm run lint:n8n` runs that on the package.
import eslint from '@eslint/js';
import { config as n8nConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

const shipped = ['nodes/**/*.ts', 'credentials/**/*.ts'];

/** n8n's configuration, its TypeScript blocks narrowed to the shipped folders. */
const onThePackage = n8nConfig.map((block) =>
	Array.isArray(block.files) && block.files.includes('**/*.ts')
		? { ...block, files: shipped }
		: block,
);

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'test/lab/runtimes/**',
			'.tmp/**',
			'coverage/**',
			'**/*.js',
			'**/*.mjs',
		],
	},
	...onThePackage,
	{
		files: ['**/*.ts'],
		ignores: shipped,
		extends: [eslint.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
		},
	},
);
