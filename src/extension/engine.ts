/**
 * Everything heavy the extension runs: the parser and linter, the renderer
 * (markdown-it, KaTeX), the config loader (ajv, yaml) and the audit. Nothing
 * imports this module directly: `engine()` (./lazy.ts) loads it on first
 * use, so activation evaluates only the glue. The Node build makes it a
 * second bundle (dist/engine.js, scripts/build.mjs); the web build keeps it
 * in the one bundle, evaluated on first use all the same.
 */
export { parseNote } from '../core/parse';
export { lintModel } from '../core/lint';
export { analyzeNote } from '../core/incremental';
export { applyFixes } from '../core/fix';
export { CONFIG_FILE_NAMES, ConfigResolver, FORMAT_FILE_SUFFIX, loadConfig } from '../core/config-loader';
export { hoverAt } from '../core/hover';
export { auditStatusText, auditStatusTooltip, computeAudit, renderAuditReport } from '../core/audit';
export { mlnotesMarkdownItPlugin } from '../core/render/plugin';
export { BlockRenderer } from '../core/render/blocks';
export { makeNonce, noteTitle, webviewPage } from '../core/render/page';
export { builtinFormats } from '../core/formats/index';
export { scaffoldSnippet } from '../core/scaffold';

/**
 * The export's renderer and sanitizer (sanitize-html, htmlparser2, postcss),
 * evaluated on the first export only: most sessions never export.
 */
export const standalone = () => import('../core/render/standalone');
