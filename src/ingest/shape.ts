// Which lines can be a title and which an abstract. Text dumps carry no
// markers, so a lost line would silently shift every later title onto the
// previous paper's abstract; these checks catch that shift instead.
//
// Sample dumps (466 papers): titles are 17–168 characters and none ends with
// a full stop; abstracts are 390 characters or more, and the few that do not
// end with a full stop (they end with a code URL) are 550 or more.

/** A longer line is an abstract, never a title: arXiv titles rarely pass 250 characters. */
export const MAX_TITLE_CHARS = 300;

/** A shorter line is an abstract only if it ends like prose, with a full stop. */
export const MIN_BARE_ABSTRACT_CHARS = 200;

export function canBeTitle(text: string): boolean {
  return text.length <= MAX_TITLE_CHARS;
}

export function canBeAbstract(text: string): boolean {
  return text.length >= MIN_BARE_ABSTRACT_CHARS || text.endsWith('.');
}
