/**
 * The rule registry. Every rule module adds one import line and one entry
 * below (keep both lists in alphabetical order to avoid merge conflicts).
 */
import type { Rule } from '../types';

// Rules are generic in their options; the registry holds them type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;

export const allRules: AnyRule[] = [
];

/** The registered rule with this id, if any. */
export function ruleById(id: string): AnyRule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
