// A query must be able to select papers on its own: one that only excludes
// would match nothing or almost everything, which is never what was meant.
import type { QueryNode } from './ast.js';
import { syntaxError } from './syntax-error.js';

/** Throws PB_QUERY_SYNTAX when the query, or one side of an OR in it, only excludes. */
export function refuseNegativeOnly(source: string, root: QueryNode): void {
  // OR sides first: their message says more than "the whole query only excludes".
  checkOrSides(source, root);
  if (!selects(root)) {
    const text = source.slice(root.start, root.end);
    throw syntaxError(
      source,
      root.start,
      `${text} only excludes papers — add a word to match, e.g. diffusion ${text}`,
    );
  }
}

/** Whether the node requires some word to be present (and so selects, rather than only excludes). */
function selects(node: QueryNode): boolean {
  switch (node.type) {
    case 'not':
      return false;
    case 'and':
      return node.children.some(selects);
    case 'or':
      return node.children.every(selects);
    default:
      return true;
  }
}

function checkOrSides(source: string, node: QueryNode): void {
  if (node.type === 'not') return checkOrSides(source, node.child);
  if (node.type !== 'and' && node.type !== 'or') return;
  for (const child of node.children) {
    if (node.type === 'or' && !selects(child)) {
      const text = source.slice(child.start, child.end);
      throw syntaxError(
        source,
        child.start,
        `${text} on one side of OR only excludes papers, so the OR would match almost everything` +
          ` — give that side a word to match, e.g. (diffusion ${text})`,
      );
    }
    checkOrSides(source, child);
  }
}
