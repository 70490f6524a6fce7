import { readFileSync, readdirSync } from 'node:fs';
import type { z } from 'zod';
import { Decimal, parseWire, type ValidationIssue } from '../../../../core/domain';

/** The issues a schema reports for `input`, or [] when it parses. */
export function issuesFor(schema: z.ZodType, input: unknown): readonly ValidationIssue[] {
  const r = parseWire(schema, input, 'test');
  return r.ok ? [] : r.error.issues;
}

/**
 * Deep equality for decoded domain values: Decimals by value (.eq), Dates by
 * instant, keys holding undefined treated as absent. Returns the path of the
 * first difference, or undefined when equal.
 */
export function domainDiff(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a instanceof Decimal || b instanceof Decimal) {
    return a instanceof Decimal && b instanceof Decimal && a.eq(b) ? undefined : path;
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime() ? undefined : path;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = domainDiff(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    for (const k of keys) {
      const d = domainDiff(ra[k], rb[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : path;
}

export interface SeedExample {
  readonly file: string;
  readonly entity: string;
  readonly name: string;
  readonly json: unknown;
}

const FIXTURES = new URL('../../../fixtures/seeds/', import.meta.url);

/** Every example of every fixture file in test/fixtures/seeds, read as unknown JSON. */
export function loadSeedExamples(): SeedExample[] {
  const out: SeedExample[] = [];
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as {
      entity: string;
      examples: { name: string; json: unknown }[];
    };
    for (const ex of doc.examples) out.push({ file, entity: doc.entity, name: ex.name, json: ex.json });
  }
  return out;
}

/** A JSON clone with one change at a dotted path (numeric segments index arrays). */
export function withField(input: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(input) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
