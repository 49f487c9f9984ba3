import { IN_ABSTRACT, IN_TITLE } from './term-scores.js';

/**
 * `matched topic Diffusion: "diffusion model" in the title`. An unnamed
 * topic is named by its query, which already says what matched.
 */
export function whyLine(name: string, queryText: string, terms: readonly string[], fields: number): string {
  const expansions = onePerMeaning(terms.filter((term) => term.includes(' = ')));
  // `LLM = large language models` already names the `LLM` it stands for.
  const named = terms.filter((term) => !term.includes(' = ') && !expansions.some((expansion) => expansion.startsWith(`${term} = `)));
  const what = name.trim() === queryText.trim() ? queryText + (expansions.length > 0 ? ` (${expansions.join(', ')})` : '') : `${name}: ${[...named, ...expansions].join(', ')}`;
  return `matched topic ${what} in the ${where(fields)}`;
}

/**
 * A topic that says both `"large language model"` and `LLM` gains
 * `LLM = large language model` from the one and `LLM = large language
 * models` from the other: one of them says it. Expansions that differ in
 * more than a plural stay, an acronym can stand for two things.
 */
function onePerMeaning(expansions: readonly string[]): string[] {
  const seen = new Set<string>();
  return expansions.filter((expansion) => {
    const meaning = expansion.toLowerCase().replace(/(\w)s\b/g, '$1');
    if (seen.has(meaning)) return false;
    seen.add(meaning);
    return true;
  });
}

function where(fields: number): string {
  if (fields === (IN_TITLE | IN_ABSTRACT)) return 'title and abstract';
  return fields === IN_TITLE ? 'title' : 'abstract';
}
