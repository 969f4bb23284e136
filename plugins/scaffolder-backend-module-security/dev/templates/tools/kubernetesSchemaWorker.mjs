// Validates Kubernetes objects against their API schemas with kubernetes-models, in a Node
// process of its own: kubernetes-models 5 and its Argo CD and Istio siblings are ES modules
// only (their package exports have no `require` condition), which this repository's jest,
// running CommonJS, cannot load. See kubernetes.ts.
//
// stdin: a JSON array of Kubernetes objects. stdout: a JSON array, one entry per object:
// { status: 'valid' } | { status: 'invalid', message } | { status: 'no-schema', message }.
// With --versions, it prints the versions of the schema packages instead.

/** The kubernetes-models module that holds the models of an apiVersion. */
function modulePath(apiVersion) {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  if (group === '') return `kubernetes-models/${version}`;
  if (group === 'argoproj.io')
    return `@kubernetes-models/argo-cd/${group}/${version}`;
  if (group.endsWith('.istio.io'))
    return `@kubernetes-models/istio/${group}/${version}`;
  return `kubernetes-models/${group}/${version}`;
}

const modules = new Map();

/** The models of an apiVersion, or undefined when no package has that group and version. */
async function modelsOf(apiVersion) {
  const path = modulePath(apiVersion);
  if (!modules.has(path)) {
    modules.set(
      path,
      await import(path).catch(error =>
        error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED' ||
        error.code === 'ERR_MODULE_NOT_FOUND'
          ? undefined
          : Promise.reject(error),
      ),
    );
  }
  return modules.get(path);
}

async function validate(object) {
  const { apiVersion, kind } = object;
  const models = await modelsOf(apiVersion);
  if (!models) {
    return {
      status: 'no-schema',
      message: `no schema for ${apiVersion} in kubernetes-models, @kubernetes-models/argo-cd or @kubernetes-models/istio`,
    };
  }
  const Model = models[kind];
  if (Model?.apiVersion !== apiVersion || Model?.kind !== kind) {
    // The API group is known: a kind it does not have is a mistake, not a gap in the schemas.
    return { status: 'invalid', message: `${apiVersion} has no kind ${kind}` };
  }
  try {
    new Model(object).validate();
    return { status: 'valid' };
  } catch (error) {
    return { status: 'invalid', message: error.message };
  }
}

/** `--versions`: the versions of the schema packages, as JSON. */
async function versions() {
  const { readFile } = await import('node:fs/promises');
  const result = {};
  for (const name of [
    'kubernetes-models',
    '@kubernetes-models/argo-cd',
    '@kubernetes-models/istio',
  ]) {
    const main = new URL(import.meta.resolve(name));
    const pkg = new URL('package.json', main);
    result[name] = JSON.parse(await readFile(pkg, 'utf8')).version;
  }
  return result;
}

if (process.argv.includes('--versions')) {
  process.stdout.write(JSON.stringify(await versions()));
  process.exit(0);
}

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) results.push(await validate(object));
process.stdout.write(JSON.stringify(results));
