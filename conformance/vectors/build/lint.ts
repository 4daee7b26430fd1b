/**
 * Sanity checks on the vector files, in the manner of the JSON-Schema-Test-Suite's: unique ids,
 * unique descriptions per family, short descriptions that state facts ("should" is not a fact),
 * and a flag catalogue in which every used flag is defined and every defined flag is used.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vectorFiles } from '../read.ts';
import { PACKAGE_ROOT as ROOT } from '../../package-root.ts';

interface RawVector {
  id?: string;
  tcId?: string;
  description?: string;
  comment?: string;
  family?: string;
  flags?: string[];
}

/** Every problem found, one line each (empty: clean). */
export function lint(dir = join(ROOT, 'vectors')): string[] {
  const problems: string[] = [];
  const catalogue = JSON.parse(readFileSync(join(dir, 'flags.json'), 'utf8')) as { flags: Record<string, { description?: string }> };
  const defined = new Set(Object.keys(catalogue.flags));
  for (const [name, f] of Object.entries(catalogue.flags)) if (!f.description) problems.push(`flags.json: ${name} has no description`);
  const used = new Set<string>();
  const ids = new Map<string, string>();
  const descriptions = new Map<string, string>();
  for (const file of vectorFiles(dir).filter((f) => !f.endsWith('flags.json'))) {
    const rel = file.slice(ROOT.length + 1);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { family?: string; vectors?: RawVector[]; tests?: RawVector[] };
    for (const v of doc.vectors ?? doc.tests ?? []) {
      const id = String(v.id ?? v.tcId);
      if (ids.has(id)) problems.push(`${rel}: id ${id} also in ${ids.get(id)}`);
      ids.set(id, rel);
      const text = v.description ?? v.comment ?? '';
      const key = `${v.family ?? doc.family ?? rel}\u0000${text}`;
      if (!text) problems.push(`${rel}: ${id} has no description`);
      else if (descriptions.has(key)) problems.push(`${rel}: ${id} repeats the description of ${descriptions.get(key)}`);
      descriptions.set(key, id);
      if (text.length > 150) problems.push(`${rel}: ${id} description is ${text.length} characters (at most 150)`);
      if (/\bshould\b/i.test(text)) problems.push(`${rel}: ${id} description says "should": state what happens`);
      for (const f of v.flags ?? []) {
        used.add(f);
        if (!defined.has(f)) problems.push(`${rel}: ${id} uses undefined flag ${f}`);
      }
    }
  }
  for (const f of defined) if (!used.has(f)) problems.push(`flags.json: ${f} is defined but no vector uses it`);
  return problems;
}
