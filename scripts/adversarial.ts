/**
 * Inputs built to make a parser scan too much (issue 17, "Hangs and memory"):
 * each family repeats one piece up to a size. Shared by the scaling test and
 * `npm run bench`.
 */
export interface Family {
  name: string;
  /** The piece repeated to make the text. */
  piece: string;
}

export const FAMILIES: Family[] = [
  { name: 'paragraph of inline math lines', piece: 'Let $x_i$ be a value.\n' },
  { name: '\\( repeated on one line', piece: '\\(' },
  { name: '\\[ repeated on one line', piece: '\\[' },
  { name: 'lines of \\[', piece: '\\[\n' },
  { name: 'lines of $$x', piece: '$$x\n' },
  { name: 'one long line of inline math', piece: 'a $x_1$ b ' },
  { name: 'list items opening $$', piece: '- $$x\n' },
  { name: 'loose list (a blank line after each item)', piece: '- item $x_1$ here\n\n' },
  { name: '\\begin{equation} never ended, blank lines between', piece: '\\begin{equation}\n\n' },
];

/** Whole copies of `piece`, about `bytes` characters, ending with a line break (so every size ends alike). */
export function adversarialText(family: Family, bytes: number): string {
  return family.piece.repeat(Math.max(1, Math.round(bytes / family.piece.length))) + '\n';
}
