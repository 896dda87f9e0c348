/**
 * Symbols, declarations and KaTeX checking for the math of a note. Every
 * offset is into the TeX string given (the parser maps it to the document
 * with `mathPosition`).
 */
export { findSymbols, coverKey, type FoundSymbol } from './symbols';
export { findDeclarations, type FoundDeclaration } from './declarations';
export { checkMath, checkTex, prepareForKatex, MathCheckCache, sharedMathCheckCache, type MathCheckResult, type MathCheckError } from './katex-check';
export { tokenize, type TexToken, type TexTokenKind } from '../tex/tokens';
export { readArgument, skipSpaces, type TexArgument } from '../tex/arguments';
