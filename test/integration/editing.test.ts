import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, waitFor, workspaceFolder } from './helpers';

const NOTE = [
  '---', 'format: lecture', '---', '',
  '## 2) Notation & Objects', '',
  '- $X\\in\\mathbb{R}^{n\\times d}$: design matrix.', '',
  '## 4.B Step-by-Step Derivation', '',
  'The prediction $X w$ (VERBATIM).', '',
  'ml-st',
].join('\n');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

suite('Hovers, snippets and grammar contributions', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    await activateExtension();
    const uri = vscode.Uri.joinPath(workspaceFolder(), 'editing-note.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(NOTE));
    document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
  });
  suiteTeardown(closeAllEditors);

  test('hovering a symbol shows its declaration from the glossary', async () => {
    const line = document.lineAt(10).text;
    const position = new vscode.Position(10, line.indexOf('X w'));
    const text = await waitFor(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
      return /design matrix/.test(hoverText(hovers)) ? hoverText(hovers) : undefined;
    }, { message: 'no hover with the declaration of X' });
    assert.match(text, /\*\*X\*\*/);
  });

  test('the ml- snippets are offered in Markdown', async () => {
    const position = new vscode.Position(12, 'ml-st'.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.includes('ml-step'), `no ml-step snippet among ${labels.length} completions: ${labels.slice(0, 20).join(', ')}`);
  });

  test('the grammars and snippets the manifest names are reachable from the extension host', async () => {
    // VS Code (desktop or web) reads these files from the extension's location; a missing one fails silently there.
    const extension = vscode.extensions.getExtension('mlnotes.mlnotes')!;
    const contributes = extension.packageJSON.contributes as { grammars: Array<{ scopeName: string; path: string }>; snippets: Array<{ path: string }> };
    for (const grammar of contributes.grammars) {
      const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, grammar.path)))) as { scopeName: string };
      assert.equal(json.scopeName, grammar.scopeName, grammar.path);
    }
    for (const snippets of contributes.snippets) {
      const json = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, snippets.path)))) as Record<string, unknown>;
      assert.ok(Object.keys(json).length > 0, snippets.path);
    }
  });
});
