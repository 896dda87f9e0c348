// Incremental analysis (issue 15): after any edit, the analysis built from the
// previous version's is the one a fresh full parse and lint give, diagnostic
// for diagnostic, token for token and model field for model field.
//
// `npm test` runs a fixed seed and a bounded count. Longer runs (thousands of edits):
//   MLNOTES_FUZZ_RUNS=2000 node scripts/run-unit.cjs incremental
//   MLNOTES_FUZZ_SEED=123 node scripts/run-unit.cjs incremental
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { analyzeNote, lineEdit, type Analysis } from '../../src/core/incremental';
import { patchModel } from '../../src/core/parse/patch';
import { parseNote } from '../../src/core/parse/index';
import { lintModel } from '../../src/core/lint';
import { defaultConfig } from '../../src/core/config';
import { allRules } from '../../src/core/rules/index';
import type { NoteModel } from '../../src/core/model';
import { PROSE_PIECES, TEX_PIECES } from '../fuzz/generators';
import { SHARED_DIR, markdownFiles } from '../support/shared';

const seed = Number(process.env.MLNOTES_FUZZ_SEED ?? 20261205);
const path = process.env.MLNOTES_FUZZ_PATH;
const longRuns = process.env.MLNOTES_FUZZ_RUNS ? Number(process.env.MLNOTES_FUZZ_RUNS) : undefined;
if (longRuns !== undefined && !(longRuns > 0)) throw new Error(`MLNOTES_FUZZ_RUNS must be a positive number, got "${process.env.MLNOTES_FUZZ_RUNS}"`);

const FIXTURES = resolve(__dirname, '../fixtures/notes');
const fixtures = markdownFiles(FIXTURES).map((file) => ({ name: relative(FIXTURES, file), text: readFileSync(file, 'utf8') }));
// Corpus notes of every size, the largest left out (each edit lints the note twice).
const corpus = markdownFiles(join(SHARED_DIR, 'corpus')).map((file) => ({ name: relative(SHARED_DIR, file), text: readFileSync(file, 'utf8') }))
  .filter((note) => note.text.length < 40_000);

// ------------------------------------------------------------ edits

/** What typing does to a note: text inserted, deleted or replaced, lines deleted or duplicated. */
type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; text: string }
  | { kind: 'delete-lines'; at: number; count: number }
  | { kind: 'duplicate-line'; at: number }
  /** Text typed a character at a time at one place, each keystroke a version. */
  | { kind: 'type'; at: number; text: string }
  /** An insert at a place of a kind: inside a formula, at the end of a heading, inside the front matter, or a new line or section. */
  | { kind: 'in-math' | 'in-heading' | 'in-front-matter' | 'new-line'; at: number; text: string };

const MARKUP = [
  '$', '$$', '\\[', '\\]', '\\(', '\\)', '\n', '\n\n', '\n$$\n', '\n\\[\n', '# ', '## ', '### 4.B Step-by-Step Derivation\n',
  '## §4 Derivation Protocol (Line-by-Line)\n', '**Step 3 (RECONSTRUCTED).**', '2. ', '- ', '> ', '    ', '\\label{eq:a}',
  '\\eqref{eq:a}', '\\tag{2}', '---\n', '---', 'format: lecture\n', 'format: deep-pass\n', '```\n', '```', '~~~\n',
  '\\begin{aligned}\n', '\\end{aligned}', '\\begin{align}', '\\end{align}\n', '<!-- mlnotes-disable-next-line -->\n',
  '<!--', '-->', '<div>', '</div>\n', '[x]: http://a.b\n', '[x]', '| a | b |\n|---|---|\n', '===\n', '[12:34]', 'Rule: chain rule', '\0', '\r\n',
];
const piece = fc.constantFrom(...MARKUP, ...TEX_PIECES, ...PROSE_PIECES);
const snippet = fc.oneof(piece, fc.array(piece, { minLength: 2, maxLength: 4 }).map((parts) => parts.join(' ')), fc.string({ maxLength: 3 }));
const at = fc.nat({ max: 1_000_000 });
/** Lines that add structure: a declaration, a section heading, a step, a blank line. */
const NEW_LINES = [
  'Let $W \\in \\mathbb{R}^{n\\times d}$ be the weights and $x \\in \\mathbb{R}^d$ an input.', '## §5 Geometric / Statistical Interpretation',
  '### 4.B Step-by-Step Derivation', '**Step 2 (RECONSTRUCTED).** Expand.', '$$\nW x = y\n$$', '', '- $\\theta \\in \\Theta$: the parameters',
];

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: snippet }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), at, length: fc.integer({ min: 1, max: 6 }), text: snippet }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-lines' as const), at, count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-line' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('type' as const), at, text: fc.constantFrom(...PROSE_PIECES, ...TEX_PIECES, '$x$', ' (edited)') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('in-math' as const), at, text: fc.constantFrom(...TEX_PIECES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('in-heading' as const), at, text: fc.constantFrom(' (RECONSTRUCTED)', ' $x$', ' [12:34]', 'x', ' §', ' 4.B') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('in-front-matter' as const), at, text: fc.constantFrom('title: T\n', 'format: lecture\n', 'x', '---\n', ': :\n') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('new-line' as const), at, text: fc.constantFrom(...NEW_LINES) }) },
);

/** The offset of the `at`-th (cyclically) match of `pattern` in `text`, moved by `shift`; undefined when none matches. */
function nth(text: string, pattern: RegExp, at: number, shift: (m: RegExpExecArray) => number): number | undefined {
  const matches = [...text.matchAll(pattern)];
  if (!matches.length) return undefined;
  const m = matches[at % matches.length] as RegExpExecArray;
  return m.index + shift(m);
}

/** Where an edit of a kind goes: after a formula's opening delimiter, at a heading's end, after the front matter's first line, at a line's start. */
function placeOf(text: string, e: Edit): number | undefined {
  switch (e.kind) {
    case 'in-math': return nth(text, /\$\$?|\\\(|\\\[/g, e.at, (m) => m[0].length);
    case 'in-heading': return nth(text, /^#{1,6} .*$/gm, e.at, (m) => m[0].length);
    case 'in-front-matter': return /^---\n/.test(text) ? 4 : undefined;
    case 'new-line': return nth(text, /^/gm, e.at, () => 0);
    default: return e.at % (text.length + 1);
  }
}

function lineBounds(text: string, at: number): [number, number] {
  const offset = at % (text.length + 1);
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return [start, end < 0 ? text.length : end + 1];
}

function applyEdit(text: string, e: Edit): string {
  const offset = e.at % (text.length + 1);
  switch (e.kind) {
    case 'type': return text; // Applied a keystroke at a time by editSequence.
    case 'in-math': case 'in-heading': case 'in-front-matter': case 'new-line': {
      const place = placeOf(text, e);
      if (place === undefined) return text;
      const insert = e.kind === 'new-line' ? `${e.text}\n` : e.text;
      return text.slice(0, place) + insert + text.slice(place);
    }
    case 'insert': return text.slice(0, offset) + e.text + text.slice(offset);
    case 'delete': return text.slice(0, offset) + text.slice(offset + e.length);
    case 'replace': return text.slice(0, offset) + e.text + text.slice(offset + e.length);
    case 'delete-lines': {
      let [start, end] = lineBounds(text, e.at);
      for (let i = 1; i < e.count; i++) end = lineBounds(text, end)[1];
      return text.slice(0, start) + text.slice(end);
    }
    case 'duplicate-line': {
      const [start, end] = lineBounds(text, e.at);
      const line = text.slice(start, end);
      return text.slice(0, end) + (line.endsWith('\n') ? line : '\n' + line) + text.slice(end);
    }
  }
}

// ------------------------------------------------------------ comparison

const LAZY = ['symbols', 'declarations', 'glossary', 'lines', 'paragraphs', 'listItems'] as const;

/**
 * Every field of the model as the plain data a reader sees (the format by its
 * id; the lazy fields read; records by their toJSON, not by the offsets they
 * keep in the text they were found in, which may be an earlier version's).
 */
function modelData(model: NoteModel): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const key of [...Object.keys(model), ...LAZY]) {
    const value = model[key as keyof NoteModel];
    data[key] = key === 'format' ? model.format?.id : key === 'tokens' ? value : JSON.parse(JSON.stringify(value ?? null)) as unknown;
  }
  return data;
}

let edits = 0;
/** How many edits took each path (patch, partial, full), and by kind of edit: the property test must exercise the patch. */
const paths = new Map<string, number>();
const kindPaths = new Map<string, Map<string, number>>();
function countPath(kind: string, path: string): void {
  const counts = kindPaths.get(kind) ?? new Map<string, number>();
  counts.set(path, (counts.get(path) ?? 0) + 1);
  kindPaths.set(kind, counts);
}

/** Analyses `text` from `previous` and checks it against a full parse and lint. */
/** Every rule on (a rule off by default, or for a format, gets the severity it has where it is on): each one's reuse is compared. */
const everyRule = defaultConfig();
for (const rule of allRules) {
  const severities = Object.values(rule.meta.severity);
  if (severities.includes('off')) everyRule.rules[rule.meta.id] = severities.find((s) => s !== 'off') ?? 'warning';
}

function step(text: string, previous: Analysis | undefined, format: string | undefined): Analysis {
  const analysis = analyzeNote(text, { format, keepTokens: true, config: everyRule }, previous);
  const full = parseNote(text, { format, keepTokens: true });
  assert.deepStrictEqual(analysis.model.tokens, full.tokens, 'tokens');
  // The index of top-level blocks the next version's parse starts from.
  const starts = analysis.blocks.tokens.flatMap((t, i) => (t.level === 0 && t.nesting !== -1 && t.map ? [[t.map[0], i]] : []));
  assert.deepStrictEqual(analysis.blocks.blockLines.map((line, k) => [line, analysis.blocks.blockTokens[k]]), starts, 'blocks');
  assert.deepStrictEqual(analysis.diagnostics, lintModel(full, everyRule), 'diagnostics');
  assert.deepStrictEqual(modelData(analysis.model), modelData(full), 'model');
  edits++;
  if (previous) paths.set(analysis.path, (paths.get(analysis.path) ?? 0) + 1);
  return analysis;
}

function editSequence(notes: { name: string; text: string }[], numRuns: number): void {
  const note = fc.nat({ max: notes.length - 1 });
  const format = fc.constantFrom(undefined, undefined, 'lecture', 'deep-pass');
  const property = fc.property(note, format, fc.array(edit, { minLength: 1, maxLength: 8 }), (index, id, list) => {
    let text = notes[index].text;
    let analysis = step(text, undefined, id);
    for (const e of list) {
      if (e.kind === 'type') {
        const place = e.at % (text.length + 1);
        for (let i = 1; i <= e.text.length; i++) {
          analysis = step(text.slice(0, place) + e.text.slice(0, i) + text.slice(place), analysis, id);
          countPath(e.kind, analysis.path);
        }
        text = text.slice(0, place) + e.text + text.slice(place);
        continue;
      }
      text = applyEdit(text, e);
      analysis = step(text, analysis, id);
      countPath(e.kind, analysis.path);
    }
  });
  try {
    fc.assert(property, { seed, path, numRuns });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const replayPath = /path: "([^"]*)"/.exec(message)?.[1];
    throw new Error(`${message}\nReplay: MLNOTES_FUZZ_SEED=${seed}${replayPath ? ` MLNOTES_FUZZ_PATH="${replayPath}"` : ''} node scripts/run-unit.cjs incremental`);
  }
}

describe('incremental analysis: edits that change the blocks before them', () => {
  // Each edit below changes how markdown-it reads a block that ends before the
  // edited line; a parse that restarted at the block right before the edit would differ.
  const cases: [string, string, string][] = [
    ['a table row that stops being one: the paragraph above runs on', 'para\n| a | b |\n|---|---|\n', 'para\n| a | b |\nxxx\n'],
    ['a setext underline typed under a paragraph', 'Title\n\nsome text\nmore\n\nend\n', 'Title\n\nsome text\nmore\n===\nend\n'],
    ['a \\begin above a blank line, closed by the edit', '\\begin{align}\nx &= y\n\nz\n\nw\n', '\\begin{align}\nx &= y\n\nz\n\n\\end{align}\n'],
    ['front matter closed by the edit', '---\n\nformat: lecture\n\n## §1 Concept\n\ntext\n', '---\n\nformat: lecture\n\n---\n\ntext\n'],
    ['a list item that stops continuing', '- item\n\n  more\n\nnext\n', '- item\n\nmore\n\nnext\n'],
  ];
  for (const [name, before, after] of cases) {
    it(name, () => {
      const previous = step(before, undefined, undefined);
      step(after, previous, undefined);
    });
  }

  it('a one-line edit in a long note parses a few lines again, not the note', () => {
    const note = fixtures.filter((f) => f.name.startsWith('clean')).map((f) => f.text).join('\n\n');
    const previous = analyzeNote(note, { keepTokens: true });
    const lines = note.split('\n');
    const middle = lines.findIndex((line, i) => i > lines.length / 2 && line.startsWith('- '));
    lines[middle] += ' and $x_1$';
    const analysis = step(lines.join('\n'), previous, undefined);
    const { from, to } = analysis.blocks.reparsed;
    assert.ok(from <= middle && middle < to, `reparsed ${from}–${to} holds line ${middle}`);
    assert.ok(to - from < 50, `reparsed ${to - from} of ${lines.length} lines`);
    assert.equal(analysis.path, 'patch');
  });

  it('an edit that adds or removes lines patches the model, and what follows moves', () => {
    const note = fixtures.filter((f) => f.name.startsWith('clean')).map((f) => f.text).join('\n\n');
    const previous = step(note, undefined, undefined);
    const lines = note.split('\n');
    const middle = lines.findIndex((line, i) => i > lines.length / 2 && line === '');
    lines.splice(middle, 0, '', 'A new paragraph with $x \\in \\mathbb{R}^d$ and obviously a claim.');
    const added = step(lines.join('\n'), previous, undefined);
    assert.equal(added.path, 'patch');
    lines.splice(middle, 2);
    const removed = step(lines.join('\n'), added, undefined);
    assert.equal(removed.path, 'patch');
  });

  it('a paragraph typed before a heading, in a window that ends with a list of steps, patches the model', () => {
    // The window ends before a heading that is no section heading: its last list item must end where it does in the note.
    const note = fixtures.find((f) => f.name.endsWith('lecture-backprop.md'))!.text;
    const derivation = note.indexOf('### 4.B');
    assert.ok(derivation > 0, 'the fixture has a derivation section');
    const steps = [1, 2, 3].map((n) => `${n}. (RECONSTRUCTED) Step ${n} gives $x_${n} = y_${n}$ (by definition).`).join('\n');
    const body = ['', '#### A subheading', '', steps, '', '#### Another', '', 'Text.', ''].join('\n');
    const at = note.indexOf('\n', derivation) + 1;
    const before = note.slice(0, at) + body + note.slice(at);
    const previous = step(before, undefined, undefined);
    const edited = before.replace('#### A subheading', 'Broken formula: $\\frac{a_1$ here.\n\n#### A subheading');
    assert.equal(step(edited, previous, undefined).path, 'patch');
  });

  it('in a derivation, a window runs from step marker to step marker; a marker the edit changes is read as in a full parse', () => {
    const note = fixtures.find((f) => f.name.endsWith('lecture-backprop.md'))!.text;
    const derivation = note.indexOf('### 4.B');
    const steps = ['Expand the square.', 'Differentiate.', 'Solve for $w$.', 'Check the sign.']
      .map((what, k) => `**Step ${k + 1} (RECONSTRUCTED).** ${what}\n\n$$\na_${k} = b_${k}\n$$\n\n{Rule: definition of $a_${k}$}\n`).join('\n');
    const at = note.indexOf('\n', derivation) + 1;
    const before = `${note.slice(0, at)}\n${steps}\n${note.slice(at)}`;
    const previous = step(before, undefined, undefined);
    const edited = before.replace('Differentiate.', 'Differentiate both sides.');
    const analysis = step(edited, previous, undefined);
    assert.equal(analysis.path, 'patch');
    const window = patchModel(previous.model, edited, analysis.blocks.edit!, analysis.blocks.reparsed, previous.blocks.blockLines, {})!.window;
    const line = (text: string) => edited.split('\n').findIndex((l) => l.startsWith(text));
    assert.deepEqual([window.from, window.to], [line('**Step 1'), line('**Step 3')], 'from the step before the edited one to the next');
    // A marker removed, changed or added, at the window's first line or after it.
    for (const [from, to] of [['**Step 2', '**Stop 2'], ['**Step 3 (', 'Then ('], ['Check the sign.', 'Check the sign.\n\nStep 9: recheck.']]) {
      step(before.replace(from, to), previous, undefined);
    }
  });

  it('a \\label{ or \\eqref{ in prose whose } stands in a later paragraph reads as in a full parse', () => {
    // findEquationRefs reads such a group across blocks: typed at the top, and closed by a } typed further down.
    const note = ['# T', '', 'First paragraph.', '', 'Second paragraph.', '', 'Third } paragraph.', '', 'Last.', ''].join('\n');
    for (const command of ['\\label{', '\\eqref{']) {
      step(note.replace('First', `${command}First`), step(note, undefined, undefined), undefined);
      const open = note.replace('First', `${command}First`).replace('Third } ', 'Third ');
      step(open.replace('Third ', 'Third } '), step(open, undefined, undefined), undefined);
    }
  });

  it('a step after the window keeps the timestamp and marks of a heading inside it when a line is added before that heading', () => {
    const note = fixtures.find((f) => f.name.endsWith('lecture-timestamps.md'))!.text;
    const previous = step(note, undefined, undefined);
    const heading = '\n#### Solving the system [20:00–23:00]';
    assert.ok(note.includes(heading));
    assert.equal(step(note.replace(heading, `\n${heading}`), previous, undefined).path, 'patch');
  });

  it('in a derivation, a step that display math opened is no window end: the edit may make that math join the step before', () => {
    const note = fixtures.find((f) => f.name.endsWith('lecture-backprop.md'))!.text;
    const at = note.indexOf('\n', note.indexOf('### 4.B')) + 1;
    // The second formula opens a step of its own (the step before has math); with the first one prose, it joins that step.
    const body = ['', '#### A case', '', '$$\nL = x\n$$', '', '$$\nL\' = y\n$$', '', '{Rule: definition of $L$}', ''].join('\n');
    const before = note.slice(0, at) + body + note.slice(at);
    const previous = step(before, undefined, undefined);
    const edited = step(before.replace('$$\nL = x\n$$', 'so\nfar no\nmath'), previous, undefined);
    assert.equal(edited.path, 'patch');
  });

  it('window rules run on the window only: their reports elsewhere are the previous run\'s', () => {
    const note = `${fixtures.find((f) => f.name.endsWith('lecture-backprop.md'))!.text}\n\nSome stuff at the end.\n`;
    const config = defaultConfig();
    config.rules['vague-language'] = 'warning';
    const previous = analyzeNote(note, { config });
    const edited = note.replace('reusing the upstream gradient', 'reusing the upstream gradient and stuff');
    const analysis = analyzeNote(edited, { config }, previous);
    assert.equal(analysis.path, 'patch');
    assert.deepStrictEqual(analysis.diagnostics, lintModel(parseNote(edited), config));
    const vague = (a: Analysis) => a.rules.get('vague-language')!.run.reports;
    const line = edited.split('\n').findIndex((l) => l.includes('gradient and stuff'));
    assert.ok(vague(analysis).some((r) => r.range.start.line === line), 'the new word is reported');
    // Reports outside the window are the same objects as before: not found again.
    const kept = vague(analysis).filter((r) => r.range.start.line !== line);
    assert.ok(kept.length > 0 && kept.every((r) => vague(previous).includes(r)));
  });

  it('a version that keeps its tokens (a preview opened) after one that did not', () => {
    const note = fixtures[0].text;
    const previous = analyzeNote(note);
    const edited = note.replace('\n\n', '\n\nA new paragraph with $x$.\n\n');
    step(edited, previous, undefined);
  });

  it('a NUL or a `\\r` typed into a note that had none reads as in a full parse', () => {
    const base = fixtures[0].text;
    const middle = base.length >> 1;
    for (const typed of ['\0', 'a\0b', '\r', '\r\n', 'x']) {
      const previous = step(base, undefined, undefined);
      step(base.slice(0, middle) + typed + base.slice(middle), previous, undefined);
    }
    // A NUL already in the note, and an edit elsewhere.
    const withNul = `${base.slice(0, 10)}\0${base.slice(10)}`;
    step(`${withNul.slice(0, middle)}x${withNul.slice(middle)}`, step(withNul, undefined, undefined), undefined);
  });

  it('lineEdit: the changed lines and the delta of the rest', () => {
    assert.deepEqual(lineEdit('a\nb\nc\n', 'a\nbX\nc\n'), { first: 1, oldEnd: 2, newEnd: 2, offsetDelta: 1 });
    assert.deepEqual(lineEdit('a\nb\nc\n', 'a\nb\nn\nc\n'), { first: 2, oldEnd: 3, newEnd: 4, offsetDelta: 2 });
    assert.deepEqual(lineEdit('a\nb\nc', 'a\nc'), { first: 1, oldEnd: 3, newEnd: 2, offsetDelta: -2 });
  });

  it('lineEdit: the same lines as a character-by-character comparison, on long texts', () => {
    const naive = (a: string, b: string) => {
      let prefix = 0;
      while (prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
      let suffix = 0;
      while (suffix < Math.min(a.length, b.length) - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
      const lines = (text: string) => text.split('\n').length;
      const first = lines(a.slice(0, prefix)) - 1;
      return { first, oldEnd: first + lines(a.slice(prefix, a.length - suffix)), newEnd: first + lines(b.slice(prefix, b.length - suffix)), offsetDelta: b.length - a.length };
    };
    const text = fc.array(fc.constantFrom('a', 'b', '\n', 'xy '), { maxLength: 3000 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, fc.nat(), fc.nat({ max: 40 }), fc.constantFrom('', 'b', '\n', 'a\nb'), (a, at, removed, inserted) => {
      const from = a.length ? at % (a.length + 1) : 0;
      const b = a.slice(0, from) + inserted + a.slice(from + removed);
      assert.deepEqual(lineEdit(a, b), naive(a, b));
    }), { seed: 20261206, numRuns: 500 });
  });
});

describe(`incremental analysis = full parse and lint (seed ${seed})`, function () {
  this.timeout(longRuns === undefined ? 60_000 : 0);
  after(() => {
    console.log(`    (${edits} edits compared; by path: ${[...paths].map(([p, n]) => `${p} ${n}`).join(', ')})`);
    for (const [kind, counts] of kindPaths) console.log(`      ${kind}: ${[...counts].map(([p, n]) => `${p} ${n}`).join(', ')}`);
  });

  it('random edits of the fixture notes', () => {
    assert.ok(fixtures.length >= 10, `expected the fixture notes under ${FIXTURES}`);
    editSequence(fixtures, longRuns ?? 30);
  });

  it('random edits of corpus notes', function () {
    if (corpus.length === 0) {
      console.log(`    (skipped: no corpus under ${SHARED_DIR})`);
      this.skip();
    }
    editSequence(corpus, longRuns === undefined ? 12 : Math.max(1, Math.round(longRuns / 2)));
  });
});

describe('incremental analysis: the texts a model holds', () => {
  // An edit that keeps the lines leaves the records around it as they were, holding the text they were found in.
  it('holds a few versions\' texts at most, wherever the edits fall', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // A lecture note with eight more paragraphs in its first section, each a place to edit.
    const fixture = fixtures.find((f) => f.name.endsWith('lecture-attention.md'))!.text.split('\n');
    const first = fixture.findIndex((line) => line.startsWith('## 1)')) + 1;
    const paragraphs = Array.from({ length: 8 }, (_, k) => ['', `Paragraph ${k}: the map $f_${k}(x) = W_${k} x$ is linear in $x$.`]).flat();
    const note = [...fixture.slice(0, first), ...paragraphs, ...fixture.slice(first)].join('\n');
    const places = Array.from({ length: 8 }, (_, k) => first + 2 * k + 1);
    let text = note;
    let analysis = step(text, undefined, undefined);
    const versions: WeakRef<object>[] = [];
    let patched = 0;
    // Down the note, then up it: each edit's window in a new text, between records of older ones.
    for (const line of [...places, ...places.reverse()]) {
      const lines = text.split('\n');
      lines[line] += ' (edited)';
      text = lines.join('\n');
      analysis = step(text, analysis, undefined);
      if (analysis.path === 'patch') patched++;
      versions.push(new WeakRef(analysis.model.lineStarts)); // A text's Doc holds its line starts.
    }
    assert.equal(patched, 16, 'every edit patched');
    await new Promise((done) => setImmediate(done)); // WeakRef targets made in a job live until it ends.
    gc();
    const alive = versions.filter((version) => version.deref() !== undefined).length;
    assert.ok(alive <= 4, `${alive} of 16 versions' texts are still held`);
  });
});

describe('incremental analysis: section rules read their own sections', () => {
  const note = fixtures.find((f) => f.name.endsWith('lecture-backprop.md'))!.text;
  const SECTION_RULES = ['empty-section', 'one-line-recap', 'required-section'];
  const reused = (analysis: Analysis, previous: Analysis) =>
    SECTION_RULES.filter((id) => analysis.rules.get(id) === previous.rules.get(id));

  it('an edit in one section keeps their previous runs', () => {
    const previous = step(note, undefined, undefined);
    // Not a section's first content line: empty-section reads each section up to its first.
    const edited = note.replace('transposes every weight gradient.', 'transposes every weight gradient (edited).');
    assert.notEqual(edited, note);
    const analysis = step(edited, previous, undefined);
    assert.deepEqual(reused(analysis, previous), SECTION_RULES);
  });

  it('a second sentence typed into the recap runs one-line-recap again, and it reports', () => {
    const previous = step(note, undefined, undefined);
    const edited = note.replace('times the upstream error.', 'times the upstream error. It is cheap.');
    const analysis = step(edited, previous, undefined);
    assert.deepEqual(reused(analysis, previous), ['required-section']);
    assert.ok(analysis.diagnostics.some((d) => d.rule === 'one-line-recap'));
  });

  it('a section emptied by the edit runs empty-section again, and it reports', () => {
    const body = 'The error signal flows backwards along the same edges as the forward activations, scaled at each node by the local derivative; a saturated activation blocks it.';
    const previous = step(note, undefined, undefined);
    const analysis = step(note.replace(body, '<!-- to do -->'), previous, undefined);
    const empty = (a: Analysis) => a.diagnostics.filter((d) => d.rule === 'empty-section').map((d) => d.range.start.line);
    assert.deepEqual(empty(previous), []);
    assert.deepEqual(empty(analysis), [note.split('\n').indexOf('## §5 Geometric / Graphical Intuition')]);
  });
});

describe('lintModel: rule settings while the config changes', () => {
  // Settings are kept between lints; a config changed in place must still take effect.
  const note = fixtures.find((f) => f.name.endsWith('lecture-backprop.md'))!.text;
  const vagueLines = (config: ReturnType<typeof defaultConfig>) =>
    lintModel(parseNote(note), config).filter((d) => d.rule === 'vague-language').length;

  it('a config changed in place between lints: severity, options and shared word lists', () => {
    const config = defaultConfig();
    config.rules['vague-language'] = 'warning';
    const before = vagueLines(config);
    config.vagueWords.push('gradient');
    const withWord = vagueLines(config);
    assert.ok(withWord > before, `${withWord} > ${before}`);
    config.vagueWords.pop();
    assert.equal(vagueLines(config), before);
    config.rules['vague-language'] = 'off';
    assert.equal(vagueLines(config), 0);
    const setting = { severity: 'warning' as const, words: ['gradient'] };
    config.rules['vague-language'] = setting;
    const flagged = () => lintModel(parseNote(note), config).filter((d) => d.rule === 'vague-language').map((d) => note.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character).toLowerCase());
    assert.ok(flagged().length > 0 && flagged().every((word) => word === 'gradient'));
    setting.words[0] = 'activation';
    assert.ok(flagged().length > 0 && flagged().every((word) => word === 'activation'));
  });
});
