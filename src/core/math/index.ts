/**
 * Symbols, declarations and KaTeX checking for the math of a note. Every
 * offset is into the TeX string given (the parser maps it to the document
 * with `mathPosition`).
 */
export { findSymbols, coverKey, type FoundSymbol } from './symbols';
export { findDeclarations, type FoundDeclaration } from './declarations';
export { checkMath, checkTex, prepareForKatex, MathCheckCache, sharedMathCheckCache, type MathCheckResult, type MathCheckError } from './katex-check';
export { tokenize, readArgument, skipSpaces, type TexToken, type TexTokenKind, type TexArgument } from './tex-tokens';
