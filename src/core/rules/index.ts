/**
 * The rule registry. Every rule module adds one import line and one entry
 * below (keep both lists in alphabetical order to avoid merge conflicts).
 */
import type { Rule } from '../types';
import bareTex from './bare-tex';
import boxedResult from './boxed-result';
import conceptBullets from './concept-bullets';
import emptySection from './empty-section';
import equationRef from './equation-ref';
import glossaryShape from './glossary-shape';
import labelSpelling from './label-spelling';
import lecturerClaim from './lecturer-claim';
import mathSyntax from './math-syntax';
import metadataFields from './metadata-fields';
import noCode from './no-code';
import oneLineRecap from './one-line-recap';
import requiredSection from './required-section';
import sectionOrder from './section-order';
import shapeMismatch from './shape-mismatch';
import stepLabel from './step-label';
import stepNumber from './step-number';
import stepRule from './step-rule';
import symbolShape from './symbol-shape';
import timestamp from './timestamp';
import vagueLanguage from './vague-language';

// Rules are generic in their options; the registry holds them type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any>;

export const allRules: AnyRule[] = [
  bareTex,
  boxedResult,
  conceptBullets,
  emptySection,
  equationRef,
  glossaryShape,
  labelSpelling,
  lecturerClaim,
  mathSyntax,
  metadataFields,
  noCode,
  oneLineRecap,
  requiredSection,
  sectionOrder,
  shapeMismatch,
  stepLabel,
  stepNumber,
  stepRule,
  symbolShape,
  timestamp,
  vagueLanguage,
];

/** The registered rule with this id, if any. */
export function ruleById(id: string): AnyRule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}
