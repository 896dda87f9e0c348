/**
 * findSymbols: every use of a symbol in one piece of TeX math, with offsets
 * into that TeX. What counts as a symbol is NOTE-SPEC §4; the choices the
 * spec leaves open are recorded in docs/rules-src/symbol-shape.md:
 *
 * - Subscripts are indices and labels (`x_i`, `W_{ij}`, `d_{model}`,
 *   `\nabla_\theta`): no letter in a subscript is a use.
 * - Superscripts are exponents and are scanned (`\beta_1^t`, `e^{-\lambda}`),
 *   except marks (`^\top`, `^T`, `^{-1}`, `^{+}`, `^\dagger`, `^*`) and
 *   parenthesised labels (`w^{(k)}`).
 * - Letters in a superscript of a number set (`\mathbb{R}^{n\times d}`) or of
 *   a literal set (`\{0,1\}^n`), and in a math span that is only a shape
 *   (`n\times d`), are dimension uses (`dimension: true`).
 * - Bound indices: the subscript of a big operator, of `\mathbb{E}`, of a
 *   closing `\}` (`\sum_{i=1}^n`, `\max_j`, `\mathbb{E}_{z\sim q}`,
 *   `\{…\}_{i=1}^n`), the variable after `\forall`, the variable before `:`
 *   or `\mid` in a set-builder, and the variable of a differential (`dx`,
 *   `\mathrm{d}x`) bind that symbol for the whole expression.
 * - Three or more letters in a row (`mAP`, `softmax` typed bare) are a word,
 *   not a product of symbols; so are `tr`, `ln`, `lg`, `KL`.
 */
import { coverKey, isMarkOrLabel, readAtom, startsAtom, type Atom } from './atoms';
import { readArgument, skipOptionalArgument, skipSpaces, type TexArgument } from '../tex/arguments';
import { tokenize, type TexToken } from '../tex/tokens';
import { BARE_WORDS, BINDERS, COLOR_THEN_MATH, INTEGRALS, MACRO_DEFINERS, RELATIONS, TEXT_ARGUMENT } from '../tex/vocabulary';

export interface FoundSymbol {
  /** Normalised key (see atoms.ts): `w`, `\mathbf{w}`, `\theta`, `\mathcal{L}`. */
  key: string;
  /** The symbol as written, with decorations, subscripts and mark superscripts (`\hat{w}_t`). */
  tex: string;
  /** Offsets into the TeX given to findSymbols. */
  start: number;
  end: number;
  /** True when the letter stands only inside a shape (`n` in `\mathbb{R}^{n\times d}`). */
  dimension?: boolean;
}

export { coverKey };

/** What a following `_`/`^` attaches to. */
type Attach = 'binder' | 'set' | 'other';

/** `=`, `:=`, `\coloneqq`, `\triangleq`, `\equiv`, `\stackrel…`, `\overset…` (the text of a token and the next). */
const DEFINING_RELATION = /^(=|:=|\\coloneqq|\\triangleq|\\equiv|\\stackrel|\\overset|\\doteq)/;
const FRACTIONS = new Set(['frac', 'dfrac', 'tfrac', 'cfrac']);
const THIN_SPACES = new Set([',', ';', '!', ':', ' ', 'quad', 'qquad']);
const SET_OPENERS = new Set(['{', 'lbrace']);
const SET_CLOSERS = new Set(['}', 'rbrace']);
const BINDER_WORDS = /^(arg\s*\\?[,;!]?\s*)?(max|min|sup|inf|lim|argmax|argmin)$/;
const DEFINITIONS = new Set([...MACRO_DEFINERS, 'let']);
/** A span that is nothing but a shape: `n\times d`, `(n \times d)`. */
const SHAPE_ONLY = /^[\s(]*[A-Za-z0-9+\-]+(?:_\{?[A-Za-z0-9]+\}?)?(?:\s*\\times\s*[A-Za-z0-9+\-]+(?:_\{?[A-Za-z0-9]+\}?)?)+[\s)]*$/;

class SymbolScanner {
  readonly tokens: TexToken[];
  readonly uses: FoundSymbol[] = [];
  readonly bound = new Set<string>();
  /** The part of `bound` that are index variables (of sums, maxima, `\forall`, set-builders, defined names). */
  readonly indices = new Set<string>();
  private readonly hasIntegral: boolean;
  private readonly setStack: number[] = [];

  constructor(readonly tex: string) {
    this.tokens = tokenize(tex);
    this.hasIntegral = this.tokens.some((t) => t.kind === 'command' && INTEGRALS.has(t.name ?? ''));
  }

  run(): FoundSymbol[] {
    this.bindFunctionArguments();
    this.bindImplicitIndices();
    this.scan(0, this.tokens.length, SHAPE_ONLY.test(this.tex) && this.tex.includes('\\times'));
    // A bound `x_i` also binds its bold form (`\sum_{x_i \in x} \mathbf{x}_i`), as a declaration would.
    return this.uses.filter((use) => !this.bound.has(use.key) && !this.bound.has(coverKey(use.key)));
  }

  /** `\sum \frac{(O_i - E_i)^2}{E_i}`, `\sum P(i)`: a sum or product with no subscript leaves its index i, j or k implicit. */
  private bindImplicitIndices(): void {
    const tokens = this.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].kind !== 'command' || (tokens[i].name !== 'sum' && tokens[i].name !== 'prod')) continue;
      let at = skipSpaces(tokens, i + 1, tokens.length);
      if (tokens[at]?.name === 'limits') at = skipSpaces(tokens, at + 1, tokens.length);
      if (tokens[at]?.kind !== 'sub') this.addBound(['i', 'j', 'k']);
    }
  }

  /**
   * `\sigma(z) = \frac{1}{1+e^{-z}}`, `f(x; \theta) := …`: a line that starts by
   * defining a function binds its arguments (each a lone symbol between
   * commas, semicolons or bars) for the expression.
   */
  private bindFunctionArguments(): void {
    const tokens = this.tokens;
    const to = tokens.length;
    let lineStart = 0;
    for (let i = 0; i <= to; i++) {
      const t = tokens[i];
      if (i < to && t.kind === 'open' && t.pair !== undefined && t.pair > i) { i = t.pair; continue; }
      const breaks = i === to || (t.kind === 'command' && (t.name === '\\' || t.name === 'begin'));
      if (!breaks) continue;
      this.bindArgumentsAt(lineStart, i);
      if (i < to && t.name === 'begin') {
        const arg = readArgument(tokens, i + 1, to);
        lineStart = arg ? arg.end : i + 1;
        if (arg) i = arg.end - 1;
      } else lineStart = i + 1;
    }
  }

  private bindArgumentsAt(from: number, to: number): void {
    const tokens = this.tokens;
    let at = skipSpaces(tokens, from, to);
    while (at < to && tokens[at].kind === 'align') at = skipSpaces(tokens, at + 1, to);
    const head = this.definedHead(at, to);
    if (!head) return;
    let open = skipSpaces(tokens, head.end, to);
    if (open < to && tokens[open].name === 'left') open = skipSpaces(tokens, open + 1, to);
    const close = open < to && tokens[open].text === '(' ? closingParenthesis(tokens, open, to) : -1;
    // A named function needs its arguments (`\text{Gini}(t) =`); a symbol may stand alone (`C_i = \{…\}`).
    if (close < 0 && !head.atom) return;
    let after = skipSpaces(tokens, close < 0 ? head.end : close + 1, to);
    while (after < to && tokens[after].kind === 'align') after = skipSpaces(tokens, after + 1, to);
    if (after >= to || !DEFINING_RELATION.test(tokens[after].text + (tokens[after + 1]?.text ?? ''))) return;
    if (close >= 0) this.bindParts(open + 1, close, true);
    // `C_i = \{x : … \forall j \ne i\}`, `h_{j,i}(t) = …`, `Z^l = f(Z^{l-1})`: the indices of the defined name are dummies too.
    for (const sub of head.atom?.subscripts ?? []) this.bindParts(sub.innerStart, sub.innerEnd, false);
    for (const sup of head.atom?.superscripts ?? []) if (!isMarkOrLabel(tokens, sup)) this.bindParts(sup.innerStart, sup.innerEnd, false);
  }

  /**
   * What a defining line starts with: a symbol (`\sigma`, `C_i`), a named
   * function (`\text{Gini}`, `\operatorname{RRF}`, `\mathrm{MSE}`) or a word
   * typed bare (`IDF`, `BM25`). Returns the token after it.
   */
  private definedHead(at: number, to: number): { end: number; atom?: Atom } | undefined {
    const tokens = this.tokens;
    if (at >= to) return undefined;
    const t = tokens[at];
    if (startsAtom(tokens, at)) {
      const atom = readAtom(tokens, at, to);
      if (atom.kind === 'symbol') {
        let run = at + 1;
        while (run < to && (tokens[run].kind === 'letter' || tokens[run].kind === 'digit')) run++;
        // `IDF(q)`, `BM25(D, Q)`: letters and digits in a row name a function.
        if (t.kind === 'letter' && run - at >= 2 && atom.end === at + 1) return { end: run };
        return { end: atom.end, atom };
      }
      // `\mathrm{MSE}(t)`, and an operator such as `L_\infty(P, Q)`.
      return atom.word !== undefined || atom.subscripts.length > 0 ? { end: atom.end } : undefined;
    }
    const name = t.kind === 'command' ? t.name ?? '' : '';
    if (!name.startsWith('text') && !name.startsWith('operatorname')) return undefined;
    const arg = readArgument(tokens, at + 1, to);
    return arg ? { end: arg.end } : undefined;
  }

  /**
   * Binds each lone symbol of tokens [from, to) between `,`, `;`, `|` or
   * `\mid`. With `anySymbol` false (a subscript), only plain letters, and a
   * pair of lower-case letters (`ij`) binds both.
   */
  private bindParts(from: number, to: number, anySymbol: boolean): void {
    const tokens = this.tokens;
    let partStart = from;
    for (let k = from; k <= to; k++) {
      const text = tokens[k]?.text;
      if (k < to && !(text === ',' || text === ';' || text === '|' || tokens[k].name === 'mid' || tokens[k].name === 'right')) continue;
      if (anySymbol) this.bindLoneSymbol(partStart, k);
      else this.bindIndexLetters(partStart, k);
      partStart = k + 1;
    }
  }

  private bindIndexLetters(from: number, to: number): void {
    const letters = this.tokens.slice(from, to).filter((t) => t.kind !== 'space');
    if (!letters.every((t) => t.kind === 'letter')) return;
    if (letters.length === 1 || (letters.length === 2 && letters.every((t) => /[a-z]/.test(t.text)))) {
      this.addBound(letters.map((t) => t.text));
    }
  }

  /**
   * Binds the symbols of an argument that is only symbols and numbers joined
   * by `+` or `-` (`x`, `t+1`, `a+b`), as in `w(t+1) = w(t) + …` or
   * `f(a+b) = f(a) + f(b)`.
   */
  private bindLoneSymbol(from: number, to: number): void {
    const tokens = this.tokens;
    const keys: string[] = [];
    for (let at = skipSpaces(tokens, from, to); at < to; at = skipSpaces(tokens, at, to)) {
      if (startsAtom(tokens, at)) {
        const atom = readAtom(tokens, at, to);
        if (atom.kind !== 'symbol' || !atom.key) return;
        keys.push(atom.key);
        at = atom.end;
      } else if (tokens[at].kind === 'digit' || tokens[at].text === '+' || tokens[at].text === '-') at++;
      else return;
    }
    for (const key of keys) this.bound.add(key);
  }

  /** Scans tokens [from, to). `dimension` marks every use found as a dimension letter. */
  scan(from: number, to: number, dimension: boolean): void {
    let attach: Attach = 'other';
    let i = from;
    while (i < to) {
      const t = this.tokens[i];
      switch (t.kind) {
        case 'sub': {
          const arg = readArgument(this.tokens, i + 1, to);
          if (!arg) { i++; break; }
          if (attach === 'binder' || attach === 'set') this.bindIn(arg.innerStart, arg.innerEnd);
          i = arg.end;
          break;
        }
        case 'sup': {
          const arg = readArgument(this.tokens, i + 1, to);
          if (!arg) { i++; break; }
          this.superscript(arg, dimension || attach === 'set');
          i = arg.end;
          break;
        }
        case 'letter': {
          const next = this.letter(i, to, dimension);
          attach = next.attach;
          i = next.end;
          break;
        }
        case 'command': {
          const next = this.command(i, to, dimension, attach);
          attach = next.attach;
          i = next.end;
          break;
        }
        case 'space': case 'comment': case 'prime':
          i++;
          break;
        case 'char':
          attach = t.text === ')' || t.text === ']' ? 'binder' : 'other';
          i = t.text === '<' ? this.afterHtmlScript(i, to) : i + 1;
          break;
        default:
          attach = 'other';
          i++;
      }
    }
  }

  private letter(i: number, to: number, dimension: boolean): { end: number; attach: Attach } {
    const tokens = this.tokens;
    if (this.isDifferential(i, to)) return { end: this.differential(i + 1, to, dimension), attach: 'other' };
    let run = 1;
    while (i + run < to && tokens[i + run].kind === 'letter') run++;
    if (isUnit(tokens, i, run)) return { end: i + run, attach: 'other' };
    // `e^{2\pi i x}`: the imaginary unit, next to `\pi`.
    if (run === 1 && tokens[i].text === 'i' && (tokens[i - 1]?.name === 'pi' || tokens[skipSpaces(tokens, i + 1, to)]?.name === 'pi'
      || tokens[i - 2]?.name === 'pi' && tokens[i - 1]?.kind === 'space')) return { end: i + 1, attach: 'other' };
    // `z_i’s`: a plural written into the math, not a symbol `s`.
    if (run === 1 && tokens[i].text === 's' && tokens[i - 1]?.text === '\u2019') return { end: i + 1, attach: 'other' };
    if (run >= 3 || (run === 2 && BARE_WORDS.has(tokens[i].text + tokens[i + 1].text))) {
      const word = this.tex.slice(tokens[i].start, tokens[i + run - 1].end);
      return { end: i + run, attach: BINDER_WORDS.test(word) ? 'binder' : 'other' };
    }
    return this.atom(i, to, dimension);
  }

  private command(i: number, to: number, dimension: boolean, attach: Attach): { end: number; attach: Attach } {
    const tokens = this.tokens;
    const name = tokens[i].name ?? '';
    if (startsAtom(tokens, i)) return this.atom(i, to, dimension);
    if (TEXT_ARGUMENT.has(name)) return this.textArgument(i, to, name);
    if (COLOR_THEN_MATH.has(name)) {
      const first = readArgument(tokens, i + 1, to);
      return { end: first ? first.end : i + 1, attach: 'other' };
    }
    if (DEFINITIONS.has(name)) return { end: to, attach: 'other' };
    if (BINDERS.has(name)) return { end: i + 1, attach: 'binder' };
    if (name === 'limits' || name === 'nolimits' || name === 'left' || name === 'right' || /^[Bb]igg?[lr]?$/.test(name)) {
      return { end: i + 1, attach };
    }
    if (name === 'mathop') {
      const arg = readArgument(tokens, i + 1, to);
      return { end: arg ? arg.end : i + 1, attach: 'binder' };
    }
    if (name === '\\') return { end: skipOptionalArgument(tokens, i + 1, to), attach: 'other' };
    if (name === 'forall' || name === 'exists' || name === 'nexists') {
      this.bindList(i + 1, to);
      return { end: i + 1, attach: 'other' };
    }
    if (SET_OPENERS.has(name)) {
      this.setStack.push(i);
      this.bindSetBuilder(i + 1, to);
      return { end: i + 1, attach: 'other' };
    }
    if (SET_CLOSERS.has(name)) {
      const open = this.setStack.pop();
      const literal = open !== undefined && !this.hasSymbolBetween(open + 1, i);
      return { end: i + 1, attach: literal ? 'set' : 'binder' };
    }
    return { end: i + 1, attach: 'other' };
  }

  /** `\text{…}`, `\operatorname{…}`, `\label{…}`, `\begin{array}{cc}`: skip the arguments. */
  private textArgument(i: number, to: number, name: string): { end: number; attach: Attach } {
    const tokens = this.tokens;
    let at = i + 1;
    let starred = false;
    const afterStar = skipSpaces(tokens, at, to);
    if (afterStar < to && tokens[afterStar].text === '*') { at = afterStar + 1; starred = true; }
    const arg = readArgument(tokens, at, to);
    if (!arg) return { end: at, attach: 'other' };
    let end = arg.end;
    const body = this.tex.slice(tokens[arg.innerStart]?.start ?? 0, tokens[arg.innerEnd - 1]?.end ?? 0).trim();
    if (name === 'begin' && /^(array|subarray|tabular)$/.test(body)) {
      const spec = readArgument(tokens, end, to);
      if (spec) end = spec.end;
    }
    if (name === 'href') {
      const text = readArgument(tokens, end, to);
      if (text) end = text.end;
    }
    const binder = name.startsWith('operatorname') && (starred || name.endsWith('withlimits') || BINDER_WORDS.test(body.replace(/\\[,;!]/g, '')));
    // `\text{for all } i` binds like `\forall i`.
    if (name.startsWith('text') && /^(?:for\s+(?:all|every|each)|for\s+any)$/i.test(body)) this.bindList(end, to);
    return { end, attach: binder ? 'binder' : 'other' };
  }

  private atom(i: number, to: number, dimension: boolean): { end: number; attach: Attach } {
    const atom = readAtom(this.tokens, i, to);
    if (atom.kind === 'group' && atom.inner) this.scan(atom.inner.innerStart, atom.inner.innerEnd, dimension);
    if (atom.kind === 'symbol' && atom.key) this.emit(atom, dimension);
    if (atom.kind === 'differential') return { end: this.differential(atom.end, to, dimension), attach: 'other' };
    const binds = atom.kind === 'operator' || (atom.word !== undefined && BINDER_WORDS.test(atom.word));
    for (const sub of atom.subscripts) if (binds) this.bindIn(sub.innerStart, sub.innerEnd);
    // The simplex `\Delta^{K-1}` is sized like `\mathbb{R}^{K}`: its superscript gives a dimension.
    const sized = atom.kind === 'number-set' || (atom.kind === 'symbol' && atom.key === '\\Delta');
    for (const sup of atom.superscripts) this.superscript(sup, dimension || sized);
    return { end: atom.end, attach: atom.kind === 'number-set' ? 'set' : binds ? 'binder' : 'other' };
  }

  /**
   * `p<sub>d</sub>`, `v<sup>i</sup>`: HTML typed into math marks a subscript or
   * a label, as `_` and `^{(i)}` would; nothing inside is a use.
   */
  private afterHtmlScript(i: number, to: number): number {
    const m = /^<(sub|sup)>[^<]{0,40}<\/\1>/.exec(this.tex.slice(this.tokens[i].start, this.tokens[i].start + 60));
    if (!m) return i + 1;
    const end = this.tokens[i].start + m[0].length;
    let k = i + 1;
    while (k < to && this.tokens[k].start < end) k++;
    return k;
  }

  private emit(atom: Atom, dimension: boolean): void {
    const start = this.tokens[atom.start].start;
    const end = this.tokens[atom.nameEnd - 1].end;
    const use: FoundSymbol = { key: atom.key!, tex: this.tex.slice(start, end), start, end };
    if (dimension) use.dimension = true;
    this.uses.push(use);
  }

  private superscript(arg: TexArgument, dimension: boolean): void {
    if (isMarkOrLabel(this.tokens, arg)) return;
    this.scan(arg.innerStart, arg.innerEnd, dimension);
  }

  /** After a differential `d`: the variable is bound; returns the token index after it. */
  private differential(i: number, to: number, dimension: boolean): number {
    const at = skipSpaces(this.tokens, i, to);
    if (at >= to || !startsAtom(this.tokens, at)) return i;
    const atom = readAtom(this.tokens, at, to);
    if (atom.kind === 'symbol' && atom.key) this.bound.add(atom.key);
    for (const sup of atom.superscripts) this.superscript(sup, dimension);
    return atom.end;
  }

  /**
   * A plain `d` is a differential when a symbol follows with no space
   * (`dx`, `d\theta`) and the context says calculus: an integral in the
   * expression, a thin space before it (`\,dx`), or a fraction argument
   * that starts with it (`\frac{dy}{dx}`, `\frac{d}{dx}`).
   */
  private isDifferential(i: number, to: number): boolean {
    const tokens = this.tokens;
    if (tokens[i].text !== 'd') return false;
    const next = tokens[i + 1];
    const aloneInGroup = next?.kind === 'close' || (next?.kind === 'sup' && tokens[i - 1]?.kind === 'open');
    const followedBySymbol = i + 1 < to && startsAtom(tokens, i + 1);
    if (!followedBySymbol && !aloneInGroup) return false;
    if (aloneInGroup) return this.startsFractionArgument(i);
    if (this.hasIntegral || this.startsFractionArgument(i)) return true;
    const before = tokens[i - 1];
    return before?.kind === 'command' && THIN_SPACES.has(before.name ?? '');
  }

  private startsFractionArgument(i: number): boolean {
    const tokens = this.tokens;
    const open = tokens[i - 1];
    if (open?.kind !== 'open') return false;
    const before = tokens[i - 2];
    if (before?.kind === 'command' && FRACTIONS.has(before.name ?? '')) return true;
    if (before?.kind === 'close' && before.pair !== undefined && before.pair > 0) {
      const fraction = tokens[before.pair - 1];
      return fraction?.kind === 'command' && FRACTIONS.has(fraction.name ?? '');
    }
    return false;
  }

  /**
   * Binds the index variables written in a binder's subscript: in each
   * comma-separated part, the symbols before the first relation
   * (`i=1`, `(i,j)\in\mathcal{P}`, `z\sim q`), or all of them when the part
   * is only symbols (`\max_{\mathbf{w}, b}`).
   */
  private bindIn(from: number, to: number): void {
    const tokens = this.tokens;
    let partStart = from;
    let depth = 0;
    for (let k = from; k <= to; k++) {
      const t = tokens[k];
      if (k < to) {
        if (t.text === '(' || t.text === '[') depth++;
        else if (t.text === ')' || t.text === ']') depth--;
        if (!(depth === 0 && t.text === ',')) continue;
      }
      this.bindPart(partStart, k);
      partStart = k + 1;
    }
  }

  private bindPart(from: number, to: number): void {
    const tokens = this.tokens;
    const keys: string[] = [];
    let onlySymbols = true;
    for (let k = from; k < to;) {
      const t = tokens[k];
      if (isRelation(t)) { this.addBound(keys); return; }
      if (startsAtom(tokens, k)) {
        const atom = readAtom(tokens, k, to);
        if (atom.kind === 'symbol' && atom.key) keys.push(atom.key);
        else onlySymbols = false;
        k = atom.end;
        continue;
      }
      if (t.kind === 'open' && t.pair !== undefined && t.pair > k && t.pair < to) {
        // A brace group is transparent: `_{\{i,j\}}`, `_{{i}}`.
        k++;
        continue;
      }
      if (!(t.kind === 'space' || t.kind === 'close' || t.text === '(' || t.text === ')' || t.text === ',')) onlySymbols = false;
      k++;
    }
    if (onlySymbols) this.addBound(keys);
  }

  /** Binds index variables (not function arguments or differentials, which bind through `bound` alone). */
  private addBound(keys: string[]): void {
    for (const key of keys) { this.bound.add(key); this.indices.add(key); }
  }

  /** `\forall i`, `\forall i, j`: binds the plain letters listed right after. */
  private bindList(i: number, to: number): void {
    const tokens = this.tokens;
    let at = skipSpaces(tokens, i, to);
    while (at < to && startsAtom(tokens, at)) {
      const atom = readAtom(tokens, at, to);
      if (atom.kind !== 'symbol' || !atom.key) return;
      this.addBound([atom.key]);
      const comma = skipSpaces(tokens, atom.end, to);
      if (comma >= to || tokens[comma].text !== ',') return;
      const next = skipSpaces(tokens, comma + 1, to);
      // `\forall i, \xi_i \ge 0`: the list ends where a decorated symbol or a relation starts.
      if (next >= to || tokens[next].kind !== 'letter' || (tokens[next + 1] && /^(sub|sup|letter)$/.test(tokens[next + 1].kind))) return;
      at = next;
    }
  }

  /** `\{x : x > 0\}`, `\{i \mid y_i = 1\}`: binds the variables before the colon. */
  private bindSetBuilder(i: number, to: number): void {
    const tokens = this.tokens;
    let depth = 0;
    for (let k = i; k < to; k++) {
      const t = tokens[k];
      if (t.kind === 'command' && SET_OPENERS.has(t.name ?? '')) depth++;
      else if (t.kind === 'command' && SET_CLOSERS.has(t.name ?? '')) { if (depth-- === 0) return; }
      else if (depth === 0 && (t.text === ':' || t.name === 'mid' || t.name === 'colon')) {
        this.bindPart(i, k);
        return;
      }
    }
  }

  private hasSymbolBetween(from: number, to: number): boolean {
    for (let k = from; k < to; k++) if (startsAtom(this.tokens, k)) return true;
    return false;
  }
}

/** Units written right after a number: `200ms`, `16GB`, `2GHz`; a bare `s` or `h` only after a decimal (`0.2s`). */
const UNITS = /^(?:ms|us|ns|min|[KMGT]i?B|[kMG]Hz)$/;
const DECIMAL_UNITS = /^[sh]$/;

function isUnit(tokens: readonly TexToken[], i: number, run: number): boolean {
  if (tokens[i - 1]?.kind !== 'digit') return false;
  const word = tokens.slice(i, i + run).map((t) => t.text).join('');
  if (UNITS.test(word)) return true;
  if (!DECIMAL_UNITS.test(word)) return false;
  let k = i - 1;
  while (k >= 0 && tokens[k].kind === 'digit') k--;
  return tokens[k]?.text === '.' && tokens[k - 1]?.kind === 'digit';
}

/**
 * The letters of an abbreviation typed in math around offset `at` of `tex`:
 * two or more capitals in a row (`TP`, `FN`, `BP`, the `PG` of `L^{PG}`), or
 * letters run into digits (`BM25`, `F1`, `v2`). Such a run reads as a
 * product of symbols only when one of its letters is declared (`XW`, `QK`);
 * symbol-shape decides that. Undefined when the letter at `at` is in no such run.
 */
export function abbreviationAt(tex: string, at: number): string[] | undefined {
  // Most letters stand apart: no need to tokenize for them.
  if (!/[A-Za-z0-9]/.test(tex[at - 1] ?? '') && !/[A-Za-z0-9]/.test(tex[at + 1] ?? '')) return undefined;
  const tokens = tokenize(tex);
  const k = tokens.findIndex((t) => t.start === at);
  if (k < 0 || tokens[k].kind !== 'letter') return undefined;
  const inRun = (t: TexToken | undefined) => t?.kind === 'letter' || t?.kind === 'digit';
  let first = k;
  while (tokens[first - 1]?.kind === 'letter') first--;
  let last = k;
  while (inRun(tokens[last + 1])) last++;
  const run = tokens.slice(first, last + 1);
  if (tokens[first - 1]?.kind === 'command') return undefined;
  const letters = run.filter((t) => t.kind === 'letter').map((t) => t.text);
  const capitals = letters.length >= 2 && letters.every((l) => /[A-Z]/.test(l));
  const intoDigits = run.some((t, j) => t.kind === 'letter' && run[j + 1]?.kind === 'digit');
  return capitals || intoDigits ? letters : undefined;
}

/** The index of the `)` that closes the `(` at `open`, or -1. */
function closingParenthesis(tokens: readonly TexToken[], open: number, to: number): number {
  let depth = 0;
  for (let k = open; k < to; k++) {
    if (tokens[k].text === '(') depth++;
    else if (tokens[k].text === ')' && --depth === 0) return k;
  }
  return -1;
}

function isRelation(t: TexToken): boolean {
  if (t.kind === 'command') return RELATIONS.has(t.name ?? '');
  return t.kind === 'char' && (t.text === '=' || t.text === '<' || t.text === '>' || t.text === ':' || t.text === '|');
}

/** The index variables that `tex` binds (`i` in `\sum_{i=1}^n`, `k` in `\forall k`), as keys. */
export function findIndices(tex: string): Set<string> {
  const scanner = new SymbolScanner(tex);
  scanner.run();
  return scanner.indices;
}

/** Every use of a symbol in `tex`, in order, with offsets into `tex`. */
export function findSymbols(tex: string): FoundSymbol[] {
  return new SymbolScanner(tex).run();
}
