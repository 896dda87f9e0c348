/**
 * The same math and references in VS Code's built-in Markdown preview
 * (`markdown.markdownItPlugins`): our delimiters, KaTeX through the cache,
 * our numbering, `data-line` on math blocks.
 */
import { installNoteSyntax, type MarkdownIt, type MarkdownToken } from '../markdown';
import { MathCache } from './katex-render';
import { installRenderRules, prepareRender, type RenderContext } from './render';

export interface PluginOptions {
  /** The user's macros (settings, config), read at each render. */
  macros?: () => Record<string, string>;
}

export function mlnotesMarkdownItPlugin(md: MarkdownIt, options: PluginOptions = {}): MarkdownIt {
  installNoteSyntax(md);
  installRenderRules(md);
  const cache = new MathCache();
  const render = md.renderer.render.bind(md.renderer);
  // The context is built from the tokens being rendered, so it works whatever env the host passed to parse.
  md.renderer.render = (tokens: MarkdownToken[], opts: any, env: any) => {
    const scope = (env ?? {}) as { mlnotes?: RenderContext };
    const own = !scope.mlnotes;
    if (own) scope.mlnotes = prepareRender(tokens, cache, { macros: options.macros?.() });
    try {
      return render(tokens, opts, scope);
    } finally {
      if (own) {
        delete scope.mlnotes;
        cache.endPass();
      }
    }
  };
  return md;
}
