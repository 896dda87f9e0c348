/**
 * The messages between the preview panel (extension side) and its page
 * script (webview side). Both import these types; nothing else crosses.
 */
import type { MathSlots } from './html-policy';

/** What the page reports about itself (also read by the integration tests). */
export interface PageState {
  /** How many times the page script started: stays 1 while edits are patched in. */
  loads: number;
  /** How many updates were patched into the page. */
  renders: number;
  /** Document version of the last update shown. */
  version: number;
  /** `.katex` elements on the page. */
  katexCount: number;
  scrollY: number;
  /** Source line at the top of the view. */
  topLine: number;
  /** Id of the last in-page link target scrolled to, and whether it is in view. */
  lastTarget?: string;
  targetVisible?: boolean;
  /** The notice shown above the note, if any. */
  notice?: string;
}

export type ToPage =
  /** New body HTML for the document; the page patches it in (morphdom), keeping scroll and focus. */
  | { type: 'update'; html: string; slots?: MathSlots; version: number; title: string }
  /** The editor scrolled: show this (0-based, fractional) source line at the top. */
  | { type: 'scrollToLine'; line: number }
  /** A line shown above the note (e.g. why updates wait for a save); undefined removes it. */
  | { type: 'notice'; text?: string }
  /** Test-only: click (or double-click) the first element matching `selector` as a user would. */
  | { type: 'test.click'; selector: string; double?: boolean }
  /** Test-only: report the page state now. */
  | { type: 'test.report' };

export type FromPage =
  | { type: 'ready'; state: PageState }
  | { type: 'rendered'; state: PageState }
  | { type: 'state'; state: PageState }
  /** The preview scrolled by the user: reveal this source line in the editor. */
  | { type: 'revealLine'; line: number }
  /** Double-click in the preview: put the editor's cursor on this line. */
  | { type: 'doubleClick'; line: number }
  /** A link that leaves the page (http(s), a relative file): the extension opens it. */
  | { type: 'openLink'; href: string };

/** The page's persisted state (webview `setState`), restored after a reload and by the panel serializer. */
export interface PersistedState {
  /** The document shown. */
  uri?: string;
  locked?: boolean;
  loads?: number;
  scrollLine?: number;
}
