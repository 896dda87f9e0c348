/**
 * Symbols, declarations and KaTeX checking for the math of a note. Every
 * offset is into the TeX string given (the parser maps it to the document
 * with `mathPosition`).
 */
import { findIndices as findIndicesOnce, findSymbols as findSymbolsOnce, type FoundSymbol } from './symbols';
import { findDeclarations as findDeclarationsOnce, type FoundDeclaration } from './declarations';
import { findEquationHeads as findEquationHeadsOnce, findValueAssignments as findValueAssignmentsOnce, type FoundDefinition } from './definitions';
import { memoizeText } from '../memo';

export { coverKey, type FoundSymbol } from './symbols';
export type { FoundDeclaration } from './declarations';
/** Every use of a symbol in `tex` (cached per TeX: read-only). */
export const findSymbols: (tex: string) => readonly FoundSymbol[] = memoizeText(findSymbolsOnce);
/** The index variables `tex` binds (cached per TeX: read-only). */
export const findIndices: (tex: string) => ReadonlySet<string> = memoizeText(findIndicesOnce);
/** The lines of `tex` that define their lone left side (cached per TeX: read-only). */
export const findEquationHeads: (tex: string) => readonly FoundDefinition[] = memoizeText(findEquationHeadsOnce);
/** The symbols `tex` sets to a number (cached per TeX: read-only). */
export const findValueAssignments: (tex: string) => readonly FoundDefinition[] = memoizeText(findValueAssignmentsOnce);
/** Every declaration in `tex` (cached per TeX: read-only). */
export const findDeclarations: (tex: string) => readonly FoundDeclaration[] = memoizeText(findDeclarationsOnce);
export { checkMath, checkTex, prepareForKatex, MathCheckCache, sharedMathCheckCache, type MathCheckResult, type MathCheckError } from './katex-check';
export { tokenize, type TexToken, type TexTokenKind } from '../tex/tokens';
export { readArgument, skipSpaces, type TexArgument } from '../tex/arguments';
