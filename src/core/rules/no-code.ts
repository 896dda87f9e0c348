/**
 * no-code: DEEP-PASS notes carry no implementation: no code blocks, no inline
 * code, no API references (`sklearn.…`, `torch.…`, `np.…`) in prose. On for
 * deep-pass only (the lecture format asks for API calls in §6).
 */
import type { Rule } from '../types';
import { proseSegments } from './util/prose';

interface Options { apis: string[] }

export const DEFAULT_APIS = ['sklearn', 'torch', 'np', 'numpy', 'tf', 'tensorflow', 'pd', 'pandas', 'scipy', 'jax', 'keras'];

const rule: Rule<Options> = {
  meta: {
    id: 'no-code',
    description: 'Code blocks, inline code or API references in a note that must be purely mathematical.',
    severity: { default: 'off', 'deep-pass': 'warning' },
    optionsSchema: {
      type: 'object',
      properties: {
        apis: {
          type: 'array', items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, uniqueItems: true,
          description: 'Module names whose dotted use in prose (`np.linalg`) is an API reference.',
        },
      },
      additionalProperties: false,
    },
    defaultOptions: { apis: DEFAULT_APIS },
    fixable: false,
    notesOnly: true,
    messages: {
      codeBlock: 'Code block "{{block}}" in a note without implementation: state it mathematically.',
      inlineCode: 'Inline code `{{code}}` in a note without implementation: use math or prose.',
      api: 'API reference "{{api}}" in a note without implementation.',
    },
  },
  check(context) {
    const { model } = context;
    for (const code of model.code) {
      if (code.block) {
        const line = code.range.start.line;
        // Named by its first line: the fence with its language (```python), or the first line of code.
        context.report({
          messageId: 'codeBlock',
          data: { block: shorten(model.lines[line].trim()) },
          range: { start: code.range.start, end: { line, character: model.lines[line].length } },
        });
      } else {
        context.report({ messageId: 'inlineCode', data: { code: shorten(code.text) }, range: code.range });
      }
    }
    const pattern = apiPattern(context.options.apis ?? DEFAULT_APIS);
    if (!pattern) return;
    const { texts, lines, characters } = proseSegments(model);
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (!text.includes('.')) continue;
      const line = lines[i];
      const character = characters[i];
      // exec on the shared pattern, not matchAll: that copies the pattern for every run of prose.
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        const start = character + match.index;
        context.report({
          messageId: 'api',
          data: { api: match[0] },
          range: { start: { line, character: start }, end: { line, character: start + match[0].length } },
        });
      }
    }
  },
};

export default rule;

function shorten(code: string): string {
  return code.length > 40 ? `${code.slice(0, 39)}…` : code;
}

const cache = new Map<string, RegExp | undefined>();

/** `np.linalg.solve`, `torch.nn.Module`: a listed module name, a dot, then a name (case-sensitive). */
function apiPattern(apis: string[]): RegExp | undefined {
  const key = apis.join(',');
  if (!cache.has(key)) {
    cache.set(key, apis.length
      ? new RegExp(`(?<![\\w.])(?:${apis.join('|')})(?:\\.[A-Za-z_]\\w*)+`, 'g')
      : undefined);
  }
  return cache.get(key);
}
