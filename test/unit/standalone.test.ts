import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { katexCssWithFonts } from '../../src/core/render/page';
import { base64, embedKatexFonts, renderStandalone } from '../../src/core/render/standalone';

// The standalone page is built in core, so the extension's export (web worker
// included, no Buffer there) embeds exactly what `mlnotes render` embeds.
describe('standalone page (shared by the CLI and the extension export)', () => {
  it('base64 agrees with Node\'s Buffer, across the chunk boundary', () => {
    for (const size of [0, 1, 2, 3, 0x8000 - 1, 0x8000, 0x8000 + 1, 100_000]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7919 + size) % 256);
      assert.equal(base64(bytes), Buffer.from(bytes).toString('base64'), `size ${size}`);
    }
  });

  it('embeds every KaTeX woff2 font, as the synchronous CLI path does', async () => {
    const dir = 'node_modules/katex/dist';
    const css = readFileSync(join(dir, 'katex.min.css'), 'utf8');
    const sync = katexCssWithFonts(css, (file) => `data:font/woff2;base64,${readFileSync(join(dir, 'fonts', file)).toString('base64')}`);
    const read: string[] = [];
    const embedded = await embedKatexFonts(css, async (file) => { read.push(file); return readFileSync(join(dir, 'fonts', file)); });
    assert.equal(embedded, sync);
    assert.ok(read.length >= 10 && read.every((file) => file.endsWith('.woff2')), read.join(', '));
  });

  it('names the page after the note\'s heading, else its file name (either path separator)', () => {
    const assets = { katexCss: '', previewCss: '' };
    assert.match(renderStandalone('# Ridge\n\n$x$\n', 'notes/a.md', {}, assets), /<title>Ridge<\/title>/);
    assert.match(renderStandalone('no heading\n', 'C:\\notes\\b.md', {}, assets), /<title>b\.md<\/title>/);
  });
});
