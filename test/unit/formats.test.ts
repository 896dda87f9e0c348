import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  builtinFormats, formatErrorText, jsonPath, loadFormat, loadFormatText, resolveFormats,
} from '../../src/core/formats/index';
import type { NoteFormat } from '../../src/core/formats/types';
import { defaultConfig } from '../../src/core/config';
import { resolveRuleSettings } from '../../src/core/lint';
import { ruleById } from '../../src/core/rules/index';

const defaultSeverity = (id: string, format: NoteFormat) => resolveRuleSettings(ruleById(id)!, format, defaultConfig()).severity;

// The section headings of the two prompts the formats come from (seeds/*.md), copied verbatim.
const SEED_HEADINGS: Record<string, string[]> = {
  'deep-pass': [
    '### 1) Concept + Intuition + Geometric View (merged)',
    '### 2) Notation & Objects (complete glossary)',
    '### 3) Assumptions, Constraints, Conditions',
    '### 4) Full Derivation (step-by-step, numbered)',
    '### 5) Geometric / Statistical Interpretation',
    '### 6) Mistakes, Edge Cases, Pathologies',
    '### 7) Summary of Key Results (boxed)',
    '### 8) Appendix (optional)',
  ],
  lecture: [
    '### 0) Metadata',
    '### 1) Concept & Intuition (3–6 bullets)',
    '### 2) Notation & Objects (Complete Glossary)',
    '### 3) Assumptions, Constraints & Conditions',
    '### 4) Derivation Protocol (Line-by-Line)',
    '#### 4.A Definitions (VERBATIM/RECONSTRUCTED)',
    '#### 4.B Step-by-Step Derivation (Numbered)',
    '#### 4.C Intermediate Checks',
    '#### 4.D Identities Used (with References)',
    '#### 4.E Final Result (Boxed)',
    '### 5) Geometric / Graphical Intuition',
    '### 6) Implementation Insights',
    '### 7) Key Insights / Common Mistakes',
    '### 8) One-Line Recap',
    '### 9) Appendix (Optional)',
  ],
};
const seedHeadings = (id: string): string[] => SEED_HEADINGS[id];

function minimalFormat(): Record<string, unknown> {
  return {
    id: 'paper',
    name: 'Paper summary',
    sections: [
      { number: '1', title: 'Claim', role: 'concept' },
      { number: '2', title: 'Notation', role: 'glossary' },
      { number: '3', title: 'Proof', role: 'derivation', required: false },
    ],
  };
}

function errorsOf(json: unknown) {
  const result = loadFormat(json, 'custom.mlnotes-format.json');
  assert.ok('errors' in result, 'expected the format to be rejected');
  return result.errors;
}

describe('note formats', () => {
  describe('built-ins', () => {
    for (const format of builtinFormats) {
      it(`${format.id} validates against schemas/note-format.schema.json`, () => {
        const raw: unknown = JSON.parse(readFileSync(`src/core/formats/${format.id}.json`, 'utf8'));
        const result = loadFormat(raw, `${format.id}.json`);
        assert.deepEqual('errors' in result ? result.errors : [], []);
      });
    }

    it('deep-pass has sections 1-8 with the seed titles, 8 optional', () => {
      const deepPass = builtinFormats.find((f) => f.id === 'deep-pass')!;
      assert.deepEqual(deepPass.sections.map((s) => s.number), ['1', '2', '3', '4', '5', '6', '7', '8']);
      assert.deepEqual(deepPass.sections.filter((s) => !s.required).map((s) => s.number), ['8']);
      const headings = seedHeadings('deep-pass');
      deepPass.sections.forEach((s, i) => assert.ok(headings[i].includes(` ${s.title}`) && headings[i].includes(` ${s.number}`), `${headings[i]} vs ${s.number} ${s.title}`));
      assert.equal(deepPass.sections.find((s) => s.role === 'derivation')?.number, '4');
      assert.equal(deepPass.sections.find((s) => s.role === 'result')?.number, '7');
      assert.equal(defaultSeverity('step-label', deepPass), 'off');
      assert.equal(defaultSeverity('no-code', deepPass), 'warning');
    });

    it('lecture has 0-8, 4.A-4.E and an optional 9 with the seed titles', () => {
      const lecture = builtinFormats.find((f) => f.id === 'lecture')!;
      assert.deepEqual(lecture.sections.map((s) => s.number),
        ['0', '1', '2', '3', '4', '4.A', '4.B', '4.C', '4.D', '4.E', '5', '6', '7', '8', '9']);
      assert.deepEqual(lecture.sections.filter((s) => !s.required).map((s) => s.number), ['9']);
      const headings = seedHeadings('lecture');
      lecture.sections.forEach((s, i) => assert.ok(headings[i].includes(` ${s.title}`) && headings[i].includes(` ${s.number}`), `${headings[i]} vs ${s.number} ${s.title}`));
      const roles = Object.fromEntries(lecture.sections.map((s) => [s.number, s.role]));
      assert.deepEqual(
        [roles['0'], roles['1'], roles['2'], roles['4.A'], roles['4.B'], roles['4.D'], roles['4.E'], roles['8']],
        ['metadata', 'concept', 'glossary', 'definitions', 'derivation', 'identities', 'result', 'recap']);
      assert.equal(defaultSeverity('step-label', lecture), 'warning');
      assert.equal(defaultSeverity('no-code', lecture), 'off');
    });
  });

  describe('loadFormat', () => {
    it('explains a rule setting of the wrong type', () => {
      const input = minimalFormat();
      input.rules = { 'no-code': 3 };
      assert.deepEqual(errorsOf(input), [{ path: '$.rules["no-code"]', message: 'must be a severity ("error", "warning", "info", "off") or an options object' }]);
    });

    it('accepts a minimal custom format and fills in defaults', () => {
      const input = minimalFormat();
      const result = loadFormat(input, 'paper.mlnotes-format.json');
      assert.ok('format' in result);
      const format: NoteFormat = result.format;
      assert.deepEqual(format.sections[0].aliases, []);
      assert.equal(format.sections[0].required, true);
      assert.equal(format.sections[2].required, false);
      assert.deepEqual(format.rules, {});
      assert.equal((input.sections as Record<string, unknown>[])[0].aliases, undefined, 'input not mutated');
    });

    it('names the JSON path of a bad role, with the allowed values', () => {
      const input = minimalFormat();
      (input.sections as Record<string, unknown>[])[1].role = 'glosary';
      const [error, ...rest] = errorsOf(input);
      assert.deepEqual(rest, []);
      assert.equal(error.path, '$.sections[1].role');
      assert.match(error.message, /must be one of .*"glossary"/);
    });

    it('names a missing property, an unknown one, and a bad severity', () => {
      const input = minimalFormat();
      delete (input.sections as Record<string, unknown>[])[0].title;
      (input.sections as Record<string, unknown>[])[2].titel = 'Proof';
      input.rules = { 'step-rule': 'warn', 'symbol-shape': { severity: 'loud' }, Bad_Rule: 'off', 'no-code': 3 };
      const paths = errorsOf(input).map((e) => e.path).sort();
      assert.deepEqual(paths, [
        '$.rules.Bad_Rule',
        '$.rules["no-code"]',
        '$.rules["step-rule"]',
        '$.rules["symbol-shape"].severity',
        '$.sections[0].title',
        '$.sections[2].titel',
      ]);
    });

    it('rejects a bad section number, a repeated number, and a non-object', () => {
      const input = minimalFormat();
      (input.sections as Record<string, unknown>[])[0].number = 'one';
      assert.deepEqual(errorsOf(input).map((e) => e.path), ['$.sections[0].number']);
      const repeated = minimalFormat();
      (repeated.sections as Record<string, unknown>[])[2].number = '1';
      const [error] = errorsOf(repeated);
      assert.equal(error.path, '$.sections[2].number');
      assert.match(error.message, /repeats section number "1" of \$\.sections\[0\]/);
      assert.deepEqual(errorsOf(['not', 'a', 'format']).map((e) => e.path), ['$']);
      assert.deepEqual(errorsOf(undefined).map((e) => e.path), ['$']);
    });

    it('reports a JSON syntax error with line and column', () => {
      const result = loadFormatText('{\n  "id": "x",\n  "name": \n}', 'x.mlnotes-format.json');
      assert.ok('errors' in result);
      assert.equal(result.errors[0].path, '$');
      assert.match(result.errors[0].message, /line 4, column 1/);
      const ok = loadFormatText('// comment\n' + JSON.stringify(minimalFormat()) + '\n', 'p.json');
      assert.ok('format' in ok);
    });

    it('turns JSON pointers into JSON paths', () => {
      assert.equal(jsonPath(''), '$');
      assert.equal(jsonPath('/sections/0/title'), '$.sections[0].title');
      assert.equal(jsonPath('/rules/a~1b'), '$.rules["a/b"]');
    });
  });

  describe('resolveFormats', () => {
    it('skips an invalid custom format and keeps the built-ins and the valid ones', () => {
      const bad = minimalFormat();
      bad.id = 'Bad Id';
      const { formats, errors } = resolveFormats(builtinFormats, [
        { json: bad, source: 'bad.mlnotes-format.json' },
        { json: minimalFormat(), source: 'paper.mlnotes-format.json' },
      ]);
      assert.deepEqual(formats.map((f) => f.id), ['deep-pass', 'lecture', 'paper']);
      assert.equal(errors.length, 1);
      assert.equal(formatErrorText(errors[0]), 'bad.mlnotes-format.json: $.id: must match pattern "^[a-z0-9][a-z0-9-]*$"');
    });

    it('rejects a custom format that reuses an id', () => {
      const clash = minimalFormat();
      clash.id = 'lecture';
      const { formats, errors } = resolveFormats(builtinFormats, [{ json: clash, source: 'mine.json' }]);
      assert.equal(formats.length, 2);
      assert.equal(formats[1], builtinFormats[1]);
      assert.deepEqual(errors, [{ source: 'mine.json', path: '$.id', message: 'format id "lecture" is already in use' }]);
    });
  });
});
