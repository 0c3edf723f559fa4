const path = require('path');
const { task, src, dest } = require('gulp');

/** Copies the node and credential icons (light and dark SVG) and the codex files into dist/. */
function buildIcons() {
	const nodeAssets = path.resolve('nodes', '**', '*.{png,svg,node.json}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeAssets).pipe(dest(nodeDestination));

	const credentialAssets = path.resolve('credentials', '**', '*.{png,svg}');
	const credentialDestination = path.resolve('dist', 'credentials');
	return src(credentialAssets, { allowEmpty: true }).pipe(dest(credentialDestination));
}

task('build:icons', buildIcons);
