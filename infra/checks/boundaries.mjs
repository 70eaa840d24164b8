// Import rules from DESIGN.md §2, checked on every source file:
//  - each vendor SDK is imported by its one package only;
//  - packages never import services; services never import other services;
//  - schemas import nothing internal.
// Exits 1 with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');
const VENDOR_OWNERS = {
  kafkajs: 'packages/kafka',
  '@clickhouse/client': 'packages/warehouse',
  chdb: 'packages/warehouse',
  '@aws-sdk/client-s3': 'packages/archive',
  bullmq: 'packages/jobs',
  ioredis: 'packages/jobs',
  nodemailer: 'packages/email',
  pino: 'packages/log',
  'prom-client': 'packages/service-kit',
  exceljs: 'packages/spreadsheet',
  'chinese-days': 'packages/complaint-clocks',
  '@node-rs/jieba': 'packages/comment-analysis',
  'opencc-js': 'packages/comment-analysis',
  'playwright-core': 'packages/browser',
  'openid-client': 'packages/oidc-signin',
  'oidc-provider': 'packages/oidc-signin',
};
const SKIP = new Set(['node_modules', '.turbo', 'dist', 'generated', '.run', '.git']);

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) yield path;
  }
}

/** Workspace package name → its folder, e.g. @servloop/normaliser → services/normaliser. */
const workspace = new Map();
for (const top of ['packages', 'services', 'test']) {
  let entries = [];
  try {
    entries = readdirSync(join(root, top));
  } catch {}
  for (const name of entries) {
    try {
      const pkg = JSON.parse(readFileSync(join(root, top, name, 'package.json'), 'utf8'));
      workspace.set(pkg.name, `${top}/${name}`);
    } catch {}
  }
}
workspace.set('@servloop/schemas', 'schemas');

const IMPORT =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
const violations = [];
for (const top of ['packages', 'services', 'schemas', 'infra', 'test', 'bench']) {
  let files;
  try {
    files = [...sourceFiles(join(root, top))];
  } catch {
    continue;
  }
  for (const file of files) {
    const rel = relative(root, file).split(sep).join('/');
    const home = rel
      .split('/')
      .slice(0, rel.startsWith('schemas') ? 1 : 2)
      .join('/');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const bare = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      const owner = VENDOR_OWNERS[bare];
      if (owner && owner !== home) violations.push(`${rel}: imports ${bare}, which only ${owner} may import`);
      const target = workspace.get(bare);
      if (!target) continue;
      if (home.startsWith('packages/') && target.startsWith('services/'))
        violations.push(`${rel}: a package imports the service ${bare}`);
      if (home.startsWith('services/') && target.startsWith('services/') && target !== home)
        violations.push(`${rel}: a service imports another service ${bare}; talk through topics and queues`);
      if (home === 'schemas' && target !== 'schemas')
        violations.push(`${rel}: schemas import nothing internal (${bare})`);
      if (
        !home.startsWith('test/') &&
        !home.startsWith('bench') &&
        target.startsWith('test/') &&
        !/\.test\.ts$/.test(rel)
      )
        violations.push(`${rel}: runtime code imports the test harness`);
    }
  }
}
if (violations.length > 0) {
  console.error(`boundary check: ${violations.length} violation(s)\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('boundary check: ok');
