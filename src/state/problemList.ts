/**
 * Lists of problems shown to people (link notices, import messages, embed errors) are capped: a
 * hostile input can name 70,000 bad keys, and a page that renders 70,000 list items freezes.
 */

/** Most problems any notice lists before summing up the rest. */
export const MAX_LISTED_PROBLEMS = 20;

/** The closing line of a capped list, e.g. "… and 69,980 more." */
export function moreLine(extra: number): string {
  return `… and ${extra.toLocaleString('en')} more.`;
}

/** The first `max` problems, then one "… and N more." line when there were more. Returns a new array. */
export function capProblems(problems: readonly string[], max = MAX_LISTED_PROBLEMS): string[] {
  if (problems.length <= max) return [...problems];
  return [...problems.slice(0, max), moreLine(problems.length - max)];
}
