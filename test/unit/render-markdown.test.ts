/**
 * The rendered side of NOTE-SPEC §2 "One reading of where math is": what the
 * preview and the export show for each case the linter reads (the linter's
 * side is in rules/math-syntax.test.ts and rules/bare-tex.test.ts).
 */
import * as assert from 'node:assert/strict';
import { renderNote } from '../../src/core/render/render';
import { sanitizeBody } from '../../src/core/render/sanitize';

/** The TeX of each formula KaTeX rendered, and whether any shows an error. */
function rendered(text: string): { tex: string[]; errors: number; html: string } {
  const { html } = renderNote(text);
  const tex = [...html.matchAll(/<annotation encoding="application\/x-tex">([\s\S]*?)<\/annotation>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim());
  return { tex, errors: (html.match(/mlnotes-math-error/g) ?? []).length, html };
}

describe('render: Markdown read as GitHub reads it', () => {
  it('a \\$ inside math is a dollar in the math', () => {
    assert.deepEqual(rendered('A bet of $\\$10 \\pm \\$1$ here.\n').tex, ['\\$10 \\pm \\$1']);
  });

  it('a $ nested in \\text{…} does not end display math, in a block or inline', () => {
    const r = rendered('$$\na = \\text{for $x > 0$ only}\n$$\n\nInline $$b = \\text{if $y$}$$ too.\n');
    assert.deepEqual(r.tex, ['a = \\text{for $x > 0$ only}', 'b = \\text{if $y$}']);
    assert.equal(r.errors, 0);
  });

  it('dollars that open no math are text', () => {
    const r = rendered('Create $(pwd)/data, set $HOME and ${DIR}, pay $10.\n');
    assert.deepEqual(r.tex, []);
    assert.match(r.html, /Create \$\(pwd\)\/data, set \$HOME and \$\{DIR\}, pay \$10\./);
  });

  it('math right after a digit does not render (the linter says why)', () => {
    const r = rendered('It gets 2$\\times$ return.\n');
    assert.deepEqual(r.tex, []);
    assert.match(r.html, /2\$\\times\$ return/);
  });

  it('\\| in a table cell is a | of the math', () => {
    assert.deepEqual(rendered('| a | b |\n|---|---|\n| $P(Y\\|X)$ | y |\n').tex, ['P(Y|X)']);
  });

  it('image alt text and link titles are text, dollars and all', () => {
    const r = rendered('![The matrix $\\mathbf{A}$ on $x](img.svg) [see](https://x.org "cost $\\alpha$")\n');
    assert.deepEqual(r.tex, []);
    assert.match(r.html, /alt="The matrix \$\\mathbf\{A\}\$ on \$x"/);
    assert.match(r.html, /title="cost \$\\alpha\$"/);
  });

  it('nothing inside raw HTML is math; a Markdown paragraph inside <details> is', () => {
    const text = '<pre>\necho $TAXI_DIR $\\alpha$\n</pre>\n\nUse <code>($AIRFLOW_HOME) $\\beta$</code> and <sub>$x$</sub> then $y$.\n\n'
      + '<details>\n<summary>$a$</summary>\n\n$z$ inside\n\n</details>\n';
    const r = rendered(text);
    assert.deepEqual(r.tex, ['y', 'z']);
    const body = sanitizeBody(r.html, undefined);
    assert.match(body, /<pre>\necho \$TAXI_DIR \$\\alpha\$\n<\/pre>/);
    assert.match(body, /<code>\(\$AIRFLOW_HOME\) \$\\beta\$<\/code>/);
    assert.match(body, /<sub>\$x\$<\/sub>/);
    assert.match(body, /<details>\n<summary>\$a\$<\/summary>/);
  });

  it('the export sanitizer keeps the allowed HTML and drops the rest', () => {
    const dirty = '<details open ontoggle="x()"><summary style="color:red">S</summary><img src="a.png" onerror="x()" alt="a">'
      + '<a href="javascript:x()">j</a><a href="https://x.org" target="_blank">h</a><script>x()</script><style>p{}</style>'
      + '<iframe src="y"></iframe><form><input></form><meta http-equiv="refresh" content="0"><kbd>K</kbd></details>';
    assert.equal(sanitizeBody(dirty, undefined),
      '<details open><summary>S</summary><img src="a.png" alt="a" /><a>j</a><a href="https://x.org">h</a><kbd>K</kbd></details>');
  });
});
