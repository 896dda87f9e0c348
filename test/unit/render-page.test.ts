import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import markdownIt from 'markdown-it';
import { mlnotesMarkdownItPlugin } from '../../src/core/render/plugin';
import { katexCssWithFonts, standaloneCsp, webviewCsp, webviewPage } from '../../src/core/render/page';
import { labelAnchor } from '../../src/core/render/numbering';
import { runCli } from '../../src/cli/main';

function io(cwd: string) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; }, cwd } };
}

describe('render: built-in Markdown preview plugin', () => {
  it('gives another markdown-it instance our math, numbers and references', () => {
    const md = mlnotesMarkdownItPlugin(markdownIt({ html: true }), { macros: () => ({ '\\vw': '\\mathbf{w}' }) });
    const html = md.render('See \\eqref{e}.\n\n$$\n\\vw = 1 \\label{e}\n$$\n\n\\[y\\]\n');
    assert.match(html, new RegExp(`<a class="mlnotes-ref" href="#${labelAnchor('e')}">\\(1\\)</a>`));
    assert.match(html, /<div class="mlnotes-math" data-line="2" id="mlnotes-eq-e">/);
    assert.match(html, /mathbf/);
    assert.equal((html.match(/class="katex-display"/g) ?? []).length, 2);
    // A second render of the same instance numbers afresh from 1 (no state left behind).
    const again = md.render('$$x \\label{f}$$\n');
    assert.match(again, /<mtext>\(1\)<\/mtext>/);
    assert.doesNotMatch(again, /\(2\)/);
  });

  it('loads beside another plugin whose math rules have the same names, as VS Code math does', () => {
    // VS Code's markdown-math registers inline `math_inline` and block `math_block` rules first.
    const other = markdownIt({ html: true });
    other.inline.ruler.before('escape', 'math_inline', () => false);
    other.block.ruler.before('fence', 'math_block', () => false);
    const md = mlnotesMarkdownItPlugin(other);
    const html = md.render('Inline $x^2$ and\n\n$$\ny = 1 \\label{e}\n$$\n');
    assert.equal((html.match(/class="katex"/g) ?? []).length, 2);
    assert.match(html, /id="mlnotes-eq-e"/);
  });
});

describe('render: pages', () => {
  it('the webview page carries the CSP, one nonce\'d script and the body', () => {
    const page = webviewPage({ nonce: 'abc123', cspSource: 'https://ext.example', katexCssUri: 'k.css', previewCssUri: 'p.css', scriptUri: 'p.js',
      title: '<T>', body: { html: '<p>hi</p><img src=x onerror=alert(1)>' }, settings: { uri: 'file:///a"b.md' } });
    assert.ok(page.includes(`content="${webviewCsp('https://ext.example', 'abc123').replace(/'/g, '&#39;')}"`));
    assert.match(webviewCsp('X', 'n'), /^default-src 'none'; img-src X data:; style-src X; style-src-attr 'unsafe-inline'; font-src X; script-src 'nonce-n'/);
    assert.match(webviewCsp('X', 'n', true), /; img-src X data: https:; /, 'remote images only when allowed');
    assert.equal(page.match(/<script/g)?.length, 1);
    assert.match(page, /<script nonce="abc123" src="p.js"><\/script>/);
    assert.match(page, /<title>&lt;T&gt;<\/title>/);
    assert.match(page, /data-uri="file:\/\/\/a&quot;b.md"/);
    // The body is data for the page script to sanitize, never markup in the page.
    assert.ok(!page.includes('<p>hi</p>') && !page.includes('<img'));
    assert.match(page, /data-initial="\{&quot;html&quot;:&quot;&lt;p&gt;hi&lt;\/p&gt;/);
    assert.match(page, /<div id="mlnotes-content"><\/div>/);
  });

  it('keeps only the woff2 font sources of KaTeX\'s CSS', () => {
    const css = '@font-face{font-family:A;src:url(fonts/A.woff2) format("woff2"),url(fonts/A.woff) format("woff"),url(fonts/A.ttf) format("truetype")}';
    assert.equal(katexCssWithFonts(css, (f) => `data:${f}`), '@font-face{font-family:A;src:url(data:A.woff2) format("woff2")}');
  });
});

describe('mlnotes render', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlnotes-render-'));
  const note = join(dir, 'note.md');
  writeFileSync(note, '# Loss\n\n$$\\loss = 1 \\label{l}$$\n\nSee \\eqref{l}.\n');
  writeFileSync(join(dir, '.mlnotes.json'), JSON.stringify({ macros: { '\\loss': '\\mathcal{L}' } }));

  it('writes one standalone page: CSP, KaTeX CSS and fonts inline, no script, config macros applied', async () => {
    const { out, io: cli } = io(dir);
    assert.equal(await runCli(['render', 'note.md', '-o', 'note.html'], cli), 0, out.stderr);
    const html = readFileSync(join(dir, 'note.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.ok(html.includes(standaloneCsp(/nonce-([0-9a-f]+)/.exec(html)![1]).replace(/'/g, '&#39;')));
    assert.match(html, /@font-face\{[^}]*src:url\(data:font\/woff2;base64,/);
    assert.doesNotMatch(html, /\.woff\)|\.ttf\)|<script/);
    assert.match(html, /<title>Loss<\/title>/);
    assert.match(html, /mathcal/);
    assert.match(html, /<a class="mlnotes-ref" href="#mlnotes-eq-l">\(1\)<\/a>/);
  });

  it('writes to stdout without -o', async () => {
    const { out, io: cli } = io(dir);
    assert.equal(await runCli(['render', 'note.md'], cli), 0);
    assert.match(out.stdout, /^<!DOCTYPE html>/);
  });

  it('never overwrites the note, and reports a missing note or bad usage', async () => {
    const same = io(dir);
    assert.equal(await runCli(['render', 'note.md', '-o', 'note.md'], same.io), 2);
    assert.match(same.out.stderr, /overwrite the note itself/);
    assert.match(readFileSync(note, 'utf8'), /^# Loss/);
    const missing = io(dir);
    assert.equal(await runCli(['render', 'nope.md', '-o', 'x.html'], missing.io), 2);
    assert.match(missing.out.stderr, /cannot read nope\.md: ENOENT/);
    assert.equal(existsSync(join(dir, 'x.html')), false);
    const usage = io(dir);
    assert.equal(await runCli(['render'], usage.io), 2);
    assert.equal(await runCli(['render', '--bogus', 'note.md'], usage.io), 2);
    assert.match(usage.out.stderr, /Usage: mlnotes render/);
  });

  it('an invalid config, as lint: positioned message, rendered with the defaults, exit 2', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'mlnotes-render-bad-'));
    writeFileSync(join(sub, 'n.md'), '$x$\n');
    writeFileSync(join(sub, '.mlnotes.json'), '{ "macros": 3 }');
    const { out, io: cli } = io(sub);
    assert.equal(await runCli(['render', 'n.md'], cli), 2);
    assert.match(out.stderr, /invalid config: \.mlnotes\.json:1:13: "macros" must be object\. \(defaults used\)/);
    assert.match(out.stdout, /class="katex"/);
  });
});
