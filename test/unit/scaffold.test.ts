import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinFormats } from '../../src/core/formats/index';
import { lintText } from '../../src/core/lint';
import { buildSnippetFile, snippetFileText } from '../../src/core/formats/snippets';
import type { NoteFormat } from '../../src/core/formats/types';
import {
  escapeSnippet, renderSnippet, scaffoldParts, scaffoldSnippet, scaffoldText, sectionHeading,
} from '../../src/core/scaffold';

const deepPass = builtinFormats.find((f) => f.id === 'deep-pass')!;
const lecture = builtinFormats.find((f) => f.id === 'lecture')!;

/**
 * Expands a snippet the way VS Code does for the syntax we emit: escapes
 * (`\$`, `\}`, `\\`, and `\,` `\|` in choices), `${n:default}`, `${n|a,b|}`,
 * `${n}` / `$n` mirrors, `$0` and the CURRENT_* date variables. Returns the
 * text and the tab stops in the order they were met.
 */
function expand(snippet: string, date = '2026-01-02'): { text: string; stops: number[] } {
  const stops: number[] = [];
  const values = new Map<number, string>();
  let i = 0;
  const vars: Record<string, string> = { CURRENT_YEAR: date.slice(0, 4), CURRENT_MONTH: date.slice(5, 7), CURRENT_DATE: date.slice(8, 10) };

  function parse(until: string): string {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (until.includes(c)) return out;
      if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) { out += snippet[i + 1]; i += 2; continue; }
      if (c === '$') { out += dollar(); continue; }
      out += c; i++;
    }
    if (until) throw new Error(`unterminated placeholder, expected one of ${until}`);
    return out;
  }

  function dollar(): string {
    const rest = snippet.slice(i);
    let m = /^\$(\d+)/.exec(rest);
    if (m) { i += m[0].length; return stop(Number(m[1]), undefined); }
    m = /^\$([A-Z_]+)/.exec(rest);
    if (m && m[1] in vars) { i += m[0].length; return vars[m[1]]; }
    m = /^\$\{(\d+)/.exec(rest);
    if (!m) throw new Error(`bare $ at ${i}: ${rest.slice(0, 20)}`);
    i += m[0].length;
    const n = Number(m[1]);
    if (snippet[i] === '}') { i++; return stop(n, undefined); }
    if (snippet[i] === ':') { i++; const value = parse('}'); i++; return stop(n, value); }
    if (snippet[i] === '|') {
      i++;
      const options: string[] = [];
      let current = '';
      while (snippet.slice(i, i + 2) !== '|}') {
        if (snippet[i] === '\\' && '$}\\,|'.includes(snippet[i + 1])) { current += snippet[i + 1]; i += 2; continue; }
        if (snippet[i] === ',') { options.push(current); current = ''; i++; continue; }
        current += snippet[i++];
      }
      options.push(current);
      i += 2;
      return stop(n, options[0]);
    }
    throw new Error(`bad placeholder at ${i}`);
  }

  function stop(n: number, value: string | undefined): string {
    if (value !== undefined && !values.has(n)) { values.set(n, value); stops.push(n); }
    return values.get(n) ?? '';
  }

  return { text: parse(''), stops };
}

function headings(text: string): string[] {
  return text.split('\n').filter((line) => /^#{2,3} /.test(line));
}

describe('scaffolds', () => {
  for (const format of builtinFormats) {
    describe(format.id, () => {
      it('the text has every section heading of the format, in order', () => {
        const text = scaffoldText(format, { topic: 'Ridge regression', date: '2026-03-04' });
        assert.deepEqual(headings(text), format.sections.map(sectionHeading));
      });

      it('the snippet expands to exactly the plain text', () => {
        const { text } = expand(scaffoldSnippet(format));
        assert.equal(text, scaffoldText(format, { date: '2026-01-02' }));
      });

      it('tab stops run 1, 2, 3, … through every placeholder of every section', () => {
        const { stops } = expand(scaffoldSnippet(format, { topic: 'PCA' }));
        assert.deepEqual(stops, stops.map((_, k) => k + 1));
        const placeholders = scaffoldParts(format, { topic: 'PCA' }).filter((p) => typeof p !== 'string' && !('date' in p));
        assert.equal(stops.length, placeholders.length);
        // Every section body holds at least one tab stop.
        const snippet = scaffoldSnippet(format, { topic: 'PCA' });
        const bodies = snippet.split(/\n#{2,3} .*\n/).slice(1);
        assert.equal(bodies.length, format.sections.length);
        bodies.forEach((body, k) => assert.match(body, /\$\{\d+[:|]/, `section ${format.sections[k].number} has no tab stop`));
      });
    });
  }

  it('lecture: 0-8 with 4.A-4.E and the optional 9, in order', () => {
    const text = scaffoldText(lecture, { topic: 'SVM' });
    assert.deepEqual(headings(text).map((h) => /^#+ ([0-9.A-E]+)/.exec(h)![1]),
      ['0', '1', '2', '3', '4', '4.A', '4.B', '4.C', '4.D', '4.E', '5', '6', '7', '8', '9']);
    assert.deepEqual(headings(scaffoldText(lecture, { includeOptional: false })).map((h) => /^#+ ([0-9.A-E]+)/.exec(h)![1]).slice(-2), ['7', '8']);
  });

  it('writes front matter with format, title and date, or none', () => {
    const text = scaffoldText(lecture, { topic: 'Logistic "regression"', date: '2026-03-04' });
    assert.ok(text.startsWith('---\nformat: lecture\ntitle: "Logistic \\"regression\\""\ndate: 2026-03-04\n---\n\n# Logistic "regression"\n'));
    assert.ok(scaffoldText(lecture, { topic: 'X', frontMatter: false }).startsWith('# X\n'));
  });

  it('the topic is the first tab stop when not given, mirrored in the title', () => {
    const snippet = scaffoldSnippet(deepPass);
    assert.ok(snippet.startsWith('---\nformat: deep-pass\ntitle: "${1:Topic}"\ndate: $CURRENT_YEAR-$CURRENT_MONTH-$CURRENT_DATE\n---\n\n# ${1}\n'));
  });

  it('a topic with snippet syntax in it comes out verbatim', () => {
    const topic = 'Cost $J$ of {w} \\in R^{d} and ${1:x}';
    const { text } = expand(scaffoldSnippet(deepPass, { topic, frontMatter: false }));
    assert.ok(text.startsWith(`# ${topic}\n`));
  });

  it('labels steps only where the format turns step-label on', () => {
    assert.match(scaffoldText(lecture), /\*\*Step 1\.\*\* \(VERBATIM\)/);
    assert.doesNotMatch(scaffoldText(deepPass), /VERBATIM/);
    assert.match(scaffoldText(deepPass), /\{Rule: gradient of a quadratic form\}/);
    assert.match(scaffoldText(lecture), /\\boxed\{/);
  });

  it('offers a timestamp placeholder on steps only where the format has a metadata section and turns timestamp on', () => {
    assert.match(scaffoldText(lecture), /Equation \(1\) \(VERBATIM\) \[00:00\]: Define/);
    assert.match(scaffoldText(lecture), /\*\*Step 1\.\*\* \(VERBATIM\) \[00:00\] /);
    assert.doesNotMatch(scaffoldText(deepPass), /\[00:00\]/);
  });

  it('builds a scaffold for a custom format from its data alone', () => {
    const custom: NoteFormat = {
      id: 'paper', name: 'Paper', rules: {},
      sections: [
        { number: '1', title: 'Claim', aliases: [], required: true, role: 'none', placeholder: 'The claim.' },
        { number: '1.1', title: 'Proof', aliases: [], required: true, role: 'derivation' },
      ],
    };
    const text = scaffoldText(custom, { topic: 'T', frontMatter: false });
    assert.deepEqual(headings(text), ['## 1) Claim', '### 1.1 Proof']);
    assert.match(text, /The claim\./);
    assert.match(text, /\*\*Step 1\.\*\* \(VERBATIM\) Define the objective/);
  });

  it('escapes only what the snippet syntax needs', () => {
    assert.equal(escapeSnippet('\\mathbb{R}'), '\\mathbb{R}');
    // `\\ y\` (a TeX line break, then a trailing backslash): only the backslashes that would escape are doubled.
    assert.equal(escapeSnippet('$x$ \\\\ y\\'), '\\$x\\$ \\\\\\ y\\\\');
    for (const tricky of ['$x$ \\\\ y\\', '\\}', '\\$', '\\\\\\', 'a}b\\']) {
      assert.equal(expand(renderSnippet([tricky, { field: tricky }])).text, tricky + tricky);
    }
    assert.equal(escapeSnippet('a}b'), 'a}b');
    assert.equal(escapeSnippet('a}b', 'placeholder'), 'a\\}b');
    assert.equal(escapeSnippet('a,b|c', 'choice'), 'a\\,b\\|c');
    assert.equal(renderSnippet(['\\', { field: 'x' }]), '\\\\${1:x}$0');
    assert.equal(expand(renderSnippet(['\\', { field: 'x' }])).text, '\\x');
  });
});

describe('scaffolds against the linter', () => {
  // A new note must start structurally clean: the only findings are placeholders the author has to replace.
  it('deep-pass: no diagnostic at all', () => {
    const { model, diagnostics } = lintText(scaffoldText(deepPass, { topic: 'Ridge regression' }));
    assert.equal(model.format?.id, 'deep-pass');
    assert.deepEqual(diagnostics.map((d) => `${d.rule}: ${d.message}`), []);
  });

  it('lecture: no diagnostic at all, also once the placeholders are filled in', () => {
    const text = scaffoldText(lecture, { topic: 'Ridge regression' });
    const { model, diagnostics } = lintText(text);
    assert.equal(model.format?.id, 'lecture');
    assert.deepEqual(diagnostics.map((d) => `${d.rule}: ${d.message}`), []);
    const filled = text.replace('https://example.org/lecture, 00:00–00:00', '<https://example.org/lecture-3>, 12:30–47:05');
    assert.notEqual(filled, text);
    assert.deepEqual(lintText(filled).diagnostics.map((d) => `${d.rule}: ${d.message}`), []);
  });

  it('lecture with the ml-claim snippet after its first step: no diagnostic, and the timestamps are read', () => {
    const claim = expand(buildSnippetFile(builtinFormats)['Lecturer claim'].body.join('\n')).text;
    const text = scaffoldText(lecture, { topic: 'Ridge regression' }).replace('### 4.C', () => `${claim}\n\n### 4.C`);
    const { model, diagnostics } = lintText(text);
    assert.deepEqual(diagnostics.map((d) => `${d.rule}: ${d.message}`), []);
    assert.deepEqual(model.steps.map((s) => [s.number, s.timestamp?.start]), [['1', 0], ['1', 0], ['2', 0], ['2a', undefined]]);
  });
});

describe('snippets/markdown.json', () => {
  it('equals the output of scripts/gen-snippets.ts (run `npm run gen:snippets` after changing a format)', () => {
    assert.equal(readFileSync('snippets/markdown.json', 'utf8'), snippetFileText(builtinFormats));
  });

  it('has both full scaffolds and every part snippet, each expanding cleanly', () => {
    const file = buildSnippetFile(builtinFormats);
    assert.deepEqual(Object.values(file).map((s) => s.prefix),
      ['ml-deep-pass', 'ml-lecture', 'ml-step', 'ml-claim', 'ml-glossary', 'ml-label', 'ml-boxed', 'ml-identity', 'ml-aligned']);
    const text = (prefix: string) => expand(Object.values(file).find((s) => s.prefix === prefix)!.body.join('\n')).text;
    assert.equal(text('ml-glossary'), '- $X\\in\\mathbb{R}^{n\\times d}$: meaning');
    assert.equal(text('ml-label'), '(VERBATIM)');
    assert.match(text('ml-step'), /^\*\*Step 1\.\*\* \(VERBATIM\) \[00:00\] .*\n\n\$\$\n.* = .*\n\$\$\n\n\{Rule: .+\}$/);
    assert.match(text('ml-claim'), /^\*\*Step 2 \(LECTURER CLAIM\)\.\*\* \[00:00\] [^]*\n\*\*Step 2a \(RECONSTRUCTED\)\.\*\* Correction: [^]*\{Rule: .+\}$/);
    assert.match(text('ml-boxed'), /^\$\$\n\\boxed\{.+\}\n\$\$$/);
    assert.match(text('ml-identity'), /^- \$.+=.+\$ \(reference\)$/);
    const aligned = text('ml-aligned');
    assert.match(aligned, /\\begin\{aligned\}\n.*&= .*&& \\text\{\(.+\)\} \\\\\n.*&= .*&& \\text\{\(.+\)\}\n\\end\{aligned\}\n\\tag\{1\}/);
    const labelBody = Object.values(file).find((s) => s.prefix === 'ml-label')!.body.join('\n');
    assert.equal(labelBody, '(${1|VERBATIM,RECONSTRUCTED,ASSUMPTION,GAP,LECTURER CLAIM|})$0');
  });
});
