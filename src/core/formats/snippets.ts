// The contents of snippets/markdown.json: a full scaffold per format plus the
// part snippets. scripts/gen-snippets.ts writes it; a unit test checks the
// shipped file equals this output.
import { PROVENANCE_LABELS, TIMESTAMP_PLACEHOLDER, renderSnippet, scaffoldSnippet, type Part } from '../scaffold';
import type { NoteFormat } from './types';

export interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

const field = (text: string): Part => ({ field: text });

/** The part snippets, each as parts (so escaping is the renderer's job, never hand-written). */
const PART_SNIPPETS: Array<{ name: string; prefix: string; description: string; parts: Part[] }> = [
  {
    name: 'Derivation step',
    prefix: 'ml-step',
    description: 'A numbered derivation step with its provenance label, an optional timestamp, display math and {Rule: }.',
    parts: [
      '**Step ', field('1'), '.** ', { choice: PROVENANCE_LABELS.map((l) => `(${l})`) }, ' ', field(TIMESTAMP_PLACEHOLDER), ' ', field('One-line justification.'), '\n\n',
      '$$\n', field('\\nabla_w J(w)'), ' = ', field('X^\\top(Xw-y)'), '\n$$\n\n',
      '{Rule: ', field('gradient of a quadratic form'), '}',
    ],
  },
  {
    name: 'Lecturer claim',
    prefix: 'ml-claim',
    description: 'A (LECTURER CLAIM) step followed by its corrected (RECONSTRUCTED) version.',
    parts: [
      '**Step ', { field: '2', key: 'step' }, ' (LECTURER CLAIM).** ', field(TIMESTAMP_PLACEHOLDER), ' ', field('What the lecturer stated.'), '\n\n',
      '$$\n', { field: '\\nabla_w J(w)', key: 'lhs' }, ' = ', field('X^\\top(y - Xw)'), '\n$$\n\n',
      '{Rule: ', field('as stated in the lecture'), '}\n\n',
      '**Step ', { field: '2', key: 'step' }, 'a (RECONSTRUCTED).** Correction: ', field('what is wrong, and why.'), '\n\n',
      '$$\n', { field: '\\nabla_w J(w)', key: 'lhs' }, ' = ', field('X^\\top(Xw-y)'), '\n$$\n\n',
      '{Rule: ', field('gradient of a quadratic form'), '}',
    ],
  },
  {
    name: 'Glossary entry',
    prefix: 'ml-glossary',
    description: 'A glossary entry: symbol, domain/shape, meaning.',
    parts: ['- $', field('X'), '\\in', field('\\mathbb{R}^{n\\times d}'), '$: ', field('meaning')],
  },
  {
    name: 'Provenance label',
    prefix: 'ml-label',
    description: 'A provenance label: VERBATIM, RECONSTRUCTED, ASSUMPTION, GAP or LECTURER CLAIM.',
    parts: ['(', { choice: PROVENANCE_LABELS }, ')'],
  },
  {
    name: 'Boxed result',
    prefix: 'ml-boxed',
    description: 'A boxed final result in display math.',
    parts: ['$$\n\\boxed{', field('w^\\star = (X^\\top X)^{-1}X^\\top y'), '}\n$$'],
  },
  {
    name: 'Identity',
    prefix: 'ml-identity',
    description: 'An identity line with its reference.',
    parts: ['- $', field('\\nabla_w\\, w^\\top A w = (A+A^\\top)w'), '$ (', field('reference'), ')'],
  },
  {
    name: 'Aligned derivation',
    prefix: 'ml-aligned',
    description: 'An aligned block: one \\text{(rule)} per line and a \\tag.',
    parts: [
      '$$\n\\begin{aligned}\n',
      field('J(w)'), ' &= ', field('\\tfrac12 (Xw-y)^\\top (Xw-y)'), ' && \\text{(', field('definition of the norm'), ')} \\\\\n',
      ' &= ', field('\\tfrac12 w^\\top X^\\top X w - y^\\top X w + \\tfrac12 y^\\top y'), ' && \\text{(', field('expand the product'), ')}\n',
      '\\end{aligned}\n\\tag{', field('1'), '}\n$$',
    ],
  },
];

/** Snippet name → entry, in a stable order: full scaffolds first, then parts. */
export function buildSnippetFile(formats: readonly NoteFormat[]): Record<string, SnippetEntry> {
  const file: Record<string, SnippetEntry> = {};
  for (const format of formats) {
    file[`Full note: ${format.name}`] = {
      prefix: `ml-${format.id}`,
      description: `A full note in the ${format.name} format: every section heading in order, with tab stops.`,
      body: scaffoldSnippet(format).split('\n'),
    };
  }
  for (const snippet of PART_SNIPPETS) {
    file[snippet.name] = { prefix: snippet.prefix, description: snippet.description, body: renderSnippet(snippet.parts).split('\n') };
  }
  return file;
}

/** The exact text of snippets/markdown.json. */
export function snippetFileText(formats: readonly NoteFormat[]): string {
  return `${JSON.stringify(buildSnippetFile(formats), null, 2)}\n`;
}
