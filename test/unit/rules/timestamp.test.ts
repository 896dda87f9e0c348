import rule from '../../../src/core/rules/timestamp';
import { ruleTester } from '../rule-tester';

const lecture = (derivation: string, source = '05:00–18:30') =>
  `---\nformat: lecture\n---\n## 0) Metadata\n\n- **Source:** [Lecture](https://example.org/l), ${source}\n\n#### 4.B Step-by-Step Derivation\n\n${derivation}\n`;
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const columnOf = (text: string, needle: string) => text.split('\n')[lineOf(text, needle) - 1].indexOf(needle) + 1;
const at = (text: string, needle: string) => ({ line: lineOf(text, needle), column: columnOf(text, needle), endColumn: columnOf(text, needle) + needle.length });

const seconds = lecture('Equation (1) (VERBATIM) [12:75]: $$a = b$$ {Rule: r}');
const minutes = lecture('Equation (1) (VERBATIM) @ 1:75:00: $$a = b$$ {Rule: r}');
const backwards = lecture('Equation (1) (VERBATIM) (13:05–12:40): $$a = b$$ {Rule: r}');
const badSource = lecture('Equation (1) (VERBATIM): $$a = b$$ {Rule: r}', '18:30–05:00');

ruleTester(rule).run({
  valid: [
    { name: 'every form, points and ranges', code: lecture('Equation (1) (VERBATIM) [12:34]: $$a = b$$ {Rule: r}\n\nEquation (2) (VERBATIM) (12:35) @ 12:36 [1:02:03] [12:40–13:05] (12:40 - 13:05): $$b = c$$ {Rule: r}') },
    { name: 'a leading field of 60 or more is fine', code: lecture('Equation (1) (VERBATIM) [75:30] [100:00–101:59]: $$a = b$$ {Rule: r}') },
    { name: 'a timestamp outside the Source range is the audit\'s business, not a diagnostic', code: lecture('Equation (1) (VERBATIM) [59:00]: $$a = b$$ {Rule: r}') },
    { name: 'no timestamp at all is fine', code: lecture('Equation (1) (VERBATIM): $$a = b$$ {Rule: r}') },
    { name: 'ratios, math and code are no timestamps', code: lecture('Equation (1) (VERBATIM): mixed 3:1 (1:2) (1:75) [4:3]; $t = 12:75$ and `x[12:75]`: $$a = b$$ {Rule: r}') },
  ],
  invalid: [
    { name: 'seconds of 60 or more', code: seconds, errors: [{ messageId: 'seconds', ...at(seconds, '[12:75]'), data: { text: '[12:75]' } }] },
    { name: 'minutes of 60 or more in h:mm:ss', code: minutes, errors: [{ messageId: 'minutes', ...at(minutes, '@ 1:75:00'), data: { text: '@ 1:75:00' } }] },
    { name: 'a range that ends before it starts', code: backwards, errors: [{ messageId: 'order', ...at(backwards, '(13:05–12:40)'), data: { text: '(13:05–12:40)' } }] },
    { name: 'the Source\'s own range', code: badSource, errors: [{ messageId: 'order', ...at(badSource, '18:30–05:00'), data: { text: '18:30–05:00' } }] },
  ],
});
