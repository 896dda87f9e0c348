/**
 * step-number: a derivation step with no number, or a gap or repeat in the
 * numbering (NOTE-SPEC §3). Numbers come from a step marker, else an
 * ordered-list number, else `\tag{k}`. Within a derivation the numbers run
 * k, k+1, …; a later derivation section may restart at 1 or continue; sub-steps
 * (`3a`, `3.1`) share their step's number.
 */
import type { Rule } from '../types';
import type { Range } from '../types';
import type { Step } from '../model';

interface Parsed { main: number; sub: boolean; text: string }

function parseNumber(text: string): Parsed | undefined {
  const m = /^(\d+)([a-z]|(?:\.\d+)+)?$/i.exec(text.trim());
  return m ? { main: Number(m[1]), sub: m[2] !== undefined, text: text.trim() } : undefined;
}

const rule: Rule = {
  meta: {
    id: 'step-number',
    description: 'A derivation step has no number, or the numbering has a gap or a repeat.',
    severity: { default: 'warning' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      missing: 'Step has no number (write "Step k", "Equation (k)", "(k)", an ordered list item, or \\tag{k}).',
      gap: 'Step {{number}} follows step {{previous}}: {{expected}} is missing.',
      badStart: 'The derivation starts at step {{number}}; expected 1{{alternative}}.',
      repeat: 'Step number {{number}} is used twice (first at line {{line}}).',
      order: 'Step {{number}} comes after step {{previous}}.',
    },
  },
  check(context) {
    const { model } = context;
    let previous: Parsed | undefined;
    let previousSection = -1;
    let lastOfEarlier: Parsed | undefined;
    let seen = new Map<string, number>();
    for (const step of model.steps) {
      if (step.section !== previousSection) {
        lastOfEarlier = previous ?? lastOfEarlier;
        previous = undefined;
        previousSection = step.section;
      }
      if (step.number === undefined) {
        context.report({ messageId: 'missing', range: firstLine(model.lines, step) });
        continue;
      }
      const parsed = parseNumber(step.number);
      if (!parsed) continue; // A symbolic \tag{*}: no sequence to check.
      const range = step.numberRange ?? firstLine(model.lines, step);
      if (!previous) {
        const restarts = parsed.main <= 1;
        const continues = lastOfEarlier !== undefined && (parsed.main === lastOfEarlier.main + 1 || (parsed.sub && parsed.main === lastOfEarlier.main));
        if (restarts) seen = new Map();
        if (!restarts && !continues) {
          context.report({ messageId: 'badStart', data: { number: parsed.text, alternative: lastOfEarlier ? ` or ${lastOfEarlier.main + 1} (continuing from ${lastOfEarlier.text})` : '' }, range });
        }
      } else {
        const key = parsed.text.toLowerCase();
        if (seen.has(key)) {
          context.report({ messageId: 'repeat', data: { number: parsed.text, line: seen.get(key)! + 1 }, range });
        } else if (parsed.main > previous.main + 1) {
          const expected = previous.main + 1 === parsed.main - 1 ? String(previous.main + 1) : `${previous.main + 1}–${parsed.main - 1}`;
          context.report({ messageId: 'gap', data: { number: parsed.text, previous: previous.text, expected }, range });
        } else if (parsed.main < previous.main || (parsed.main === previous.main && !parsed.sub)) {
          context.report({ messageId: 'order', data: { number: parsed.text, previous: previous.text }, range });
        }
      }
      if (!seen.has(parsed.text.toLowerCase())) seen.set(parsed.text.toLowerCase(), range.start.line);
      previous = parsed;
    }
  },
};

export default rule;

/** The step's first line, without leading blanks. */
function firstLine(lines: string[], step: Step): Range {
  const line = step.range.start.line;
  const text = lines[line] ?? '';
  const start = Math.max(step.range.start.character, text.length - text.trimStart().length);
  return { start: { line, character: start }, end: { line, character: text.trimEnd().length } };
}
