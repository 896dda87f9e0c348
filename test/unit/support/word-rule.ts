/** A small configurable rule for testing the engine and the tester: flags each occurrence of a word. */
import type { Rule, RuleMeta } from '../../../src/core/types';

export interface WordOptions { word: string; replacement: string; badMessageId?: boolean; throwAfter?: number }

export function wordRule(meta: Partial<RuleMeta> = {}): Rule<WordOptions> {
  return {
    meta: {
      id: 'word-rule',
      description: 'Flags a word.',
      severity: { default: 'warning' },
      optionsSchema: {
        type: 'object',
        properties: {
          word: { type: 'string', minLength: 1 },
          replacement: { type: 'string' },
          badMessageId: { type: 'boolean' },
          throwAfter: { type: 'integer' },
          vagueWords: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: false,
      },
      defaultOptions: { word: 'bad', replacement: 'good' },
      fixable: true,
      notesOnly: false,
      messages: { found: 'Found "{{word}}".' },
      ...meta,
    },
    check(context) {
      const { model, options } = context;
      let count = 0;
      model.lines.forEach((text, line) => {
        for (const match of text.matchAll(new RegExp(`\\b${options.word}\\b`, 'g'))) {
          if (options.throwAfter !== undefined && count === options.throwAfter) throw new Error('boom');
          count++;
          const range = { start: { line, character: match.index! }, end: { line, character: match.index! + match[0].length } };
          context.report({
            messageId: options.badMessageId ? 'nope' : 'found',
            data: { word: match[0] },
            range,
            fix: meta.fixable === false ? undefined : { title: `Replace with "${options.replacement}"`, edits: [{ range, newText: options.replacement }], safe: true },
          });
        }
      });
    },
  };
}
