/** Conversions between core's plain data and VS Code's types. */
import * as vscode from 'vscode';
import type { Fix, LintDiagnostic, Range, Severity } from '../core/types';

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function fromRange(range: vscode.Range): Range {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Keeps the core diagnostic a VS Code diagnostic came from, so code actions can find its fix. */
const origins = new WeakMap<vscode.Diagnostic, LintDiagnostic>();

export function originOf(diagnostic: vscode.Diagnostic): LintDiagnostic | undefined {
  return origins.get(diagnostic);
}

export function toDiagnostic(lint: LintDiagnostic, document: vscode.Uri, docsBase: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(lint.range), lint.message, SEVERITIES[lint.severity]);
  diagnostic.source = 'mlnotes';
  diagnostic.code = { value: lint.rule, target: vscode.Uri.joinPath(docsBase, 'docs', 'rules', `${lint.rule}.md`) };
  if (lint.related?.length) {
    diagnostic.relatedInformation = lint.related.map((related) =>
      new vscode.DiagnosticRelatedInformation(new vscode.Location(document, toRange(related.range)), related.message));
  }
  origins.set(diagnostic, lint);
  return diagnostic;
}

/** A fix as one WorkspaceEdit: one undoable step. */
export function toWorkspaceEdit(uri: vscode.Uri, fixes: Fix[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const fix of fixes) {
    for (const textEdit of fix.edits) edit.replace(uri, toRange(textEdit.range), textEdit.newText);
  }
  return edit;
}
