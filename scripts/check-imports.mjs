// Enforces the dependency direction (core <- electron/renderer/web) and the
// absence of circular imports, over relative imports of our own sources.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const roots = ['core', 'electron', 'renderer', 'web'];
const exts = ['.ts', '.tsx'];

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (exts.some((e) => p.endsWith(e)) && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [base, ...exts.map((e) => base + e), ...exts.map((e) => join(base, 'index' + e))];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const files = roots.flatMap((r) => walk(join(root, r), []));
const graph = new Map();
const problems = [];
const importRe = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

for (const file of files) {
  const src = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  const top = rel.split('/')[0];
  const deps = [];
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec) continue;
    if ((top === 'core' || top === 'web') && (spec === 'electron' || spec.startsWith('react') || spec === 'zustand')) {
      problems.push(`${rel}: ${top} must not import '${spec}'`);
    }
    if (!spec.startsWith('.')) continue;
    const target = resolveImport(file, spec);
    if (!target) continue;
    const targetTop = relative(root, target).split('/')[0];
    if (top === 'core' && targetTop !== 'core') problems.push(`${rel}: core must not import ${relative(root, target)}`);
    if (top === 'renderer' && targetTop === 'electron') problems.push(`${rel}: renderer must not import electron/`);
    if (top === 'electron' && targetTop === 'renderer') problems.push(`${rel}: electron must not import renderer/`);
    // web/ is the plain-Node host: core only, never the desktop shell or the views.
    // (electron/ may use web/'s host plug point and static-file serving; the views may not.)
    if (top === 'web' && (targetTop === 'electron' || targetTop === 'renderer')) problems.push(`${rel}: web must not import ${targetTop}/`);
    if (top === 'renderer' && targetTop === 'web') problems.push(`${rel}: renderer must not import web/`);
    // Type-only imports do not create runtime cycles but still tangle modules; count them too.
    deps.push(target);
  }
  graph.set(file, deps);
}

// Cycle detection: iterative DFS with colours.
const colour = new Map();
const stack = [];
function dfs(node) {
  colour.set(node, 1);
  stack.push(node);
  for (const dep of graph.get(node) ?? []) {
    if (!graph.has(dep)) continue;
    const c = colour.get(dep) ?? 0;
    if (c === 1) {
      const cycle = stack.slice(stack.indexOf(dep)).concat(dep).map((f) => relative(root, f));
      problems.push(`circular import: ${cycle.join(' -> ')}`);
    } else if (c === 0) dfs(dep);
  }
  stack.pop();
  colour.set(node, 2);
}
for (const f of graph.keys()) if (!colour.get(f)) dfs(f);

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`imports ok: ${files.length} files, no cycles, core <- electron/renderer/web`);
