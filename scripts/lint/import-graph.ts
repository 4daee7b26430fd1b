/**
 * The checkout's TypeScript import graph, and two checks on it: import cycles (type-only imports
 * and `import('…')` types count: a cycle of types is still two modules that cannot be understood,
 * moved or published apart), and shipped code (`reference/`, `conformance/`) importing build-time
 * code (`scripts/`, `test/`), which the packed package does not contain.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import of one module by another, both as paths relative to the root with `/`. */
export interface ImportEdge {
  from: string;
  to: string;
  /** 1-based line of the import in `from`. */
  line: number;
  /** The specifier as written. */
  specifier: string;
  /** Only types cross it (`import type`, `export type`, `import('…').T`, or every named binding `type`). */
  typeOnly: boolean;
}

/** Folders whose code the package ships; nothing in them may import the build-time folders. */
export const SHIPPED = ['reference/', 'conformance/'] as const;
/**
 * Build-time folders: not in the packed package. conformance/vectors/build/ (the generated vector
 * files' sources, ids, lint and regen) sits beside the vector format it writes, and
 * tsconfig.build.json leaves it out.
 */
export const BUILD_TIME = ['scripts/', 'test/', 'conformance/vectors/build/'] as const;

/** The relative module specifiers in a TypeScript source, with their line and whether only types cross. */
export function importsOf(fileName: string, text: string): { specifier: string; line: number; typeOnly: boolean }[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: { specifier: string; line: number; typeOnly: boolean }[] = [];
  const add = (lit: ts.Node, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(lit)) return;
    out.push({ specifier: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings : undefined;
      const allNamedTypes = !!c && !c.name && !!named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, !!c && (c.isTypeOnly || allNamedTypes));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause : undefined;
      const allNamedTypes = !!named && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier, node.isTypeOnly || allNamedTypes);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length > 0) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.filter((i) => i.specifier.startsWith('./') || i.specifier.startsWith('../'));
}

const EXTENSIONS = ['.ts', '.mts', '.tsx'];

/** The file a relative specifier names (`.js` written for a `.ts` file included), or undefined. */
export function resolveSpecifier(fromAbs: string, specifier: string, exists: (abs: string) => boolean = existsSync): string | undefined {
  const base = resolve(dirname(fromAbs), specifier);
  const candidates = [base, base.replace(/\.(m?)js$/, '.$1ts'), ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))];
  return candidates.find((c) => EXTENSIONS.some((e) => c.endsWith(e)) && exists(c));
}

/** The TypeScript files tsconfig.json includes, relative to `root` with `/`. */
export function projectFiles(root: string): string[] {
  const configPath = join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
  return parsed.fileNames.map((f) => toRel(root, f)).sort();
}

/** Every relative import among `files` (paths relative to `root`); `read` gives a file's text. */
export function importGraph(root: string, files: readonly string[], read: (rel: string) => string = (rel) => readFileSync(join(root, rel), 'utf8')): ImportEdge[] {
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    for (const imp of importsOf(from, read(from))) {
      const abs = resolveSpecifier(join(root, from), imp.specifier, (a) => known.has(toRel(root, a)) || existsSync(a));
      if (abs) edges.push({ from, to: toRel(root, abs), line: imp.line, specifier: imp.specifier, typeOnly: imp.typeOnly });
    }
  }
  return edges;
}

/**
 * The import cycles: one per strongly connected component of the graph (Tarjan), each shown as a
 * shortest cycle through the component's first module (`a → b → a`), with the edges that form it.
 */
export function findCycles(edges: readonly ImportEdge[]): ImportEdge[][] {
  const out = new Map<string, ImportEdge[]>();
  for (const e of edges) {
    if (!out.has(e.from)) out.set(e.from, []);
    out.get(e.from)!.push(e);
  }
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  // Iterative Tarjan: recursion depth would follow the longest import chain.
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { module: string; i: number }[] = [{ module: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const succ = out.get(top.module) ?? [];
      if (top.i < succ.length) {
        const w = succ[top.i++].to;
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ module: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.module, Math.min(low.get(top.module)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].module;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.module)!));
      }
      if (low.get(top.module) === index.get(top.module)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.module);
        const selfLoop = (out.get(top.module) ?? []).some((e) => e.to === top.module);
        if (comp.length > 1 || selfLoop) components.push(comp.sort());
      }
    }
  }
  return components.map((comp) => shortestCycle(comp[0], new Set(comp), out));
}

/** A shortest path of edges from `start` back to itself inside `members` (breadth first). */
function shortestCycle(start: string, members: Set<string>, out: Map<string, ImportEdge[]>): ImportEdge[] {
  const via = new Map<string, ImportEdge>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    for (const e of out.get(queue[q]) ?? []) {
      if (!members.has(e.to)) continue;
      if (e.to === start) {
        const path = [e];
        for (let at = e.from; at !== start; at = via.get(at)!.from) path.unshift(via.get(at)!);
        return path;
      }
      if (!via.has(e.to)) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/** Imports from shipped folders into build-time folders. */
export function findShippedImportsOfBuildTime(edges: readonly ImportEdge[]): ImportEdge[] {
  const buildTime = (f: string): boolean => BUILD_TIME.some((b) => f.startsWith(b));
  return edges.filter((e) => SHIPPED.some((s) => e.from.startsWith(s)) && !buildTime(e.from) && buildTime(e.to));
}

/** `a.ts:3 → b.ts (type) …`, one cycle on one line. */
export function describeCycle(cycle: readonly ImportEdge[]): string {
  return cycle.map((e) => `${e.from}:${e.line}${e.typeOnly ? ' (types)' : ''}`).join(' → ') + ` → ${cycle[0].from}`;
}

function toRel(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
