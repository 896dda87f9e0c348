import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PageState } from '../../src/core/render/protocol';
import { labelAnchor } from '../../src/core/render/numbering';
// Bundled in as text (scripts/vscode-test/prepare.mjs), so the web worker run has it too.
import sampleNote from '../fixtures/render/sample.md';
import { activateExtension, closeAllEditors, mlnotesDiagnostics, screenshot, setColorTheme, setSetting, waitFor, workspaceFolder } from './helpers';

interface PreviewReport {
  uri: string; locked: boolean; state?: PageState; html: string; shared: boolean; csp?: string;
  render?: { kind: 'reset' | 'patch'; blocks: number; rendered: number; posted: number; characters: number };
}

const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i + 1} of text between the reference and its equation, long enough to push it out of view.`).join('\n\n');

const NOTE = `# Ridge regression

The minimiser is \\eqref{eq:solution}; the loss is \\eqref{eq:loss}.

$$
L(w) = \\lVert Xw - y\\rVert^2 + \\lambda \\lVert w\\rVert^2 \\label{eq:loss}
$$

Let $X\\in\\mathbb{R}^{n\\times d}$ and $\\lambda > 0$.

${filler}

$$
\\hat w = (X^\\top X + \\lambda I)^{-1} X^\\top y \\label{eq:solution}
$$
`;

async function previewState(request?: { click?: string; double?: boolean; report?: boolean; version?: number }): Promise<PreviewReport | undefined> {
  return vscode.commands.executeCommand<PreviewReport | undefined>('mlnotes._test.previewState', request);
}

/** Waits until the page itself has the theme (VS Code sets it on the webview's body), not only the workbench. */
async function waitForPageTheme(kind: string): Promise<void> {
  let last: string | undefined;
  await waitFor(async () => (last = (await previewState())?.state?.theme) === kind, { message: `the preview page did not switch to ${kind} (still ${last})` });
}

async function openNote(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

suite('Live preview', () => {
  suiteSetup(activateExtension);
  suiteTeardown(closeAllEditors);

  let editor: vscode.TextEditor;

  test('opens beside the note with KaTeX math rendered in the webview', async function () {
    // The first webview of a fresh workbench pays its start-up (and KaTeX's CSS and fonts): allow for a loaded machine.
    this.timeout(60_000);
    editor = await openNote('preview-note.md', NOTE);
    await vscode.commands.executeCommand('mlnotes.showPreviewToSide');
    const report = await waitFor(async () => {
      const r = await previewState();
      return r?.state && r.state.katexCount > 0 ? r : undefined;
    }, { timeout: 20_000, message: 'the preview page never reported rendered math' });
    assert.equal(report.uri, editor.document.uri.toString());
    assert.equal(report.state!.loads, 1);
    assert.equal(report.state!.katexCount, 4);
    assert.ok(report.shared, 'the first render reused the tokens of the shared parse');
    assert.match(report.html, /<div class="mlnotes-math" data-line="4" id="mlnotes-eq-eq_3a_loss">/);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('preview-note.md')), 'a preview tab is open');
  });

  test('screenshots in light and dark themes', async () => {
    for (const [theme, name] of [['Default Light Modern', 'preview-light'], ['Default Dark Modern', 'preview-dark']] as const) {
      const restore = await setColorTheme(theme);
      await waitForPageTheme(theme.includes('Light') ? 'vscode-light' : 'vscode-dark');
      await screenshot(name);
      await restore();
    }
  });

  test('a new equation typed in the note appears without reloading the page', async () => {
    const before = (await previewState())!.state!;
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, '\n$$\nE = mc^2 \\tag{9}\n$$\n'));
    const after = await waitFor(async () => {
      const state = (await previewState())?.state;
      return state && state.katexCount === before.katexCount + 1 ? state : undefined;
    }, { timeout: 10_000, message: 'the new equation did not appear in the preview' });
    assert.equal(after.loads, 1, 'the page was patched, not reloaded');
    assert.ok(after.renders > before.renders);
    assert.equal(after.version, editor.document.version);
    assert.ok((await previewState())!.shared, 'the render reused the tokens of the parse lint made');
  });

  test('clicking an \\eqref link scrolls its equation into view', async () => {
    const target = labelAnchor('eq:solution');
    const start = (await previewState({ report: true }))!.state!;
    assert.notEqual(start.lastTarget, target);
    const report = await previewState({ click: `a.mlnotes-ref[href="#${target}"]` });
    const state = report!.state!;
    assert.equal(state.lastTarget, target);
    assert.equal(state.targetVisible, true, 'the equation is in view');
    assert.ok(state.scrollY > start.scrollY, `the page scrolled (${start.scrollY} → ${state.scrollY})`);
    // Scroll sync, preview → editor: the editor follows the page down to the equation.
    await waitFor(() => editor.visibleRanges[0].start.line > 40, { message: `the editor did not follow the preview (still at line ${editor.visibleRanges[0].start.line})` });
    await screenshot('preview-eqref-clicked');
  });

  test('scrolling the editor scrolls the preview to the same line', async () => {
    const line = 30; // mid-note: the page can put it at the top
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    let last: PageState | undefined;
    await waitFor(async () => {
      last = (await previewState({ report: true }))?.state;
      return last && Math.abs(last.topLine - editor.visibleRanges[0].start.line) < 4;
    }, { timeout: 10_000 }).catch((error: Error) => {
      throw new Error(`the preview did not follow the editor to line ${editor.visibleRanges[0].start.line}: page at line ${last?.topLine}, scrollY ${last?.scrollY} (${error.message})`);
    });
  });

  test('double-clicking in the preview puts the cursor on that line of the note', async () => {
    await previewState({ click: '.mlnotes-math[data-line="4"]', double: true });
    await waitFor(() => vscode.window.activeTextEditor?.document === editor.document && vscode.window.activeTextEditor.selection.active.line === 4,
      { message: `the cursor is not on line 4 (at ${vscode.window.activeTextEditor?.selection.active.line})` });
  });

  test('follows the active note: a rich note with aligned, boxed, dangling and broken math', async () => {
    const sample = await openNote('ridge-sample.md', sampleNote);
    const report = await waitFor(async () => {
      const r = await previewState({ report: true });
      return r?.uri === sample.document.uri.toString() && r.state && r.state.katexCount > 5 ? r : undefined;
    }, { timeout: 10_000, message: 'the preview did not follow the active note' });
    assert.match(report.html, /mlnotes-ref-missing/);
    assert.match(report.html, /class="mlnotes-math-error"/);
    const restore = await setColorTheme('Default Dark Modern');
    await waitForPageTheme('vscode-dark');
    await screenshot('preview-sample-dark');
    await restore();
    editor = await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await waitFor(async () => (await previewState())?.uri === editor.document.uri.toString(), { message: 'the preview did not come back to the first note' });
  });

  test('changing mlnotes.macros re-renders the open preview without an edit', async () => {
    // $y = 1$ renders either way: an unknown \Rr alone would leave the page with no KaTeX to wait for.
    const note = await openNote('preview-macros.md', '# Macros\n\nLet $x \\in \\Rr^n$ and $y = 1$.\n');
    const version = note.document.version;
    const before = await waitFor(async () => {
      const r = await previewState({ report: true });
      return r?.uri === note.document.uri.toString() && r.state && r.state.katexCount > 0 ? r : undefined;
    }, { timeout: 10_000, message: 'the preview did not follow the macro note' });
    assert.doesNotMatch(before.html, /mathbb/, '\\Rr is unknown before the setting');
    const restore = await setSetting('mlnotes.macros', { '\\Rr': '\\mathbb{R}' });
    try {
      await waitFor(async () => /mathbb/.test((await previewState())?.html ?? ''), { message: 'the preview did not pick up the new macro' });
      assert.equal(note.document.version, version, 'the note was not edited');
      await screenshot('preview-macros-setting');
    } finally {
      await restore();
    }
    await waitFor(async () => !/mathbb/.test((await previewState())?.html ?? ''), { message: 'the preview kept the removed macro' });
    editor = await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await waitFor(async () => (await previewState())?.uri === editor.document.uri.toString(), { message: 'the preview did not come back to the first note' });
  });

  test('above mlnotes.preview.maxSizeKB, the preview says so and updates on save', async () => {
    const restore = await setSetting('mlnotes.preview.maxSizeKB', 1);
    try {
      const before = (await previewState({ report: true }))!.state!;
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      await editor.edit((edit) => edit.insert(end, '\n$$\nF = ma\n$$\n'));
      const waiting = await waitFor(async () => (await previewState({ report: true }))?.state?.notice, { message: 'no notice about the size limit' });
      assert.match(waiting, /larger than 1 KB/);
      assert.equal((await previewState())!.state!.katexCount, before.katexCount, 'not re-rendered while typing');
      await editor.document.save();
      const saved = await waitFor(async () => {
        const state = (await previewState({ report: true }))?.state;
        return state && state.katexCount === before.katexCount + 1 ? state : undefined;
      }, { message: 'the save did not update the preview' });
      assert.equal(saved.notice, undefined);
    } finally {
      await restore();
    }
  });

  test('the webview loads remote images only when mlnotes.preview.allowRemoteImages allows them (the page is rebuilt)', async () => {
    const imgSrc = (report: PreviewReport | undefined) => /img-src (.*?); style-src/.exec(report?.csp ?? '')?.[1];
    const before = await previewState({ report: true });
    assert.ok(imgSrc(before)?.endsWith(' data:'), `blocked by default: ${imgSrc(before)}`);
    const restore = await setSetting('mlnotes.preview.allowRemoteImages', true);
    try {
      await waitFor(async () => {
        const r = await previewState({ report: true });
        return imgSrc(r)?.endsWith(' data: https:') && r!.state!.loads > before!.state!.loads ? r : undefined;
      }, { timeout: 20_000, message: 'the page was not rebuilt with https images allowed' });
    } finally {
      await restore();
    }
    await waitFor(async () => (imgSrc(await previewState({ report: true }))?.endsWith(' data:') ? true : undefined),
      { timeout: 20_000, message: 'the page did not block https images again' });
  });

  test('an edit sends the page only the block it changed, and the blocks whose numbers it changed', async () => {
    const note = await openNote('preview-blocks.md', NOTE);
    await waitFor(async () => {
      const r = await previewState();
      return r?.uri === note.document.uri.toString() && r.state && r.state.katexCount > 0 && r.state.version === note.document.version;
    }, { timeout: 20_000, message: 'the preview did not follow the note' });
    const loads = (await previewState())!.state!.loads;

    // Typing inside one paragraph of many: that paragraph alone is rendered and sent.
    const paragraph = note.document.getText().split('\n').findIndex((l) => l.startsWith('Paragraph 20 '));
    await note.edit((edit) => edit.insert(new vscode.Position(paragraph, 'Paragraph 20'.length), ' (edited)'));
    const typed = (await previewState({ version: note.document.version }))!;
    assert.equal(typed.render?.kind, 'patch');
    assert.equal(typed.render?.posted, 1, `one block sent of ${typed.render?.blocks}`);
    assert.ok(typed.render!.blocks > 40);
    assert.match(typed.html, /Paragraph 20 \(edited\) of text/);

    // A labelled equation above the others renumbers them: the new block, the two renumbered
    // equations and the sentence citing them are sent; the rest only moves down three lines.
    await note.edit((edit) => edit.insert(new vscode.Position(1, 0), '$$\na = b \\label{eq:first}\n$$\n'));
    const renumbered = (await previewState({ version: note.document.version }))!;
    assert.equal(renumbered.render?.kind, 'patch');
    assert.equal(renumbered.render?.posted, 4);
    assert.match(renumbered.html, /<a class="mlnotes-ref" href="#mlnotes-eq-eq_3a_solution">\(3\)<\/a>/);
    const solution = note.document.getText().split('\n').findIndex((l) => l.includes('\\label{eq:solution}')) - 1;
    assert.match(renumbered.html, new RegExp(`<div class="mlnotes-math" data-line="${solution}" id="mlnotes-eq-eq_3a_solution">`), 'the moved equation has its new line');
    assert.equal(renumbered.state!.loads, loads, 'the page was patched, not reloaded');
  });

  test('with the preview open, an edit\'s diagnostics are published before the page shows it', async () => {
    // A lint debounce no test outlasts: only the preview's analysis of the version can publish them.
    const restore = await setSetting('mlnotes.lint.debounceMs', 600_000);
    try {
      const note = await openNote('preview-diagnostics-first.md', '---\nformat: lecture\n---\n\n# Diagnostics first\n\nLet $x = 1$.\n');
      await waitFor(async () => {
        const r = await previewState();
        return r?.uri === note.document.uri.toString() && r.state?.version === note.document.version;
      }, { timeout: 20_000, message: 'the preview did not follow the note' });
      const end = note.document.lineAt(note.document.lineCount - 1).range.end;
      await note.edit((edit) => edit.insert(end, '\nBroken $\\frac{a$ here.\n'));
      const shown = await previewState({ version: note.document.version });
      assert.ok(shown?.state && shown.state.version >= note.document.version, 'the page shows the edit');
      const codes = mlnotesDiagnostics(note.document.uri).map((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)));
      assert.ok(codes.includes('math-syntax'), `the broken formula's diagnostic is published (have: ${codes.join(', ')})`);
    } finally {
      await restore();
    }
  });

  test('a long note reaches a new page in slices, all of it, and edits patch it', async () => {
    const paragraphs = Array.from({ length: 1000 }, (_, i) => `Paragraph ${i + 1} with $x_{${i + 1}}$.`);
    const note = await openNote('preview-long.md', `# Long\n\n${paragraphs.join('\n\n')}\n`);
    const full = await waitFor(async () => {
      const r = await previewState();
      return r?.uri === note.document.uri.toString() && r.state && r.state.blocks === 1001 ? r : undefined;
    }, { timeout: 60_000, message: 'the preview never held the whole long note' });
    // 1001 blocks: the first slice comes with the page, the two others as updates.
    assert.ok(full.state!.renders >= 2, `sent in slices (${full.state!.renders} updates after the page)`);
    assert.match(full.html, /Paragraph 1000 with/);
    const last = note.document.lineCount - 2;
    await note.edit((edit) => edit.insert(new vscode.Position(last, 'Paragraph 1000'.length), ' (edited)'));
    const typed = (await previewState({ version: note.document.version }))!;
    assert.equal(typed.render?.kind, 'patch');
    assert.match(typed.html, /Paragraph 1000 \(edited\) with/);
    assert.equal(typed.state!.loads, full.state!.loads, 'the page was patched, not reloaded');
  });

  test('exports the note as standalone HTML with the CSP and no script', async () => {
    const target = vscode.Uri.joinPath(workspaceFolder(), 'preview-note.html');
    await vscode.commands.executeCommand('mlnotes.exportPreviewHtml', editor.document.uri, target);
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
    assert.match(html, /class="katex"/);
    assert.match(html, /data:font\/woff2;base64,/);
    assert.doesNotMatch(html, /<script/i);
  });

  test('the export blocks remote images unless mlnotes.preview.allowRemoteImages allows them', async () => {
    const target = vscode.Uri.joinPath(workspaceFolder(), 'preview-remote.html');
    const imgSrc = async () => {
      await vscode.commands.executeCommand('mlnotes.exportPreviewHtml', editor.document.uri, target);
      const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      return /img-src (.*?); style-src/.exec(html)?.[1];
    };
    assert.equal(await imgSrc(), '&#39;self&#39; data:');
    const restore = await setSetting('mlnotes.preview.allowRemoteImages', true);
    try {
      assert.equal(await imgSrc(), '&#39;self&#39; data: https:');
    } finally {
      await restore();
    }
  });
});
