import * as assert from 'node:assert/strict';
import { createMarkdownIt, type MarkdownToken } from '../../src/core/markdown';

const md = createMarkdownIt();
const flat = (tokens: MarkdownToken[]): MarkdownToken[] => tokens.flatMap((t) => [t, ...(t.children ?? [])]);
const math = (src: string) => flat(md.parse(src, {})).filter((t: MarkdownToken) => t.type.startsWith('math'));

describe('markdown: math delimiters', () => {
  it('accepts every delimiter of NOTE-SPEC §2', () => {
    const src = 'a $x$ b \\(y\\) c\n\n$$z$$\n\n\\[w\\]\n\n\\begin{align*}\na&=b\n\\end{align*}\n';
    assert.deepEqual(math(src).map((t) => [t.type, t.content]), [
      ['math_inline', 'x'], ['math_inline', 'y'], ['math_block', 'z'], ['math_block', 'w'],
      ['math_block', '\\begin{align*}\na&=b\n\\end{align*}'],
    ]);
  });

  it('never swallows a parenthesised paragraph after $$…$$ as an equation number', () => {
    const tokens = md.parse('$$x=1$$\n(a) follows\n', {});
    assert.equal(tokens.find((t: MarkdownToken) => t.type === 'inline')?.content, '(a) follows');
  });

  it('keeps text after a closing $$ on the same line', () => {
    const tokens = md.parse('$$y$$ trailing\n', {});
    assert.equal(tokens.find((t: MarkdownToken) => t.type === 'inline')?.content, '$$y$$ trailing');
  });

  it('reads \\$ as a dollar sign and code as code', () => {
    assert.deepEqual(math('costs \\$5 and \\$6, `$a$`\n\n```\n$$b$$\n```\n'), []);
  });

  it('records exact offsets', () => {
    const src = 'Text $a$.\n\n$$\nx\n$$\n';
    const [inline, block] = math(src);
    assert.deepEqual(inline.meta, { start: 5, end: 8, contentStart: 6, delimiter: '$', display: false });
    assert.equal(src.slice(block.meta!.start as number, block.meta!.end as number), '$$\nx\n$$');
  });

  it('reads front matter as one hidden token', () => {
    const [first] = md.parse('---\nformat: lecture\n---\n# Title\n', {});
    assert.equal(first.type, 'front_matter');
    assert.equal(first.content, 'format: lecture\n');
  });
});
