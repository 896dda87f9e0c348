import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createMarkdownIt } from '../../src/core/markdown';
import { BlockRenderer, diffBlocks, openElements, splitBlocks, type BlockUpdate, type RenderedBlock } from '../../src/core/render/blocks';
import { renderNote, type RenderOptions } from '../../src/core/render/render';

/** What the preview page does with the updates (src/webview/preview.ts), on strings. */
class FakePage {
  blocks: RenderedBlock[] = [];

  apply(update: BlockUpdate): void {
    if (update.kind === 'reset') {
      this.blocks = [...update.blocks];
      return;
    }
    if (update.shift) {
      const { from, delta } = update.shift;
      for (let i = this.indexOf(from); i < this.blocks.length; i++) {
        this.blocks[i] = { ...this.blocks[i], html: this.blocks[i].html.replace(/ data-line="(\d+)"/g, (_, line: string) => ` data-line="${Number(line) + delta}"`) };
      }
    }
    this.blocks = this.blocks.filter((b) => !update.remove.includes(b.id));
    const at = update.after === undefined ? 0 : this.indexOf(update.after) + 1;
    this.blocks.splice(at, 0, ...update.insert);
    for (const block of update.replace) this.blocks[this.indexOf(block.id)] = block;
  }

  private indexOf(id: number): number {
    const i = this.blocks.findIndex((b) => b.id === id);
    assert.ok(i >= 0, `the page has no block ${id}`);
    return i;
  }

  get html(): string {
    return this.blocks.map((b) => b.html).join('');
  }
}

/** Blank lines between blocks do not matter to the page. */
const normal = (html: string) => html.replace(/\n+/g, '\n').trim();

function edit(text: string, find: string, replace: string): string {
  assert.ok(text.includes(find), `the note holds ${JSON.stringify(find)}`);
  return text.replace(find, () => replace);
}

const NOTE = `---
format: lecture
---

# Ridge

The solution is \\eqref{eq:solution}; the loss is \\eqref{eq:loss}.

$$
L(w) = \\lVert Xw - y\\rVert^2 \\label{eq:loss}
$$

Some prose about $X \\in \\mathbb{R}^{n \\times d}$.

- a list item
- another one with $w$

$$
\\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y \\label{eq:solution}
$$

Closing paragraph.
`;

describe('preview blocks: splitting a note', () => {
  const md = createMarkdownIt();

  it('one block per top-level element, front matter included', () => {
    const spans = splitBlocks(md.parse(NOTE, {}));
    assert.deepEqual(spans.map((s) => s.startLine), [0, 4, 6, 8, 12, 14, 17, 21]);
  });

  it('keeps raw HTML that opens an element in one block and closes it later together', () => {
    const text = 'Before.\n\n<details>\n<summary>Proof</summary>\n\nInside $x$.\n\n</details>\n\nAfter.\n';
    const spans = splitBlocks(md.parse(text, {}));
    assert.deepEqual(spans.map((s) => [s.startLine, s.endLine]), [[0, 1], [2, 8], [9, 10]]);
  });

  it('counts the elements raw HTML leaves open', () => {
    assert.equal(openElements('<details>\n<summary>P</summary>'), 1);
    assert.equal(openElements('</details>'), -1);
    assert.equal(openElements('<div><img src="a.png"><br/></div><!-- <div> -->'), 0);
  });
});

describe('preview blocks: what an edit changed', () => {
  const keys = (...sources: string[]) => {
    let line = 0;
    return sources.map((source) => {
      const key = { source, startLine: line };
      line += source.split('\n').length;
      return key;
    });
  };

  it('an edit inside one block leaves the blocks before and after it', () => {
    assert.deepEqual(diffBlocks(keys('a', 'b', 'c'), 3, keys('a', 'B', 'c'), 3), { prefix: 1, suffix: 1 });
  });

  it('a line added between blocks changes no block: the ones after it moved', () => {
    const after = keys('a', 'b', 'c').map((k, i) => (i > 0 ? { ...k, startLine: k.startLine + 1 } : k));
    assert.deepEqual(diffBlocks(keys('a', 'b', 'c'), 3, after, 4), { prefix: 1, suffix: 2 });
  });

  it('a block repeated elsewhere is not mistaken for the one edited', () => {
    assert.deepEqual(diffBlocks(keys('x', 'x', 'x'), 3, keys('x', 'x'), 2), { prefix: 2, suffix: 0 });
    assert.deepEqual(diffBlocks(keys('a', 'b'), 2, keys('a', 'new', 'b'), 3), { prefix: 1, suffix: 1 });
  });
});

describe('preview blocks: rendering updates', () => {
  const options: RenderOptions = {};

  /** Renders each version as an update of the last and checks the page then shows what a whole render shows. */
  function replay(versions: string[], optionsOf: (text: string) => RenderOptions = () => options) {
    const renderer = new BlockRenderer();
    const page = new FakePage();
    const updates: BlockUpdate[] = [];
    for (const text of versions) {
      const update = renderer.update(text, optionsOf(text));
      page.apply(update);
      updates.push(update);
      assert.equal(normal(page.html), normal(renderNote(text, optionsOf(text)).html), `the page after ${updates.length} update(s)`);
    }
    return { renderer, updates };
  }

  it('renders an edit of one paragraph as that block alone', () => {
    const { renderer, updates } = replay([NOTE, edit(NOTE, 'Closing paragraph.', 'Closing paragraph, edited.')]);
    const patch = updates[1];
    assert.equal(patch.kind, 'patch');
    if (patch.kind !== 'patch') return;
    assert.equal(patch.insert.length, 1);
    assert.equal(patch.remove.length, 1);
    assert.deepEqual(patch.replace, []);
    assert.equal(patch.shift, undefined);
    assert.deepEqual(renderer.stats, { blocks: 8, rendered: 1, kind: 'patch' });
  });

  it('moves the blocks after a new line instead of rendering them again', () => {
    const { renderer, updates } = replay([NOTE, edit(NOTE, 'Some prose', 'Some\nprose')]);
    const patch = updates[1];
    assert.ok(patch.kind === 'patch' && patch.shift?.delta === 1, JSON.stringify(patch));
    assert.equal(renderer.stats.rendered, 1);
  });

  it('sends again the blocks whose equation numbers or references changed', () => {
    const added = edit(NOTE, 'Some prose', '$$\nz = 1 \\label{eq:new}\n$$\n\nSome prose');
    const { renderer, updates } = replay([NOTE, added]);
    const patch = updates[1];
    assert.equal(patch.kind, 'patch');
    if (patch.kind !== 'patch') return;
    // The new equation is (2): the solution becomes (3), and the sentence that cites it says so.
    assert.equal(patch.replace.length, 2, 'the sentence with the references and the renumbered equation');
    assert.ok(renderer.stats.rendered < renderer.stats.blocks);
  });

  it('marks and unmarks lint diagnostics on the blocks they moved to', () => {
    const second = edit(NOTE, 'Closing', 'The closing');
    replay([NOTE, second, NOTE], (text) => ({ diagnostics: text === second ? [{ line: 12, severity: 'warning', message: 'check this' }] : [] }));
  });

  it('renders everything again when the macros change', () => {
    const { updates } = replay([NOTE, `${NOTE}\n$\\newcommand{\\R}{\\mathbb{R}}$\n`]);
    assert.equal(updates[1].kind, 'reset');
  });

  it('keeps the page equal to a whole render through a series of edits of a real note', () => {
    const note = readFileSync('test/fixtures/notes/clean/lecture-ridge.md', 'utf8');
    const lines = note.split('\n');
    const versions = [note];
    let current = lines;
    for (let i = 5; i < lines.length; i += 7) {
      current = [...current];
      if (i % 3 === 0) current.splice(i, 0, '');
      else if (i % 3 === 1) current.splice(i, 1);
      else current[i] = `${current[i]} $x_${i}$`;
      versions.push(current.join('\n'));
    }
    const { updates } = replay(versions);
    assert.ok(updates.slice(1).every((u) => u.kind === 'patch'));
  });
});
