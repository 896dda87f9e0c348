import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { markdownFiles } from '../support/shared';
import fc from 'fast-check';
import markdownIt = require('markdown-it');
import { KNOWN_LINES, createLeanMarkdownIt, createMarkdownIt, createRenderingMarkdownIt, createStreamingMarkdownIt, installNoteSyntax, isDeferredInline, parseInlineInBatches, parseInRuns, tightParagraphs, type MarkdownToken } from '../../src/core/markdown';
import { FAMILIES, adversarialText } from '../../scripts/adversarial';
import { parseNote } from '../../src/core/parse/index';
import { computeLineStarts } from '../../src/core/text';
import { applyMutations, mutations, randomDocument } from '../fuzz/generators';

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

  it('records exact offsets: in the inline content, or from the start of a block\'s first line', () => {
    const src = 'Text $a$.\n\n$$\nx\n$$\n\n> quoted:\n>\n>  $$\n> y\n> $$\n';
    const [inline, block, quoted] = math(src);
    assert.deepEqual(inline.meta, { start: 5, end: 8, contentStart: 6, delimiter: '$', display: false });
    const text = (token: MarkdownToken) => {
      const lineStart = src.split('\n').slice(0, token.map![0]).join('\n').length + 1;
      return src.slice(lineStart + (token.meta!.start as number), lineStart + (token.meta!.end as number));
    };
    assert.equal(text(block), '$$\nx\n$$');
    assert.equal(quoted.meta!.start, 3);
    assert.equal(text(quoted), '$$\n> y\n> $$');
  });

  it('reads front matter as one hidden token', () => {
    const [first] = md.parse('---\nformat: lecture\n---\n# Title\n', {});
    assert.equal(first.type, 'front_matter');
    assert.equal(first.content, 'format: lecture\n');
  });
});

describe('markdown: parseInRuns', () => {
  const reference = createMarkdownIt();
  const runner = createMarkdownIt();
  const runsOf = (src: string, size: number) => {
    const runs: MarkdownToken[][] = [];
    parseInRuns(runner, src, (run) => runs.push(run), { runSize: size });
    return runs;
  };
  const sameAsParse = (src: string, size: number) => {
    assert.deepEqual(runsOf(src, size).flat(), reference.parse(src, {}), `run size ${size}`);
  };
  const texts = [
    ...markdownFiles(resolve(__dirname, '../fixtures')),
    ...markdownFiles(resolve(__dirname, '../../../shared/seeds')),
    resolve(__dirname, '../../../shared/corpus/ml-interview-study-sheet.md'),
  ].filter(existsSync).map((file) => readFileSync(file, 'utf8'));
  const containers = '---\nformat: lecture\n---\n# T\n\n- a $x$\n\n- b\n\n  c $y$\n\n  - deep\n\n> q $z$\n>\n> r\n\n| t | u |\n|---|---|\n| $x$ | y |\n\n$$\na\n\nb\n$$\n\n```\n\nx\n```\n\n1. one\n2. two\n';

  it('hands over md.parse\'s tokens, in runs of whole top-level blocks', () => {
    const runs = runsOf(containers, 1);
    assert.ok(runs.length > 8, `${runs.length} runs`);
    for (const run of runs.slice(0, -1)) {
      const last = run[run.length - 1];
      assert.equal(last.level, 0, 'a run ends at the end of a top-level block');
      assert.ok(last.nesting <= 0, `a run ends on ${last.type}`);
    }
    for (const size of [1, 3, 1000]) sameAsParse(containers, size);
  });

  it('gives md.parse\'s tokens for the fixtures, the seeds and the corpus', () => {
    assert.ok(texts.length >= 10);
    for (const text of texts) for (const size of [1, 40]) sameAsParse(text, size);
  });

  it('gives md.parse\'s tokens for random and mutated documents', () => {
    const size = fc.integer({ min: 1, max: 30 });
    fc.assert(fc.property(randomDocument, size, (text, n) => sameAsParse(text, n)), { seed: 20261122, numRuns: 200 });
    fc.assert(fc.property(fc.nat({ max: texts.length - 1 }), mutations, size, (i, list, n) => sameAsParse(applyMutations(texts[i], list), n)),
      { seed: 20261122, numRuns: 60 });
  });

  it('hands a top-level list over item by item when asked, and says when the list turns out tight', () => {
    /** The runs of a list-splitting parse, with the tight-list marks the runs before a list's end could not carry put back. */
    const withMarks = (src: string, size: number) => {
      const tokens: MarkdownToken[] = [];
      let unmarked: MarkdownToken[] = [];
      let largest = 0;
      parseInRuns(runner, src, (run, lists) => {
        largest = Math.max(largest, run.length);
        if (lists?.ended?.tight) for (const token of unmarked) token.hidden = true;
        if (lists?.ended) unmarked = [];
        if (lists?.goesOn !== undefined) unmarked.push(...tightParagraphs(run, lists.goesOn).map((i) => run[i]));
        tokens.push(...run);
      }, { runSize: size, splitLists: true });
      return { tokens, largest };
    };
    const lists = [
      containers,
      '- a\n- b $x$\n- c\n\n  d\n- e\n',
      '1. a\n2. b\n\n3. c\n',
      '- a\n  - b\n\n  - c\n- d\n- e\n\ntext\n\n- f\n- g\n',
      '- a\n- b\n- \n\n- c\n',
      'intro\n\n> - q\n> - r\n\n- a\n  ```\n\n  x\n  ```\n- b\n',
      '- a\n- b\n\ntext\n- c\n- d\n',
      `${'- item $x$\n'.repeat(300)}\n- last\n`,
      `${'- item $x$\n'.repeat(300)}para\n\n${'1. one\n'.repeat(300)}`,
      `${'- item $x$\n'.repeat(300)}\n\n`,
      `${'- a\n  - b\n  > c\n-\n- ```\n  d\n  ```\n'.repeat(100)}`,
      `${'- a\n'.repeat(300)}\n- late\n`,
      `${'- a\n'.repeat(300)}\ntext\n`,
      `${'- a\n'.repeat(300)}  \n  more of the last item\n`,
      `${'- a\n'.repeat(300)}# heading\n${'1. b\n'.repeat(300)}`,
      `${'- a\n'.repeat(300)}\n# heading\n\n${'1. b\n'.repeat(300)}\n\n> quote\n`,
      `${'- a\n'.repeat(300)}\n1. other list\n`,
      `${'- a\n'.repeat(300)}\n*emphasis*\n`,
      `${'- a\n'.repeat(300)}- \`\`\`\n  x\n\n  y\n  \`\`\`\n- b\n`,
      `${'- item $x$\n\n'.repeat(300)}text\n`,
      `${'1. item\n\n   more of it\n'.repeat(300)}`,
      `- a\n- b\n\n  c\n${'- d\n'.repeat(200)}`,
      `- a\n-\n\n- b\n${'- d\n'.repeat(200)}`,
      `${'- a\n'.repeat(100)}-\n  b\n${'- d\n'.repeat(100)}\n- e\n`,
      `${'- a\n  \`\`\`\n\n  x\n  \`\`\`\n'.repeat(100)}\n- e\n`,
      `${'- a\n  - b\n\n  - c\n'.repeat(100)}\n- e\n`,
      `${'- > a\n  >\n  > b\n'.repeat(100)}\n- e\n`,
    ];
    for (const src of lists) {
      const reference = createMarkdownIt().parse(src, {});
      for (const size of [1, 2, 5, 1000]) assert.deepEqual(withMarks(src, size).tokens, reference, `run size ${size}: ${JSON.stringify(src.slice(0, 60))}`);
    }
    // A list of 300 items is not held whole.
    assert.ok(withMarks(lists[7], 20).largest < 40);
    // A list with no blank line after its start but at the end is tight whatever follows: its runs carry the marks.
    const held = (src: string) => {
      let goesOn = 0;
      parseInRuns(runner, src, (_run, lists) => { if (lists?.goesOn !== undefined) goesOn++; }, { runSize: 20, splitLists: true });
      return goesOn;
    };
    for (const src of [lists[9], lists[10], lists[12], lists[14], lists[15]]) assert.equal(held(src), 0, JSON.stringify(src.slice(0, 60)));
    // A blank line with more of the list, or what may be more of it, after it: held to the end.
    for (const src of [lists[11], lists[13], ...lists.slice(16, 19), ...lists.slice(23)]) assert.ok(held(src) > 10, JSON.stringify(src.slice(0, 60)));
    // Loose for good once a blank line stands before a later item or a later block of an item: held no further.
    for (const src of lists.slice(19, 23)) assert.ok(held(src) <= 6, `${held(src)} runs held: ${JSON.stringify(src.slice(0, 60))}`);
    fc.assert(fc.property(randomDocument, fc.integer({ min: 1, max: 30 }), (text, n) => {
      assert.deepEqual(withMarks(text, n).tokens, createMarkdownIt().parse(text, {}));
    }), { seed: 20261205, numRuns: 200 });
  });

  it('parses a text that may define a link reference whole, so a link before its definition still resolves', () => {
    const src = 'See [the paper].\n\nMore text.\n\n> [the paper]: https://example.org\n';
    const runs = runsOf(src, 1);
    assert.equal(runs.length, 1);
    assert.ok(runs[0].some((t) => t.children?.some((c) => c.type === 'link_open')));
    sameAsParse(src, 1);
  });
});

/**
 * Text glued from inline constructs in any order: where an inline rule can
 * start, and all that ends or hides what it makes (links, images, HTML,
 * entities, escapes, code, breaks, math). Random documents hold few of them.
 */
const gluedInline = fc.array(fc.constantFrom(
  'a', 'b c', ' ', '\n', '\n\n', '$', '$$', 'x^2', '\\', '\\(', '\\)', '\\[', '\\]', '\\$', '[', ']', '(', ')', '![', '](u)', ']: /u',
  '<b>', '</b>', '<br/>', '<!--', '-->', '<?', '?>', '&amp;', '&#36;', '&', '`', '``', '*', '**', '_', '~~', '~', '  \n', '\t',
  '<http://a.b>', '<a@b.c>', '- ', '> ', '# ', '| a |', '\n|---|\n', '1. ', '{Rule: x}', '(VERBATIM)', '\\begin{align}', '\\end{align}',
  '\\\\', '\\label{eq:a}', '\\eqref{eq:a}', ':', '+', '=', '^', '{', '}', '@', '#', '%', '-', '>',
), { maxLength: 60 }).map((parts) => parts.join(''));

/** A construct after a letter for each character markdown-it's inline rules start at (its `isTerminatorChar`). */
const TEXT_RUN_STOPS = 'a~~s~~ a*e* a _e_ a`c` a<b>t</b> a&amp; a&#36; a\\* a[l](u) a![i](u) a$m$ a\\(m\\) a<http://x.y> a  \nb'
  + ' a!b a#b a%b a+b a-b a:b a=b a>b a@b a]b a^b a{b}b\n';

describe('markdown: our parser states', () => {
  /** markdown-it with its own states and tokens, and our syntax. */
  const stock = markdownIt({ html: true, linkify: false, typographer: false });
  installNoteSyntax(stock);
  const ours = createMarkdownIt();
  const texts = [
    ...markdownFiles(resolve(__dirname, '../fixtures')),
    ...markdownFiles(resolve(__dirname, '../../../shared/seeds')),
  ].filter(existsSync).map((file) => readFileSync(file, 'utf8'));
  /** Indents, tabs, quotes, lazy lines and list items: the line tables are rewritten, and lines taken with an indent. */
  const shapes = [
    'a\nb\n  c\n\td\n',
    '    code\n\tmore\n      deeper\n\n    after blank\n',
    '> a\nlazy\n>   b\n> > c\n>\tt\n',
    '- a\n  b\n\n  c\n   - d\n\t- e\n      f\n',
    '1. x\n   ```\n   code\n     in\n   ```\n2.\ty\n',
    '> - a\n>   b\n> c\n\n>     code\n',
    'para\n  \n   ',
    'last line without a break',
    '  \t  ',
    '| a | b |\n|---|---|\n| $x$ | \\(y\\) |\nlazy\n',
    '<div>\n$x$\n</div>\n\n<!-- c -->\n',
    'Title\n===\n\n$$\nx\n$$\n\n\\[\ny\n\\]\n\n\\begin{align}\na\n\\end{align}\n',
    '$$x\n'.repeat(50), '- $$x\n'.repeat(50), 'a $x_1$ b '.repeat(50), '\\(\\['.repeat(50),
    // Brackets with and without a `](` after them, and references defined after their use (the link and image rules' shortcut).
    '[a] [b](c) ![d] ![e](f) [g [$x$](u) [a\\](b) [a] (b)\n', '[i][h] then [h] and ![h]\n\n[h]: /u\n',
    '[VERBATIM] and [12:34], then [a](b\n![x] [y](\n',
    // A label markdown-it reads to its end meets a comment that never closes: from then on it reads no comment as HTML.
    '![<!----><!--\n', '[a <!----> b <?x?> c <!--\n', '[a <!----> b] <!--\n', '[a <!----> b <![CDATA[\n',
    // Each construct right after a letter, so a text run that did not stop where it starts would swallow it;
    // then inside a link's label, where the run stops at the label's end.
    TEXT_RUN_STOPS, `[${TEXT_RUN_STOPS.replace(/!?\[l\]\(u\)|!?\[i\]\(u\)|a\]b/g, '').trim()}](u) after\n`,
  ];
  const same = (src: string) => {
    const expected = stock.parse(src, {});
    assert.deepStrictEqual(ours.parse(src, {}), expected, JSON.stringify(src.slice(0, 80)));
    // The line starts a caller knows, for the text or for its lines from some line on, read instead of searched for.
    const starts = computeLineStarts(src);
    assert.deepStrictEqual(ours.parse(src, { [KNOWN_LINES]: { text: src, starts, first: 0, base: 0 } }), expected, 'known lines');
    const first = starts.length >> 1;
    const tail = src.slice(starts[first]);
    assert.deepStrictEqual(ours.parse(tail, { [KNOWN_LINES]: { text: tail, starts, first, base: starts[first] } }), stock.parse(tail, {}), 'known lines of a tail');
  };

  it('give markdown-it\'s own tokens: same fields, same prototype', () => {
    for (const src of [...shapes, ...texts]) same(src);
    const [token] = ours.parse('# a\n', {});
    assert.ok(token instanceof markdownIt.Token);
    assert.equal(token.attrGet('id'), null);
  });

  it('give markdown-it\'s own tokens for random and mutated documents', () => {
    fc.assert(fc.property(randomDocument, same), { seed: 20261206, numRuns: 300 });
    fc.assert(fc.property(gluedInline, same), { seed: 20261207, numRuns: 2000 });
    fc.assert(fc.property(fc.nat({ max: texts.length - 1 }), mutations, (i, list) => same(applyMutations(texts[i], list))),
      { seed: 20261206, numRuns: 60 });
  });
});

describe('markdown: long paragraphs parsed in batches as they are rendered', () => {
  const rendering = createRenderingMarkdownIt();
  const texts = [
    ...markdownFiles(resolve(__dirname, '../fixtures')),
    ...markdownFiles(resolve(__dirname, '../../../shared/seeds')),
  ].filter(existsSync).map((file) => readFileSync(file, 'utf8'));
  /** The streaming parse with every deferred paragraph's batches put back: the rendering parser's tokens. */
  const sameAsRendering = (src: string, longInline: number, batchSize: number) => {
    const streaming = createStreamingMarkdownIt(longInline, batchSize);
    const tokens = streaming.parse(src, {});
    const expected = rendering.parse(src, {});
    let batches = 0;
    tokens.forEach((token, i) => {
      if (!isDeferredInline(token)) return;
      assert.ok(token.content.length > longInline);
      const children: MarkdownToken[] = [];
      parseInlineInBatches(streaming, token, (batch) => { batches++; children.push(...batch); });
      token.children = children;
      token.meta = expected[i].meta; // the opaque ranges, read by lint only
    });
    assert.deepStrictEqual(tokens, expected, JSON.stringify(src.slice(0, 80)));
    return batches;
  };
  const hard = [
    'a *b $x$ c* d $y$ e $z$ f', 'a [l *e* $x$](u) $y$ $z$ b', '$x$ <b>$y$</b> $z$ $w$ a', '$x$ ![a $y$](i) $z$ `c` $w$',
    '$x$ &amp; $y$ \\* $z$ \\eq\nref{a} $w$', '$x$ ~~s~~ $y$ $z$', '$x$\\\n$y$  \n$z$ $w$', '[r] $x$ $y$\n\n[r]: /u',
  ];

  it('gives the rendering parser\'s tokens, cut into batches where nothing after changes them', () => {
    for (const src of [...hard, ...texts]) for (const size of [1, 2, 7]) sameAsRendering(src, 0, size);
    fc.assert(fc.property(randomDocument, fc.integer({ min: 1, max: 20 }), (src, size) => { sameAsRendering(src, 0, size); }),
      { seed: 20261206, numRuns: 200 });
  });

  it('holds a batch of tokens at a time on the adversarial families (all but where text joins on)', () => {
    for (const family of FAMILIES) {
      const src = adversarialText(family, 32 * 1024);
      const batches = sameAsRendering(src, 1024, 100);
      const deferred = createStreamingMarkdownIt(1024, 100).parse(src, {}).some(isDeferredInline);
      if (deferred && /\$x/.test(src)) assert.ok(batches > 10, `${family.name}: ${batches} batches`);
    }
  });
});

describe('markdown: the lean parse (tokens only scanned, never rendered)', () => {
  const lean = createLeanMarkdownIt();
  /** The most tokens (children included) one run held at once. */
  const largestRun = (src: string) => {
    let largest = 0;
    parseInRuns(lean, src, (run) => { largest = Math.max(largest, flat(run).length); });
    return largest;
  };
  const texts = [
    ...markdownFiles(resolve(__dirname, '../fixtures')),
    ...markdownFiles(resolve(__dirname, '../../../shared/seeds')),
    resolve(__dirname, '../../../shared/corpus/ml-interview-study-sheet.md'),
  ].filter(existsSync).map((file) => readFileSync(file, 'utf8'));
  /** The model of a lean parse is the model of a full one. */
  const sameModel = (text: string) => {
    const full = parseNote(text, { keepTokens: true });
    const scanned = parseNote(text);
    assert.deepEqual({ ...scanned, symbols: scanned.symbols }, { ...full, tokens: undefined, symbols: full.symbols });
  };

  it('builds the same model as a full parse: fixtures, seeds, corpus, random and mutated documents', () => {
    assert.ok(texts.length >= 10);
    for (const text of texts) sameModel(text);
    sameModel(Array.from({ length: 3000 }, (_, i) => `- item $x_${i}$ \\[${i % 7 ? '' : '\n'}`).join('\n') + '\n');
    // Emphasis and strikethrough are not parsed: math, code and links inside and across them are where a full parse finds them.
    sameModel('*$x*$* _a_$b$_ **$y$** ~~$z$~~ *[a $c$](u)* __\\(d\\)__ *`$e$`* ***\\[f\\]*** a*$g$*b_$h$_\n\n_$$\ni\n$$_\n\n*a\n$$\nj\n$$\nb*\n');
    // Only where a kept token can start do the rules run: an image after a letter or a break, HTML, code and links
    // after entities and breaks, math past a label that is no link.
    sameModel('a![$x$ alt](i.png) b\\\n![$y$](j.png) &amp;<b>$z$</b> &#36;`$c$` a\n  [t $w$](u) [no link $v$] $u$\n');
    fc.assert(fc.property(randomDocument, (text) => sameModel(text)), { seed: 20261205, numRuns: 150 });
    fc.assert(fc.property(fc.nat({ max: texts.length - 1 }), mutations, (i, list) => sameModel(applyMutations(texts[i], list))),
      { seed: 20261205, numRuns: 40 });
  });

  it('builds the same model as a full parse for text made of inline constructs, glued in any order', () => {
    fc.assert(fc.property(gluedInline, (t) => sameModel(t)), { seed: 20261207, numRuns: 2000 });
  });

  it('stops, as markdown-it does, at a rule that says it matched but took nothing', () => {
    const md = createLeanMarkdownIt();
    md.inline.ruler.before('text', 'takes_nothing', (state) => state.src.charCodeAt(state.pos) === 0x24 /* $ */);
    assert.throws(() => md.parse('a $x$ b\n', {}), /didn't increment state.pos/);
  });

  it('keeps no token for text and line breaks: a long paragraph holds only its math', () => {
    const lines = 20_000;
    assert.ok(largestRun('\\[\n'.repeat(lines)) < 10, 'a paragraph of escapes and line breaks');
    const math = largestRun('Let $x_i$ be a value.\n'.repeat(lines));
    assert.ok(math <= lines + 10, `${math} tokens for ${lines} formulas`);
  });

  it('hands over a long top-level list item by item', () => {
    const items = 20_000;
    const largest = largestRun('- $$x\n'.repeat(items));
    assert.ok(largest <= 2000, `${largest} tokens at once for a list of ${items} items`);
    // Nested lists and quoted ones are handed over whole with their top-level block.
    assert.ok(largestRun('> - a\n'.repeat(2000)) >= 2000 * 5);
  });
});

