/**
 * A library is one place: its reference profile (reference/profiles/<lib>/), its conformance-side
 * entry (conformance/libraries/), its adapter (conformance/adapters/twilio-<lib>/). This check
 * finds code elsewhere under reference/, conformance/ and scripts/ that names a library as data:
 *
 * - a string that is a library's name, `twilio-<lib>` or `reference-<lib>`, or a comma-separated
 *   list of library names (`=== 'python'`, `case 'ruby':`, `['node', 'python']`, `'node,python'`,
 *   `type P = 'node' | 'ruby'`), matched whole and case-insensitively;
 * - a property key or member named after one (`{ node: …, python: … }`, `{ ruby }`,
 *   `interface T { python: … }`, `const { node } = table`);
 * - a property read by one (`table.python`; `process.versions.node`, the Node.js runtime, is not
 *   a library);
 * - an import of a library's own folder or entry (`../profiles/python/urls.ts`).
 *
 * Comments, prose (a name inside a longer string), identifiers of variables and functions, and
 * module specifiers such as `node:fs` are not matches. JSON Schemas are not read: their enums are
 * derived from the registry (issue 16, item 2).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import ts from 'typescript';

/** One place a library is named outside its own places. */
export interface LibraryNameFinding {
  /** Path relative to the root, with `/`. */
  file: string;
  line: number;
  column: number;
  /** The library named. */
  library: string;
  kind: 'string' | 'key' | 'property' | 'import';
  /** The source text of the offending node (cut to 80 characters). */
  text: string;
}

/**
 * Libraries the project is about to add (issue 16: "php, go, java next"), so that code written
 * before their profile folder exists is caught too. Every folder under reference/profiles/ is a
 * library as well; this list only adds the ones that have none yet.
 */
export const ANTICIPATED_LIBRARIES: readonly string[] = ['php', 'go', 'java'];

/** The folders this check reads. */
export const CHECKED_FOLDERS = ['reference', 'conformance', 'scripts'] as const;

const SOURCE = /\.(m|c)?[jt]s$/;

/** The library names: one per folder under reference/profiles/, plus {@link ANTICIPATED_LIBRARIES}. */
export function libraryNames(root: string): string[] {
  const dir = join(root, 'reference', 'profiles');
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  return [...new Set([...folders, ...ANTICIPATED_LIBRARIES])].sort();
}

/**
 * Whether a path (relative to the root, `/`) is one of the places that may name libraries: a
 * library's own places, the registries that list them, the per-language models (a language is not
 * a library, though python and ruby name both), and this check's own list.
 */
export function mayNameLibraries(file: string): boolean {
  return (
    file === 'reference/profiles/index.ts' ||
    /^reference\/profiles\/[^/]+\//.test(file) ||
    file.startsWith('conformance/libraries/') ||
    /^conformance\/adapters\/twilio-[^/]+\//.test(file) ||
    file.startsWith('reference/lang/') ||
    file === 'scripts/lint/library-names.ts'
  );
}

/** The library a string value names, if any (see the module comment for the forms). */
export function libraryInString(value: string, names: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase();
  for (const n of names) if (v === n || v === `twilio-${n}` || v === `reference-${n}`) return n;
  if (v.includes(',')) {
    const parts = v.split(',').map((p) => p.trim());
    if (parts.every((p) => names.includes(p))) return parts[0];
  }
  return undefined;
}

/** The library whose own folder or entry a module path (relative to the root, `/`) lies in, if any. */
export function libraryOfModule(modulePath: string, names: readonly string[]): string | undefined {
  const m = /^reference\/profiles\/([^/]+)\//.exec(modulePath) ?? /^conformance\/adapters\/twilio-([^/]+)\//.exec(modulePath) ?? /^conformance\/libraries\/([^/]+)\.[mc]?[jt]s$/.exec(modulePath);
  return m && names.includes(m[1]) ? m[1] : undefined;
}

/** Every place `text` (the source of `file`, relative to the root) names one of `names`. */
export function findLibraryNames(file: string, text: string, names: readonly string[]): LibraryNameFinding[] {
  const kind = /\.(m|c)?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: LibraryNameFinding[] = [];
  const report = (node: ts.Node, library: string, k: LibraryNameFinding['kind']): void => {
    const at = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const src = node.getText(sf).replace(/\s+/g, ' ');
    found.push({ file, line: at.line + 1, column: at.character + 1, library, kind: k, text: src.length > 80 ? `${src.slice(0, 79)}…` : src });
  };
  const identifierName = (n: ts.Node | undefined): string | undefined => (n && ts.isIdentifier(n) ? n.text : undefined);
  const visit = (node: ts.Node): void => {
    if (isModuleSpecifier(node)) {
      const target = posix.normalize(posix.join(posix.dirname(file), (node as ts.StringLiteralLike).text));
      const lib = (node as ts.StringLiteralLike).text.startsWith('.') ? libraryOfModule(target, names) : undefined;
      if (lib) report(node, lib, 'import');
      return;
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const lib = libraryInString(node.text, names);
      if (lib) report(node, lib, 'string');
      return;
    }
    if (
      ts.isPropertyAssignment(node) ||
      ts.isPropertySignature(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isMethodSignature(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isEnumMember(node)
    ) {
      const key = identifierName(node.name);
      if (key !== undefined && names.includes(key)) report(node.name, key, 'key');
    } else if (ts.isShorthandPropertyAssignment(node)) {
      if (names.includes(node.name.text)) report(node.name, node.name.text, 'key');
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = identifierName(node.propertyName ?? node.name);
      if (key !== undefined && names.includes(key)) report(node.propertyName ?? node.name, key, 'key');
    } else if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && names.includes(node.name.text)) {
      if (!isNodeRuntimeVersion(node)) report(node, node.name.text, 'property');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** `process.versions.node` and `versions.node`: the Node.js runtime's version, not a library. */
function isNodeRuntimeVersion(node: ts.PropertyAccessExpression): boolean {
  const target = node.expression;
  const last = ts.isPropertyAccessExpression(target) ? target.name.text : ts.isIdentifier(target) ? target.text : '';
  return node.name.text === 'node' && last === 'versions';
}

/** The string of an import, export, `import('…')`, `require('…')` or `import('…')` type. */
function isModuleSpecifier(node: ts.Node): boolean {
  if (!ts.isStringLiteralLike(node)) return false;
  const p = node.parent;
  if ((ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) && p.moduleSpecifier === node) return true;
  if (ts.isExternalModuleReference(p)) return true;
  if (ts.isLiteralTypeNode(p) && ts.isImportTypeNode(p.parent)) return true;
  if (ts.isCallExpression(p) && p.arguments[0] === node) {
    if (p.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
    if (ts.isIdentifier(p.expression) && p.expression.text === 'require') return true;
    if (ts.isPropertyAccessExpression(p.expression) && p.expression.name.text === 'resolve' && identifierIs(p.expression.expression, 'require')) return true;
  }
  return false;
}

function identifierIs(n: ts.Node, text: string): boolean {
  return ts.isIdentifier(n) && n.text === text;
}

/** The source files under the checked folders that may not name libraries, relative to the root. */
export function checkedFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') && !mayNameLibraries(child)) out.push(child);
    }
  };
  for (const folder of CHECKED_FOLDERS) if (statSync(join(root, folder), { throwIfNoEntry: false })?.isDirectory()) walk(folder);
  return out.sort();
}

/** Every finding in the checkout at `root`. */
export function checkLibraryNames(root: string): LibraryNameFinding[] {
  const names = libraryNames(root);
  return checkedFiles(root).flatMap((file) => findLibraryNames(file, readFileSync(join(root, file), 'utf8'), names));
}

/** `file:line:col  kind 'library'  text`. */
export function describeFinding(f: LibraryNameFinding): string {
  return `${f.file}:${f.line}:${f.column}  ${f.kind} names ${f.library}: ${f.text}`;
}
