/**
 * boxed-result: a `result` section (DEEP-PASS §7, lecture §4.E) with no
 * `\boxed{…}`. The fix (not safe: it changes the rendering) boxes the
 * section's first display math, keeping `\label`/`\tag` outside the box and
 * wrapping multi-line content in `aligned` so the result still parses.
 */
import type { Rule, Fix } from '../types';
import type { MathSpan, NoteModel } from '../model';
import { sectionBodies, sectionLabel } from './util/sections';
import { computeLineStarts, offsetOf } from '../text';

const rule: Rule = {
  meta: {
    id: 'boxed-result',
    description: 'A result section has no `\\boxed{…}` result.',
    severity: { default: 'warning' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: true,
    notesOnly: true,
    messages: {
      missing: 'Section "{{section}}" has no \\boxed{…} result.',
    },
  },
  check(context) {
    const { model } = context;
    for (const { section, from, to } of sectionBodies(model, 'result')) {
      const math = model.math.filter((m) => m.range.start.line >= from && m.range.start.line < to);
      if (math.some((m) => /\\boxed\b/.test(m.tex))) continue;
      const display = math.find((m) => m.display);
      context.report({
        messageId: 'missing',
        data: { section: sectionLabel(section.spec) },
        range: section.heading.range,
        fix: display ? boxFix(model, display) : undefined,
      });
    }
  },
};

export default rule;

function boxFix(model: NoteModel, span: MathSpan): Fix {
  const lineStarts = model.lineStarts ?? computeLineStarts(model.text);
  const start = offsetOf(model.text, lineStarts, span.contentRange.start);
  const end = offsetOf(model.text, lineStarts, span.contentRange.end);
  return {
    title: 'Wrap the first display equation in \\boxed{}',
    edits: [{ range: span.contentRange, newText: boxContent(model.text.slice(start, end)) }],
    safe: false,
  };
}

const ENVIRONMENT = /^(\s*\\begin\{([a-z]+\*?)\})([\s\S]*?)(\\end\{\2\}\s*)$/;

/** `x = y` → `\boxed{x = y}`; inside a top-level environment the box goes around its body. */
export function boxContent(content: string): string {
  const env = ENVIRONMENT.exec(content);
  if (env && !/^(?:aligned|gathered|split|cases|array|[pbBvV]?matrix)\*?$/.test(env[2])) {
    const [, open, name, body, close] = env;
    return open + boxBody(body, /^gather|^multline/.test(name) ? 'gathered' : 'aligned') + close;
  }
  return boxBody(content, 'aligned');
}

function boxBody(body: string, multiline: 'aligned' | 'gathered'): string {
  const lead = /^\s*/.exec(body)![0];
  const trail = /\s*$/.exec(body.slice(lead.length))![0];
  const kept: string[] = [];
  let inner = body.slice(lead.length, body.length - trail.length)
    .replace(/\\(?:label|tag\*?)\s*\{[^{}]*\}/g, (m) => { kept.push(m); return ''; })
    .trim();
  if (hasTopLevelRows(inner)) inner = `\\begin{${multiline}}${inner}\\end{${multiline}}`;
  return `${lead}\\boxed{${inner}}${kept.map((k) => ` ${k}`).join('')}${trail}`;
}

/** `&` or `\\` outside any nested environment: the content has rows, which `\boxed` alone cannot hold. */
function hasTopLevelRows(tex: string): boolean {
  let flat = tex;
  for (let previous = ''; previous !== flat;) {
    previous = flat;
    flat = flat.replace(/\\begin\{([a-zA-Z]+\*?)\}(?:(?!\\begin\{)[\s\S])*?\\end\{\1\}/g, '');
  }
  return /(?:^|[^\\])&|\\\\/.test(flat);
}
