import { IN_ABSTRACT, IN_TITLE } from './term-scores.js';

/**
 * `matched topic Diffusion: "diffusion model" in the title`. An unnamed
 * topic is named by its query, which already says what matched.
 */
export function whyLine(name: string, queryText: string, terms: readonly string[], fields: number): string {
  const expansions = terms.filter((term) => term.includes(' = '));
  // `LLM = large language models` already names the `LLM` it stands for.
  const named = terms.filter((term) => !expansions.some((expansion) => expansion.startsWith(`${term} = `)));
  const what = name.trim() === queryText.trim() ? queryText + (expansions.length > 0 ? ` (${expansions.join(', ')})` : '') : `${name}: ${named.join(', ')}`;
  return `matched topic ${what} in the ${where(fields)}`;
}

function where(fields: number): string {
  if (fields === (IN_TITLE | IN_ABSTRACT)) return 'title and abstract';
  return fields === IN_TITLE ? 'title' : 'abstract';
}
