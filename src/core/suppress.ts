/**
 * Suppression comments (NOTE-SPEC §5), read from the note's HTML comments:
 *   <!-- mlnotes-disable [RULE…] -->            from here on
 *   <!-- mlnotes-enable [RULE…] -->             from here on
 *   <!-- mlnotes-disable-next-line [RULE…] -->  the line after the comment
 *   <!-- mlnotes-disable-line [RULE…] -->       the comment's own line (as markdownlint)
 *   <!-- mlnotes-disable-file [RULE…] -->       the whole file, wherever it stands
 * No rule list means every rule. Rules are separated by spaces or commas; a
 * `-- reason` after the list is ignored (as ESLint). Unknown rule ids are
 * ignored (as markdownlint).
 */
import type { Comment } from './model';
import type { Position } from './types';
import { comparePositions } from './text';

export type DirectiveKind = 'disable' | 'enable' | 'disable-next-line' | 'disable-line' | 'disable-file';

export interface Directive {
  kind: DirectiveKind;
  /** Rule ids; empty means all rules. */
  rules: string[];
  comment: Comment;
}

const DIRECTIVE = /^\s*mlnotes-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)([\s\S]*)$/;

/** The directive a comment holds, if any. `text` may include the `<!--`/`-->` markers or not. */
export function parseDirective(comment: Comment): Directive | undefined {
  const inner = comment.text.replace(/^\s*<!--/, '').replace(/-->\s*$/, '');
  const match = DIRECTIVE.exec(inner);
  if (!match) return undefined;
  const list = match[2].split(/\s--\s|\s--$/)[0];
  const rules = list.split(/[\s,]+/).filter((r) => r.length > 0);
  return { kind: match[1] as DirectiveKind, rules, comment };
}

export interface Suppressions {
  isSuppressed(rule: string, at: Position): boolean;
}

const applies = (directive: Directive, rule: string) => directive.rules.length === 0 || directive.rules.includes(rule);

export function buildSuppressions(comments: readonly Comment[]): Suppressions {
  const directives = comments.map(parseDirective).filter((d): d is Directive => d !== undefined);
  const fileWide = directives.filter((d) => d.kind === 'disable-file');
  const lineWide = directives.filter((d) => d.kind === 'disable-next-line' || d.kind === 'disable-line');
  const regions = directives.filter((d) => d.kind === 'disable' || d.kind === 'enable')
    .sort((a, b) => comparePositions(a.comment.range.start, b.comment.range.start));

  const suppressedLine = (directive: Directive) =>
    directive.kind === 'disable-line' ? directive.comment.range.start.line : directive.comment.range.end.line + 1;

  function inDisabledRegion(rule: string, at: Position): boolean {
    let disabled = false;
    for (const directive of regions) {
      if (comparePositions(directive.comment.range.start, at) > 0) break;
      if (applies(directive, rule)) disabled = directive.kind === 'disable';
    }
    return disabled;
  }

  return {
    isSuppressed(rule, at) {
      if (directives.length === 0) return false;
      if (fileWide.some((d) => applies(d, rule))) return true;
      if (lineWide.some((d) => applies(d, rule) && suppressedLine(d) === at.line)) return true;
      return inDisabledRegion(rule, at);
    },
  };
}
