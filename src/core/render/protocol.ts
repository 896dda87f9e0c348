/**
 * The messages between the preview panel (extension side) and its page
 * script (webview side). Both import these types; nothing else crosses.
 */
import type { BlockUpdate } from './blocks';

/** What the page reports about itself (also read by the integration tests). */
export interface PageState {
  /** The document the page shows. */
  uri?: string;
  /** How many times the page script started: stays 1 while edits are patched in. */
  loads: number;
  /** How many updates were patched into the page. */
  renders: number;
  /** The note's blocks on the page. */
  blocks: number;
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
  /** The theme kind VS Code gave the page (`vscode-light`, `vscode-dark`, `vscode-high-contrast`…). */
  theme?: string;
  /** The page's HTML, only when a test asked for it (`test.report` with `html`). */
  html?: string;
}

/**
 * A render of the note for the page: the whole note (`reset`) or the blocks
 * an edit changed (`patch`, which applies to the render numbered `base`).
 */
export interface BlocksMessage {
  type: 'blocks'; update: BlockUpdate; seq: number; base: number; version: number; title: string;
  /** `Date.now()` when posted: the page reports how long the message took to reach it (bench:vscode). */
  sentAt?: number;
}

export type ToPage =
  /** A new render: the page patches the blocks in, keeping scroll and focus. */
  | BlocksMessage
  /** The editor scrolled: show this (0-based, fractional) source line at the top. */
  | { type: 'scrollToLine'; line: number }
  /** A line shown above the note (e.g. why updates wait for a save); undefined removes it. */
  | { type: 'notice'; text?: string }
  /** Test-only: click (or double-click) the first element matching `selector` as a user would. */
  | { type: 'test.click'; selector: string; double?: boolean; request: number }
  /** Test-only: report the page state now, with the page's HTML if `html`. */
  | { type: 'test.report'; html?: boolean; request: number };

export type FromPage =
  | { type: 'ready'; state: PageState }
  /** An update is in the page (a light report: nothing in it makes the page lay itself out). */
  /**
   * The page shows `version`, laid out and painted. For bench:vscode: `inMs`, the update's way to the
   * page; `applyMs`, patching the DOM; `frameMs`, from then to the painted frame; `sentAt`, `Date.now()` when sent.
   */
  | { type: 'rendered'; version: number; inMs?: number; applyMs?: number; frameMs?: number; sentAt?: number }
  /** The page's state: unasked (a link target scrolled to), or the answer to the test request `request`. */
  | { type: 'state'; state: PageState; request?: number }
  /** The page holds another render than the patch it got applies to: it needs the whole note again. */
  | { type: 'resync' }
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
