import type { NoteModel } from '../model';
import type { Doc } from './scan';

/** Symbols and declarations come from src/core/math once it exists. */
export function fillSymbols(_model: NoteModel, _doc: Doc): void {}
