/**
 * A family is one place too: its entry (conformance/families/<family>.ts) holds its input schema,
 * expectation reader, judge, generator and preparation, and the runner, differential, fuzz,
 * properties, regen and crosscheck read those parts instead of asking which family a case is.
 * This check finds code elsewhere under conformance/ and scripts/ that names a family with its own
 * machinery (one whose cases need preparing) as data: a string that is the family's name
 * (`v.family === 'credential_provider'`), or a property key or member named after it.
 *
 * The places that may name it: the family registry and entries, the protocol (its published
 * vocabulary: the `Family` type, the case input), the adapters (each answers the families it
 * declares, by name), the family's own OAuth2 server (conformance/oauth/), its vector builders
 * (scripts/vectors/provider-*.ts, conformance/vectors/build/provider-*.ts), and the behaviour
 * matrix, whose page has a section per family. Comments and prose are not matches.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Families whose cases need preparing (their entry has `prepare`): named only in their own places. */
export const GUARDED_FAMILIES: readonly string[] = ['credential_provider'];

/** The folders this check reads. */
export const CHECKED_FOLDERS = ['conformance', 'scripts'] as const;

/** One place a guarded family is named outside its own places. */
export interface FamilyNameFinding {
  file: string;
  line: number;
  column: number;
  family: string;
  kind: 'string' | 'key';
  text: string;
}

/** Whether a path (relative to the root, `/`) may name a guarded family (see the module comment). */
export function mayNameFamilies(file: string): boolean {
  return (
    file.startsWith('conformance/families/') ||
    file.startsWith('conformance/protocol/') ||
    file.startsWith('conformance/adapters/') ||
    file.startsWith('conformance/oauth/') ||
    /^(scripts\/vectors|conformance\/vectors\/build)\/provider-[^/]+$/.test(file) ||
    file === 'scripts/behaviour-matrix.ts' ||
    file === 'scripts/lint/family-names.ts'
  );
}

/** Every place `text` (the source of `file`) names one of `families` as a whole string or a key. */
export function findFamilyNames(file: string, text: string, families: readonly string[] = GUARDED_FAMILIES): FamilyNameFinding[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, /\.(m|c)?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const found: FamilyNameFinding[] = [];
  const report = (node: ts.Node, family: string, kind: FamilyNameFinding['kind']): void => {
    const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const src = node.getText(sf).replace(/\s+/g, ' ');
    found.push({ file, line: at.line + 1, column: at.character + 1, family, kind, text: src.length > 80 ? `${src.slice(0, 79)}…` : src });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (families.includes(node.text)) report(node, node.text, 'string');
      return;
    }
    if ((ts.isPropertyAssignment(node) || ts.isPropertySignature(node) || ts.isShorthandPropertyAssignment(node)) && ts.isIdentifier(node.name) && families.includes(node.name.text)) {
      report(node.name, node.name.text, 'key');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every finding in the checkout at `root`. */
export function checkFamilyNames(root: string): FamilyNameFinding[] {
  const out: FamilyNameFinding[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (/\.(m|c)?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') && !mayNameFamilies(child)) out.push(...findFamilyNames(child, readFileSync(join(root, child), 'utf8')));
    }
  };
  for (const folder of CHECKED_FOLDERS) if (statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory()) walk(folder);
  return out;
}

/** `file:line:col  kind names family: text`. */
export function describeFamilyFinding(f: FamilyNameFinding): string {
  return `${f.file}:${f.line}:${f.column}  ${f.kind} names ${f.family}: ${f.text}`;
}
