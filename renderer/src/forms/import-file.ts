import { z } from 'zod';

/**
 * What the Import button accepts: a JSON file of directives in the seeds'
 * format — the seed files themselves ({ examples: [{ name, json }] }), a
 * list of directives, { directives: [...] }, or one directive. Each
 * directive is checked by the engine (its result is listed per index).
 */
const SeedFileSchema = z.object({ examples: z.array(z.object({ json: z.unknown() })).min(1) });
const ListSchema = z.array(z.unknown()).min(1);
const WrappedSchema = z.object({ directives: ListSchema });
const SingleSchema = z.object({ directive_id: z.string() });

export const MAX_IMPORT = 1000;

export type ImportFile = { readonly ok: true; readonly directives: unknown[] } | { readonly ok: false; readonly message: string };

export function directivesFromFile(text: string): ImportFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const directives = pick(json);
  if (!directives) return { ok: false, message: 'expected directives: a seed file ({ "examples": [...] }), a list, { "directives": [...] } or one directive' };
  if (directives.length > MAX_IMPORT) return { ok: false, message: `at most ${MAX_IMPORT} directives per file (this one has ${directives.length})` };
  return { ok: true, directives };
}

function pick(json: unknown): unknown[] | null {
  const seed = SeedFileSchema.safeParse(json);
  if (seed.success) return seed.data.examples.map((e) => e.json);
  const list = ListSchema.safeParse(json);
  if (list.success) return list.data;
  const wrapped = WrappedSchema.safeParse(json);
  if (wrapped.success) return wrapped.data.directives;
  if (SingleSchema.safeParse(json).success) return [json];
  return null;
}
