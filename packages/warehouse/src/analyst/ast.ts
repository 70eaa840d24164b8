// ClickHouse's own parse of a query, as `EXPLAIN AST` prints it (one node a line, indented by depth:
// `Function file (alias f) (children 1)`), read into a tree so a policy can walk it. Reading the
// engine's parse instead of the query text means spelling, case, comments, quoting and nesting
// cannot hide anything: what is checked is what the engine will run.

export interface AstNode {
  /** `SelectQuery`, `Function`, `TableIdentifier`, `Identifier`, `Literal`, `Set`, … */
  type: string;
  /** What follows the type: a function's or identifier's name, a literal, statement details. */
  name: string;
  alias?: string;
  children: AstNode[];
}

const CHILDREN = / \(children \d+\)$/;
const ALIAS = / \(alias (.*)\)$/;

/** Parses the lines of `EXPLAIN AST` (one line each, as in TabSeparated output, so escaped). */
export function parseExplainAst(lines: readonly string[]): AstNode {
  const root: AstNode = { type: '(root)', name: '', children: [] };
  const stack: { depth: number; node: AstNode }[] = [{ depth: -1, node: root }];
  for (const raw of lines) {
    if (raw.trim() === '') continue;
    const depth = raw.length - raw.trimStart().length;
    let text = raw.trim().replace(CHILDREN, '');
    let alias: string | undefined;
    const a = ALIAS.exec(text);
    if (a) {
      alias = a[1];
      text = text.slice(0, a.index);
    }
    const space = text.indexOf(' ');
    const node: AstNode = {
      type: space < 0 ? text : text.slice(0, space),
      name: space < 0 ? '' : text.slice(space + 1),
      ...(alias === undefined ? {} : { alias }),
      children: [],
    };
    while (stack.length > 1 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    stack[stack.length - 1]!.node.children.push(node);
    stack.push({ depth, node });
  }
  if (root.children.length !== 1) throw new Error(`EXPLAIN AST gave ${root.children.length} roots`);
  return root.children[0]!;
}

/** Every node with its parent, depth first. */
export function* walk(node: AstNode, parent?: AstNode): Generator<{ node: AstNode; parent?: AstNode }> {
  yield parent ? { node, parent } : { node };
  for (const child of node.children) yield* walk(child, node);
}
