/**
 * A plain-text rendering of simple TeX (declarations such as
 * `X\in\mathbb{R}^{n\times d}`) for places that cannot show KaTeX: VS Code
 * hovers sanitize away KaTeX's HTML and MathML. Anything it does not know
 * is left as written.
 */
import { textArgument } from './tex/arguments';
import { BOLD_STYLES } from './tex/vocabulary';

const COMMANDS: Record<string, string> = {
  in: '∈', notin: '∉', times: '×', cdot: '·', to: '→', mapsto: '↦', sim: '∼', le: '≤', leq: '≤', ge: '≥', geq: '≥',
  ne: '≠', neq: '≠', approx: '≈', propto: '∝', subseteq: '⊆', subset: '⊂', cup: '∪', cap: '∩', infty: '∞',
  top: 'ᵀ', intercal: 'ᵀ', dagger: '†', ldots: '…', dots: '…', cdots: '⋯', quad: ' ', qquad: '  ', coloneqq: '≔',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ',
  vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ',
  tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ',
  Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', nabla: '∇', partial: '∂',
  sum: '∑', prod: '∏', '{': '{', '}': '}', ',': ' ', ';': ' ', '!': '', '|': '‖',
};

const BLACKBOARD: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', Q: 'ℚ', C: 'ℂ', E: '𝔼', P: 'ℙ' };
const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ', d: 'ᵈ', k: 'ᵏ', m: 'ᵐ', T: 'ᵀ', K: 'ᴷ', p: 'ᵖ', 'ᵀ': 'ᵀ', '†': '†', '*': '*',
};

/** `{…}` at `start` (or a single token), and the index after it. */
function argument(tex: string, start: number): [string, number] {
  const [from, to, next] = textArgument(tex, start);
  return [tex.slice(from, to), next];
}

function superscript(text: string): string {
  const chars = [...text.replace(/\s+/g, '')];
  return chars.every((c) => SUPERSCRIPT[c]) ? chars.map((c) => SUPERSCRIPT[c]).join('') : `^(${text})`;
}

export function texToUnicode(tex: string): string {
  let out = '';
  let i = 0;
  while (i < tex.length) {
    const c = tex[i];
    if (c === '\\') {
      const name = /^[A-Za-z]+|^./.exec(tex.slice(i + 1))?.[0] ?? '';
      i += 1 + name.length;
      if (name === 'mathbb') {
        const [arg, next] = argument(tex, skipSpaces(tex, i));
        out += BLACKBOARD[arg] ?? arg;
        i = next;
      } else if (BOLD_STYLES.has(name) || ['mathrm', 'mathcal', 'text', 'operatorname', 'hat', 'bar', 'tilde', 'left', 'right'].includes(name)) {
        if (name === 'left' || name === 'right') continue;
        const [arg, next] = argument(tex, skipSpaces(tex, i));
        out += texToUnicode(arg) + (name === 'hat' ? '\u0302' : name === 'bar' ? '\u0304' : name === 'tilde' ? '\u0303' : '');
        i = next;
      } else {
        out += COMMANDS[name] ?? `\\${name}`;
      }
    } else if (c === '^') {
      const [arg, next] = argument(tex, i + 1);
      out += superscript(texToUnicode(arg));
      i = next;
    } else if (c === '_') {
      const [arg, next] = argument(tex, i + 1);
      out += `_${arg.length > 1 ? `(${texToUnicode(arg)})` : arg}`;
      i = next;
    } else if (c === '{' || c === '}') {
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out
    .replace(/\s*×\s*/g, '×')
    .replace(/\s*([∈∉∼≤≥≠≈∝⊆⊂→↦=<>≔])\s*/g, ' $1 ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

function skipSpaces(tex: string, i: number): number {
  while (tex[i] === ' ') i++;
  return i;
}
