/**
 * Writes a realistic SARIF 2.1.0 log with `count` results (about 700 bytes each, shaped like
 * CodeQL's: rules with security-severity and CWE tags, locations, partial fingerprints),
 * streaming so that even a 500 MB log never sits in memory.
 */
const { createWriteStream } = require('node:fs');
const { createGzip } = require('node:zlib');
const { once } = require('node:events');

const RULES = 200;

function rule(i) {
  return {
    id: `js/generated-rule-${i}`,
    name: `GeneratedRule${i}`,
    shortDescription: { text: `Generated security rule number ${i}` },
    fullDescription: { text: `A rule that stands for a real query, number ${i}, to give results realistic shape.` },
    defaultConfiguration: { level: ['error', 'warning', 'note'][i % 3] },
    helpUri: `https://example.com/rules/${i}`,
    properties: {
      tags: ['security', `external/cwe/cwe-${(i % 900) + 20}`],
      precision: 'high',
      'security-severity': String(((i * 37) % 100) / 10),
    },
  };
}

function result(i, salt) {
  const r = i % RULES;
  return {
    ruleId: `js/generated-rule-${r}`,
    ruleIndex: r,
    level: ['error', 'warning', 'note'][r % 3],
    message: {
      text: `Value from a remote source flows to a sensitive sink without sanitisation (case ${i}${salt}). This text is long enough to resemble what real analysers write for one result.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: `src/module${i % 5000}/file${i % 97}.ts`, uriBaseId: '%SRCROOT%', index: i % 5000 },
          region: {
            startLine: (i % 2000) + 1,
            startColumn: (i % 80) + 1,
            endColumn: (i % 80) + 21,
            snippet: { text: `  const value${i % 1000} = request.query[name]; res.send(render(template, value${i % 1000}));` },
          },
        },
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: `${(i * 2654435761 % 4294967296).toString(16)}${salt}:1`,
      primaryLocationStartColumnFingerprint: String(i % 80),
    },
  };
}

/**
 * Streams the log into `path` (gzip'd when `gzip` is set). `salt` changes every fingerprint
 * and message, so two logs made with different salts are different reports.
 */
async function writeSarif(path, count, { gzip = false, salt = '' } = {}) {
  const file = createWriteStream(path);
  const out = gzip ? createGzip({ level: 1 }) : file;
  if (gzip) out.pipe(file);
  const write = async text => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const rules = Array.from({ length: RULES }, (_, i) => rule(i));
  await write(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","semanticVersion":"2.19.3","rules":${JSON.stringify(rules)}}},"results":[`);
  const batch = [];
  for (let i = 0; i < count; i++) {
    batch.push(JSON.stringify(result(i, salt)));
    if (batch.length === 1000 || i === count - 1) {
      await write((i >= batch.length ? ',' : '') + batch.join(','));
      batch.length = 0;
    }
  }
  await write(']}]}');
  out.end();
  await once(file, 'finish');
}

module.exports = { writeSarif };

if (require.main === module) {
  const [path, count, gzip] = process.argv.slice(2);
  writeSarif(path, Number(count), { gzip: gzip === 'gzip' }).catch(e => {
    console.error(e);
    process.exit(1);
  });
}
