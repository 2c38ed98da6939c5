// Converts the Fig completion specs (npm @withfig/autocomplete, MIT) into compact JSON data that kibitz reads to
// explain CLIs without a man page on the machine (docker, kubectl, npm, terraform, ...). Run by `npm run build`.
// Each spec module is imported only to read its object: generator functions, scripts and post-processing are
// dropped, never called, and the server never loads JavaScript from the package: it reads specs/<cli>.json.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const pkgDir = path.join(root, 'node_modules/@withfig/autocomplete');
const out = path.join(root, 'specs');

if (!existsSync(pkgDir)) {
  console.warn('build-specs: @withfig/autocomplete is not installed; CLI specs are not built (explanations use man pages only)');
  process.exit(0);
}
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const names = (n) => (Array.isArray(n) ? n : n === undefined ? [] : [n]).filter((x) => typeof x === 'string');
const text = (s) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim().slice(0, 600) : undefined);

/** An argument: its name, and whether it is optional or repeats. Templates and generators are dropped. */
function arg(a) {
  const list = (Array.isArray(a) ? a : a ? [a] : []).filter((x) => x && typeof x === 'object');
  if (!list.length) return undefined;
  return list.map((x) => {
    const r = { n: typeof x.name === 'string' ? x.name : 'value' };
    if (x.isOptional) r.o = 1;
    if (x.isVariadic) r.v = 1;
    if (x.isCommand || x.loadSpec === true) r.c = 1;
    if (Array.isArray(x.suggestions)) {
      const s = x.suggestions
        .filter((y) => y && typeof y === 'object' && typeof y.name === 'string' && typeof y.description === 'string')
        .slice(0, 40)
        .map((y) => ({ n: y.name, d: text(y.description) }));
      if (s.length) r.s = s;
    }
    return r;
  });
}

function option(o) {
  const n = names(o.name);
  if (!n.length) return undefined;
  const r = { n };
  const d = text(o.description);
  if (d) r.d = d;
  const a = arg(o.args);
  if (a) r.a = a;
  if (o.requiresSeparator) r.eq = 1;
  return r;
}

/**
 * Subcommands kept in separate files (`loadSpec: "aws/s3"`): the services people use every day are merged in; the
 * hundreds of others keep their name and description only (the whole aws family is 36 MB of JavaScript).
 */
const COMMON = {
  aws: [
    's3',
    's3api',
    'ec2',
    'iam',
    'sts',
    'lambda',
    'ecr',
    'ecs',
    'eks',
    'rds',
    'cloudformation',
    'ssm',
    'logs',
    'dynamodb',
    'route53',
    'secretsmanager',
    'sqs',
    'sns',
    'kms',
    'cloudfront',
    'autoscaling',
    'elbv2',
    'configure',
  ],
  gcloud: ['compute', 'container', 'projects', 'iam', 'storage', 'run', 'functions', 'sql', 'config', 'auth', 'services', 'secrets', 'artifacts', 'builds'],
  az: ['group', 'vm', 'aks', 'storage', 'account', 'webapp', 'keyvault', 'network', 'acr', 'login', 'role', 'sql'],
};
const loaded = new Map();

async function loadSub(spec) {
  const [family, sub] = spec.split('/');
  if (!sub || !COMMON[family]?.includes(sub)) return undefined;
  const file = path.join(pkgDir, 'build', family, `${sub}.js`);
  if (!existsSync(file)) return undefined;
  if (!loaded.has(spec)) loaded.set(spec, (await import(pathToFileURL(file).href).catch(() => ({}))).default);
  const v = loaded.get(spec);
  return v && typeof v === 'object' ? v : undefined;
}

async function command(c, depth) {
  if (typeof c.loadSpec === 'string' && !c.subcommands && !c.options) {
    const sub = await loadSub(c.loadSpec);
    if (sub) c = { ...sub, name: c.name, description: c.description ?? sub.description };
  }
  const r = { n: names(c.name) };
  // `docker compose` is the docker-compose spec: the reader loads it by name
  if (typeof c.loadSpec === 'string' && !c.loadSpec.includes('/') && existsSync(path.join(pkgDir, 'build', `${c.loadSpec}.js`))) r.l = c.loadSpec;
  const d = text(c.description);
  if (d) r.d = d;
  const opts = (Array.isArray(c.options) ? c.options : []).map(option).filter(Boolean);
  if (opts.length) r.o = opts;
  const a = arg(c.args);
  if (a) r.a = a;
  if (depth < 6) {
    const subs = [];
    for (const s of Array.isArray(c.subcommands) ? c.subcommands : []) if (s && typeof s === 'object') subs.push(await command(s, depth + 1));
    subs.splice(0, subs.length, ...subs.filter((s) => s.n.length));
    if (subs.length) r.s = subs;
  }
  return r;
}

let count = 0;
let bytes = 0;
for (const file of readdirSync(path.join(pkgDir, 'build')).sort()) {
  if (!file.endsWith('.js') || file.startsWith('-') || file.startsWith('@')) continue;
  const name = file.slice(0, -3);
  if (!/^[a-z0-9][\w.+-]*$/i.test(name)) continue;
  let spec;
  try {
    spec = (await import(pathToFileURL(path.join(pkgDir, 'build', file)).href)).default;
  } catch {
    continue;
  }
  // versioned specs export a function of the version: the data is not in the object
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) continue;
  const data = JSON.stringify(await command(spec, 0));
  writeFileSync(path.join(out, `${name}.json`), data);
  count++;
  bytes += data.length;
}
writeFileSync(
  path.join(out, 'PROVENANCE.json'),
  JSON.stringify(
    {
      package: '@withfig/autocomplete',
      version,
      license: 'MIT',
      copyright: 'Copyright (c) 2021 Hercules Labs Inc. (Fig)',
      specs: count,
      note: "Data converted from the package's spec objects by scripts/build-specs.mjs; generators and scripts dropped.",
    },
    null,
    2,
  ) + '\n',
);
writeFileSync(path.join(out, 'LICENSE'), readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8'));
console.log(`build-specs: ${count} CLI specs (${(bytes / 1024 / 1024).toFixed(1)} MB) from @withfig/autocomplete ${version} in ${path.relative(root, out)}/`);
