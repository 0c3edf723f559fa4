// n8n loads this package through the "n8n" section of package.json (nodes and credentials in dist/).
module.exports = {};
