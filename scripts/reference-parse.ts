// The yardstick of the lint benches: markdown-it + markdown-it-texmath as
// published, set up as a Markdown preview with math would be (raw HTML on;
// `$`, `\(…\)`/`\[…\]` and `\begin…\end` math; KaTeX never called: a parse).
// Not our own markdown-it (createMarkdownIt): its parser states are faster
// than markdown-it's own, and a yardstick that our optimisations move would
// make a faster parser look like a slower lint.
import markdownIt = require('markdown-it');
import texmath = require('markdown-it-texmath');

export function referenceMarkdownIt(): { parse(text: string, env: object): unknown[] } {
  const noKatex = { renderToString: () => '' };
  return markdownIt({ html: true }).use(texmath, { engine: noKatex, delimiters: ['dollars', 'brackets', 'beg_end'] });
}
