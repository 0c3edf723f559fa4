// n8n finds this package's nodes and credential through the "n8n" section of package.json
// (compiled into dist/); nothing is loaded from here. Kept as the community-node layout expects.
module.exports = {};
