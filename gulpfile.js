const fs = require('fs');
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

/** Empties dist/, so that a build holds only what the sources make now (no file of a removed one). */
function clean(done) {
	fs.rmSync(path.resolve('dist'), { recursive: true, force: true });
	done();
}

/** The node icons (light and dark SVG) and codex files, into dist/nodes. */
function nodeAssets() {
	return src(path.resolve('nodes', '**', '*.{png,svg,node.json}')).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
}

/** The credential icons, if any, into dist/credentials. */
function credentialAssets() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), { allowEmpty: true }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

task('clean', clean);
task('build:icons', parallel(nodeAssets, credentialAssets));
