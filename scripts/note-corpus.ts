// The note corpora of the bench (issue 15): lint on a note runs every rule,
// where the study sheet alone (no format) runs four. Three texts:
// - the study sheet read as a lecture note (front matter `format: lecture`),
// - the same ten times over (one front matter),
// - a ~200 KB model-style lecture note built from the clean lecture fixtures:
//   one header and one set of sections, the glossaries merged, and §4.A/§4.B
//   grown from the fixtures' own definitions and steps, repeated until the
//   size is reached, with step and equation numbers renumbered to run on
//   through the note and labels made unique, so it stays a mostly clean note.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseNote } from '../src/core/parse/index';
import type { NoteModel, Section } from '../src/core/model';
import type { Range } from '../src/core/types';

export const FIXTURES_DIR = resolve(__dirname, '../test/fixtures/notes/clean');
/** The fixture whose header, metadata and closing sections the model-style note keeps. */
const BASE_FIXTURE = 'lecture-attention.md';
/**
 * Left out: kernel ridge's weights live in R^p where ridge's minimiser is
 * declared in R^d; in one note with one glossary that is a real shape
 * mismatch at each of its steps.
 */
const LEFT_OUT = new Set(['lecture-kernel-ridge.md']);
export const MODEL_NOTE_BYTES = 200 * 1024;

export interface NoteCorpus { label: string; text: string }

/** `text` with front matter that makes it a note of `format`. */
export function asNote(text: string, format = 'lecture'): string {
  return `---\nformat: ${format}\n---\n\n${text}`;
}

/** The study sheet as a note, its 10× copy (one front matter), and the model-style note. */
export function noteCorpora(sheet: string, modelNote = modelStyleNote()): NoteCorpus[] {
  return [
    { label: 'study sheet as a note, 1×', text: asNote(sheet) },
    { label: 'study sheet as a note, 10×', text: asNote(Array(10).fill(sheet).join('\n\n')) },
    { label: `model-style note ${Math.round(Buffer.byteLength(modelNote) / 1024)} KB`, text: modelNote },
  ];
}

interface Fixture { name: string; text: string; model: NoteModel }

function lectureFixtures(dir: string): Fixture[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('lecture-') && name.endsWith('.md') && !LEFT_OUT.has(name))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, model: parseNote(text) };
    });
}

function sectionOf(model: NoteModel, number: string): Section {
  const section = model.sections.find((s) => s.spec.number === number);
  if (!section) throw new Error(`fixture has no section ${number}`);
  return section;
}

/** Offsets of a section's content (after its heading, up to the next section's heading). */
function contentSpan(fixture: Fixture, section: Section): { start: number; end: number } {
  const starts = fixture.model.lineStarts;
  const at = (line: number) => (line < starts.length ? starts[line] : fixture.text.length);
  return { start: at(section.contentStart), end: at(section.end) };
}

interface Edit { start: number; end: number; text: string }

/**
 * Renumbers one fixture's derivation sections and makes its labels unique
 * (`suffix`): each section's numbers are assigned in step order, then its
 * remaining tags.
 */
class Renumbering {
  private readonly maps: Map<string, string>[] = [];
  private readonly edits: Edit[] = [];

  constructor(private readonly fixture: Fixture, private readonly suffix: string) {}

  private offset(position: Range['start']): number {
    return this.fixture.model.lineStarts[position.line] + position.character;
  }

  private edit(range: Range, text: string): void {
    this.edits.push({ start: this.offset(range.start), end: this.offset(range.end), text });
  }

  private source(range: Range): string {
    return this.fixture.text.slice(this.offset(range.start), this.offset(range.end));
  }

  private lookup(number: string): string | undefined {
    for (const map of this.maps) if (map.has(number)) return map.get(number);
    return undefined;
  }

  /** Gives the section's steps and tags new numbers from `next` (call in document order of the sections). */
  number(section: Section, next: () => number): void {
    const { start, end } = contentSpan(this.fixture, section);
    const inside = (range: Range) => this.offset(range.start) >= start && this.offset(range.end) <= end;
    const map = new Map<string, string>();
    this.maps.unshift(map);
    const assign = (old: string) => {
      if (!map.has(old)) map.set(old, String(next()));
      return map.get(old)!;
    };
    const { model } = this.fixture;
    for (const step of model.steps) {
      if (step.number === undefined || !step.numberRange || !inside(step.range)) continue;
      const number = assign(step.number);
      // A tag that numbers its step is rewritten with the other tags below.
      if (step.numberSource !== 'tag') this.edit(step.numberRange, this.source(step.numberRange).replace(step.number, number));
    }
    for (const tag of model.tags) {
      if (inside(tag.range)) this.edit(tag.range, `\\tag{${assign(tag.tag)}}`);
    }
    for (const label of model.labels) {
      if (inside(label.range)) this.edit(label.range, `\\label{${label.name}${this.suffix}}`);
    }
    for (const ref of model.references) {
      if (ref.kind !== 'prose' && inside(ref.range)) this.edit(ref.range, `\\${ref.kind}{${ref.name}${this.suffix}}`);
    }
  }

  /** The section's text with the new numbers; "Eq. (k)" in prose and in math follows its equation. */
  text(section: Section): string {
    const { start, end } = contentSpan(this.fixture, section);
    const edits = this.edits.filter((e) => e.start >= start && e.end <= end);
    const taken = (from: number, to: number) => edits.some((e) => e.start < to && from < e.end);
    const REF = /(?<![A-Za-z])(Eq(?:s|ns?|uations?)?\.?\s*\(\s*)(\d+)(\s*\))/g;
    for (let m = REF.exec(this.fixture.text); m; m = REF.exec(this.fixture.text)) {
      if (m.index < start || m.index + m[0].length > end || taken(m.index, m.index + m[0].length)) continue;
      const number = this.lookup(m[2]);
      if (number !== undefined) edits.push({ start: m.index, end: m.index + m[0].length, text: `${m[1]}${number}${m[3]}` });
    }
    edits.sort((a, b) => a.start - b.start);
    let out = '';
    let at = start;
    for (const e of edits) {
      out += this.fixture.text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return (out + this.fixture.text.slice(at, end)).trim();
  }
}

/** The glossary entries of every fixture: one table (rows deduplicated) and one list. */
function mergedGlossary(fixtures: Fixture[]): string {
  let header: string[] | undefined;
  const rows = new Set<string>();
  const items = new Set<string>();
  for (const fixture of fixtures) {
    const { start, end } = contentSpan(fixture, sectionOf(fixture.model, '2'));
    const lines = fixture.text.slice(start, end).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trimEnd();
      if (line.startsWith('|') && /^\|[\s|:-]+\|$/.test(lines[i + 1]?.trim() ?? '')) {
        header ??= [line, lines[i + 1].trim()];
        i++;
      } else if (line.startsWith('|')) rows.add(line);
      else if (/^[-*+] /.test(line)) items.add(line);
    }
  }
  const table = header ? [...header, ...rows].join('\n') : '';
  return [table, [...items].join('\n')].filter(Boolean).join('\n\n');
}

/** The base fixture's text from the start of one section's heading to the start of another's (or the end). */
function baseSlice(base: Fixture, from: string, to?: string): string {
  const starts = base.model.lineStarts;
  const start = starts[sectionOf(base.model, from).heading.line];
  const end = to === undefined ? base.text.length : starts[sectionOf(base.model, to).heading.line];
  return base.text.slice(start, end).trim();
}

function headingLine(base: Fixture, number: string): string {
  return base.model.lines[sectionOf(base.model, number).heading.line];
}

interface Round { definitions: string[]; steps: string[]; defined: number; numbered: number; bytes: number }

/** One round of every fixture's §4.A and §4.B, numbered from `firstDefinition` and `firstStep`. */
function buildRound(fixtures: Fixture[], round: number, firstDefinition: number, firstStep: number): Round {
  let definition = firstDefinition;
  let step = firstStep;
  const definitions: string[] = [];
  const steps: string[] = [];
  for (const [i, fixture] of fixtures.entries()) {
    const a = sectionOf(fixture.model, '4.A');
    const b = sectionOf(fixture.model, '4.B');
    const renumbering = new Renumbering(fixture, `-${round}.${i + 1}`);
    renumbering.number(a, () => definition++);
    renumbering.number(b, () => step++);
    // A heading per lecture ends the last step of the one before (a step led by a marker owns the display math after it).
    const name = fixture.model.frontMatter?.data.title ?? fixture.model.headings[0].text;
    const title = `#### ${String(name)}${round > 1 ? ` (pass ${round})` : ''}`;
    definitions.push(`${title}\n\n${renumbering.text(a)}`);
    steps.push(`${title}\n\n${renumbering.text(b)}`);
  }
  const bytes = [...definitions, ...steps].reduce((sum, part) => sum + Buffer.byteLength(part) + 2, 0);
  return { definitions, steps, defined: definition - firstDefinition, numbered: step - firstStep, bytes };
}

/**
 * A lecture note of about `bytes` (at least one round of every fixture):
 * the base fixture's header and sections, the glossary of every fixture, and
 * §4.A/§4.B made of rounds of every fixture's definitions and steps; all of
 * §4.A is numbered before §4.B, whose numbers continue from it.
 */
export function modelStyleNote(bytes = MODEL_NOTE_BYTES, dir = FIXTURES_DIR): string {
  const fixtures = lectureFixtures(dir);
  const base = fixtures.find((f) => f.name === BASE_FIXTURE) ?? fixtures[0];
  const head = base.text.slice(0, base.model.lineStarts[sectionOf(base.model, '2').heading.line]).trim();
  const parts = [head, headingLine(base, '2'), mergedGlossary(fixtures), baseSlice(base, '3', '4.A'), baseSlice(base, '4.C')];
  const fixed = parts.reduce((sum, part) => sum + Buffer.byteLength(part) + 2, 0);
  const sample = buildRound(fixtures, 1, 1, 1);
  const count = Math.max(1, Math.round((bytes - fixed) / sample.bytes));
  const rounds: Round[] = [];
  for (let i = 0; i < count; i++) {
    rounds.push(buildRound(fixtures, i + 1, 1 + i * sample.defined, 1 + count * sample.defined + i * sample.numbered));
  }
  return [
    ...parts.slice(0, 4),
    headingLine(base, '4.A'),
    rounds.flatMap((r) => r.definitions).join('\n\n'),
    headingLine(base, '4.B'),
    rounds.flatMap((r) => r.steps).join('\n\n'),
    parts[4],
  ].join('\n\n') + '\n';
}
