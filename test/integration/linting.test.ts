import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension, closeAllEditors, fixtureUri, mlnotesDiagnostics, openFixture, screenshot, setSetting, waitFor,
} from './helpers';

const ruleOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));

function diagnosticsOf(uri: vscode.Uri, rule: string): vscode.Diagnostic[] {
  return mlnotesDiagnostics(uri).filter((d) => ruleOf(d) === rule);
}

/** Waits until the note has been linted at all (any published set, even empty, shows up as a status bar text). */
async function waitForLint(document: vscode.TextDocument): Promise<void> {
  await waitFor(async () => {
    const text = await vscode.commands.executeCommand<string | undefined>('mlnotes.auditStatusText');
    return vscode.window.activeTextEditor?.document === document && text;
    // The first lint after activation also loads KaTeX and compiles validators: allow for a loaded machine.
  }, { timeout: 20_000, message: 'the note was not linted' });
}

function lineOf(document: vscode.TextDocument, needle: string): number {
  const line = document.getText().split(/\r?\n/).findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `no line holds ${needle}`);
  return line;
}

suite('Linting in the editor', () => {
  suiteSetup(activateExtension);
  teardown(closeAllEditors);

  test('a transformation typed without a rule gets step-rule on its line, and a typed {Rule: } clears it', async () => {
    const editor = await openFixture('lint/typing.md');
    const { document } = editor;
    await waitForLint(document);
    assert.deepEqual(diagnosticsOf(document.uri, 'step-rule'), [], 'the fixture starts clean of step-rule');

    const anchor = lineOf(document, '### 4.C Intermediate Checks');
    const typed = 'Equation (6): restate the solution (VERBATIM).\n\n$$\nw = (X^\\top X)^{-1} X^\\top y\n$$\n\n';
    await editor.edit((edit) => edit.insert(new vscode.Position(anchor, 0), typed));
    const relationLine = anchor + 3;
    const flagged = await waitFor(() => diagnosticsOf(document.uri, 'step-rule').find((d) => d.range.start.line === relationLine),
      { message: 'no step-rule diagnostic on the typed transformation' });
    assert.match(flagged.message, /"="/);
    assert.equal(flagged.severity, vscode.DiagnosticSeverity.Error);
    await screenshot('lint-step-rule');

    await editor.edit((edit) => edit.insert(new vscode.Position(anchor + 5, 0), '{Rule: chain rule}\n\n'));
    await waitFor(() => diagnosticsOf(document.uri, 'step-rule').length === 0, { message: 'step-rule did not clear after {Rule: }' });
  });

  test('one parse and one lint per version: the diagnostics, hovers, code actions and the status bar share them', async () => {
    const editor = await openFixture('lint/typing.md');
    const { document } = editor;
    await waitForLint(document);
    await vscode.commands.executeCommand('mlnotes._test.timings'); // forgets what came before
    const published = new Promise<void>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => uri.toString() === document.uri.toString())) { listener.dispose(); resolve(); }
      });
    });
    const anchor = lineOf(document, '### 4.C Intermediate Checks');
    await editor.edit((edit) => edit.insert(new vscode.Position(anchor, 0), 'A new sentence with $x$.\n\n'));
    await published;
    const formula = lineOf(document, '$');
    await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, new vscode.Position(formula, document.lineAt(formula).text.indexOf('$') + 1));
    await vscode.commands.executeCommand('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0));
    assert.ok(await vscode.commands.executeCommand<string | undefined>('mlnotes.auditStatusText'), 'the status bar shows the note');
    const stages = await vscode.commands.executeCommand<Record<string, number[]>>('mlnotes._test.timings');
    assert.equal(stages['analyze: parse and lint']?.length, 1, 'one parse and lint');
    // The version is analysed from the one before: only the lines around the edit are parsed again.
    const reparsed = stages['analyze: lines parsed again (count)'] ?? [];
    assert.equal(reparsed.length, 1);
    assert.ok(reparsed[0] < document.lineCount / 4, `${reparsed[0]} of ${document.lineCount} lines parsed again`);
  });

  test('the quick fix for an undeclared symbol adds a glossary line, and one undo restores the text byte for byte', async () => {
    const editor = await openFixture('lint/undeclared.md');
    const { document } = editor;
    const original = document.getText();
    const diagnostic = await waitFor(() => diagnosticsOf(document.uri, 'symbol-shape').find((d) => d.message.includes('\\gamma')),
      { message: 'no symbol-shape diagnostic for \\gamma' });
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.edit && a.title.includes('glossary'));
    assert.ok(fix?.edit, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));

    const glossaryEnd = lineOf(document, '## 3) Assumptions');
    const inserted = document.getText().split('\n').slice(0, glossaryEnd).filter((l) => l.includes('\\gamma'));
    assert.equal(inserted.length, 1, 'one glossary entry for \\gamma');
    assert.match(inserted[0], /^- \$\\gamma ?\\in ?\\mathbb\{R\}/);

    await vscode.commands.executeCommand('undo');
    await waitFor(() => document.getText() === original, { message: 'undo did not restore the text' });
  });

  test('Fix all applies every safe fix in one edit', async () => {
    const editor = await openFixture('lint/fixall.md');
    const { document } = editor;
    await waitFor(() => diagnosticsOf(document.uri, 'label-spelling').length === 2 && diagnosticsOf(document.uri, 'required-section').length === 1,
      { message: 'the fixture\'s fixable problems were not reported' });
    assert.equal(await vscode.commands.executeCommand('mlnotes.fixAll'), true);
    const text = document.getText();
    assert.match(text, /Equation \(1\): the objective \(VERBATIM\)\./);
    assert.match(text, /Equation \(2\): expand the norm \(RECONSTRUCTED\)\./);
    assert.match(text, /\n## 6\) Implementation Insights\n\n## 7\) Key Insights/);
    await waitFor(() => diagnosticsOf(document.uri, 'label-spelling').length === 0 && diagnosticsOf(document.uri, 'required-section').length === 0,
      { message: 'fixed problems are still reported' });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => /\(RECONSTRUCT\)/.test(document.getText()) && /\(Verbatim\)/.test(document.getText()), { message: 'one undo did not revert Fix all' });
  });

  test('a broken .mlnotes.json is reported at its bad value, and the note is linted with the defaults', async () => {
    const configUri = fixtureUri('broken-config/.mlnotes.json');
    // The config is read when a note below it is linted.
    const note = await openFixture('broken-config/note.md');
    // The first config read compiles the config schema's validator: allow for a loaded machine.
    const bad = await waitFor(() => vscode.languages.getDiagnostics(configUri).find((d) => d.source === 'mlnotes'),
      { timeout: 20_000, message: 'no diagnostic in the broken config file' });
    assert.equal(bad.range.start.line, 2, 'on the line of "loud"');
    const text = (await vscode.workspace.openTextDocument(configUri)).lineAt(2).text;
    assert.equal(text.slice(bad.range.start.character, bad.range.end.character), '"loud"');

    const stepRule = await waitFor(() => diagnosticsOf(note.document.uri, 'step-rule')[0], { message: 'the note was not linted with defaults' });
    assert.equal(stepRule.severity, vscode.DiagnosticSeverity.Error, 'step-rule keeps its default severity');
  });

  test('a .mlnotes.json created beside a linted note applies at once, and deleting it restores the defaults', async () => {
    const { document } = await openFixture('lint/undeclared.md');
    await waitFor(() => diagnosticsOf(document.uri, 'symbol-shape').length > 0, { timeout: 20_000, message: 'no symbol-shape diagnostic to start with' });
    const configUri = fixtureUri('lint/.mlnotes.json');
    try {
      // Config files are watched from the first config load on (the loader is not loaded at activation).
      await vscode.workspace.fs.writeFile(configUri, new TextEncoder().encode('{ "rules": { "symbol-shape": "off" } }\n'));
      await waitFor(() => diagnosticsOf(document.uri, 'symbol-shape').length === 0, { timeout: 20_000, message: 'the new config did not turn symbol-shape off' });
    } finally {
      await vscode.workspace.fs.delete(configUri);
    }
    await waitFor(() => diagnosticsOf(document.uri, 'symbol-shape').length > 0, { timeout: 20_000, message: 'deleting the config did not restore symbol-shape' });
  });

  test('a bad value in a custom format file is reported at its node in that file', async () => {
    const formatUri = fixtureUri('broken-format/paper.mlnotes-format.json');
    await openFixture('broken-format/note.md');
    const bad = await waitFor(() => vscode.languages.getDiagnostics(formatUri).find((d) => d.source === 'mlnotes'),
      { timeout: 20_000, message: 'no diagnostic in the broken format file' });
    assert.equal(bad.range.start.line, 4, 'on the line of "nonsense"');
    const text = (await vscode.workspace.openTextDocument(formatUri)).lineAt(4).text;
    assert.equal(text.slice(bad.range.start.character, bad.range.end.character), '"nonsense"');
    assert.match(bad.message, /\$\.sections\[0\]\.role must be one of/);
  });

  test('the status bar and the audit report give the note\'s figures', async () => {
    const editor = await openFixture('audit/lecture-audit.md');
    // The status bar and the published diagnostics come from the same analysis: wait until both show it.
    const errorsOf = () => mlnotesDiagnostics(editor.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    const expected = (count: number) => `$(checklist) 3/4 justified · RECONSTRUCTED 1 · ASSUMPTION 1 · GAP 1 · CLAIM 1 · ✖ ${count}`;
    let status: string | undefined;
    await waitFor(async () => {
      status = await vscode.commands.executeCommand<string | undefined>('mlnotes.auditStatusText');
      return errorsOf().length > 0 && status === expected(errorsOf().length);
    }, { message: 'status bar and diagnostics disagree' }).catch((error: Error) => {
      throw new Error(`${error.message}: status "${status}", errors ${errorsOf().map((d) => `${d.range.start.line + 1} ${ruleOf(d)}`).join(', ')}`);
    });
    const rules = errorsOf().map(ruleOf);
    assert.ok(rules.includes('step-rule') && rules.includes('required-section'), rules.join(', '));
    const tooltip = await vscode.commands.executeCommand<string | undefined>('mlnotes.auditStatusTooltip');
    assert.match(tooltip ?? '', /VERBATIM steps anchored to a timestamp: 1 of 1 \(1 timestamp outside the Source's time range\)\./);

    await vscode.window.showTextDocument(editor.document);
    const report = await vscode.commands.executeCommand<vscode.TextDocument>('mlnotes.showAuditReport');
    assert.ok(report, 'the report command returns the report document');
    const text = report.getText();
    assert.match(text, /\| transformations justified \| 3 \/ 4 \(75 %\) \|/);
    assert.match(text, /- \*\*GAP\*\* \(step 4, \[line 57\]/);
    assert.match(text, /## Missing sections\n\n- 4\.C Intermediate Checks/);
    assert.match(text, /`\\tau` \(first used at \[line 65\]/);
    assert.match(text, /VERBATIM steps anchored to a timestamp: 1 of 1\.\n\nOutside the Source's time range \(05:00–18:30\):\n\n- @ 19:05 \(\[line 51\]/);
    assert.equal(report.uri.scheme, 'mlnotes-report', 'a read-only virtual document');
    assert.equal(vscode.window.activeTextEditor?.document, report, 'the report is shown beside the note');
    await screenshot('audit-report');
  });

  test('mlnotes.lint.enable = off clears the diagnostics, and turning it back on restores them', async () => {
    const editor = await openFixture('broken-config/note.md');
    await waitFor(() => diagnosticsOf(editor.document.uri, 'step-rule').length > 0, { message: 'no diagnostics to start with' });
    const restore = await setSetting('mlnotes.lint.enable', 'off');
    try {
      await waitFor(() => mlnotesDiagnostics(editor.document.uri).length === 0, { message: 'diagnostics were not cleared' });
    } finally {
      await restore();
    }
    await waitFor(() => diagnosticsOf(editor.document.uri, 'step-rule').length > 0, { message: 'diagnostics did not come back' });
  });

  test('above mlnotes.lint.maxSizeKB a note is not linted, one information diagnostic says why, and no quick fix is computed', async () => {
    const restore = await setSetting('mlnotes.lint.maxSizeKB', 1);
    try {
      const editor = await openFixture('lint/fixall.md');
      const notice = await waitFor(() => {
        const all = mlnotesDiagnostics(editor.document.uri);
        return all.length === 1 && ruleOf(all[0]) === 'file-too-large' ? all[0] : undefined;
      }, { message: 'no single file-too-large diagnostic' });
      assert.equal(notice.severity, vscode.DiagnosticSeverity.Information);
      assert.match(notice.message, /above mlnotes\.lint\.maxSizeKB \(1 KB\)/);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(0, 0, 40, 0));
      assert.deepEqual(actions.filter((a) => a.title.includes('mlnotes') || a.title.startsWith('Disable')).map((a) => a.title), []);
      assert.equal(await vscode.commands.executeCommand('mlnotes.auditStatusText'), undefined);
    } finally {
      await restore();
    }
  });
});
