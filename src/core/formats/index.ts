import type { NoteFormat } from './types';
import deepPass from './deep-pass.json';
import lecture from './lecture.json';

/** The formats that ship with mlnotes. */
export const builtinFormats: NoteFormat[] = [deepPass as NoteFormat, lecture as NoteFormat];
