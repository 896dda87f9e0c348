/**
 * timestamp: a timestamp that is no time (the lecture prompt anchors
 * derivations to timestamps): a minutes or seconds field of 60 or more where it
 * is not the leading field (`[12:75]`, `[1:75:00]`), or a range that ends
 * before it starts (`[13:05–12:40]`); the Source's time range too. A missing
 * timestamp is never reported: the prompt asks for them "where possible".
 */
import type { Rule } from '../types';

const rule: Rule = {
  meta: {
    id: 'timestamp',
    description: 'A timestamp is no time: minutes or seconds of 60 or more, or a range that ends before it starts.',
    severity: { default: 'warning', 'deep-pass': 'off' },
    optionsSchema: { type: 'object', properties: {}, additionalProperties: false },
    defaultOptions: {},
    fixable: false,
    notesOnly: true,
    messages: {
      minutes: 'Timestamp {{text}} is no time: its minutes field is 60 or more.',
      seconds: 'Timestamp {{text}} is no time: its seconds field is 60 or more.',
      order: 'Timestamp range {{text}} ends before it starts.',
    },
  },
  check(context) {
    const { model } = context;
    const stamps = model.sourceTime ? [model.sourceTime, ...model.timestamps] : model.timestamps;
    for (const stamp of stamps) {
      if (stamp.problem) context.report({ messageId: stamp.problem, data: { text: stamp.text }, range: stamp.range });
    }
  },
};

export default rule;
