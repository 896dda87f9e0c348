/**
 * Shape inference over one math span. A recursive-descent parser reads the
 * tokens and infers a shape for every sub-expression it understands; anything
 * else is unknown (`null`) and never reported. Problems are only raised when
 * both operands have known, conflicting shapes.
 *
 * Grammar (loosely): span := side (relation side)* separated by `,`, `\quad`,
 * `\text{…}`, `\\`; side := term (± term)*; term := factor (op? factor)*;
 * factor := atom postfix*.
 *
 * The parser decides which operator applies and where; what each operator
 * makes of its operands' shapes is the algebra in algebra.ts.
 */
import { significantTokens, type SignificantToken as Token } from '../tex/tokens';
import { argumentTokens } from '../tex/arguments';
import {
  ANNOTATED_RELATIONS, BIG_OPERATORS, BOLD_STYLES, DEFINITION_RELATIONS, ELEMENTWISE_FUNCTIONS, EQUIVALENCES, EXTREMA,
  INEQUALITIES, ORDERS, commands,
} from '../tex/vocabulary';
import { parseDim, type MapShape } from './domain';
import { familyKey, readSymbol, type ShapeEnv, type ShapeBinding, type SymbolRead } from './env';
import { isScalar, transposeShape, type Dim, type Origin, type Shape } from './shape';
import {
  SCALAR_SHAPE, ZERO_SCALAR, absoluteShape, bigOperatorShape, commonShape, constantVector, diagShape, fractionShape, gradientShape,
  identityShape, innerProductShape, inverseShape, isColumn, mapApplied, operatorShape, powerShape, productShape,
  pseudoInverseShape, relationConflict, subscriptShape, sumShape, traceShape, type Outcome,
} from './algebra';

export interface ShapeProblem {
  /** Offsets of the offending sub-expression in the tex. */
  start: number;
  end: number;
  /** The sub-expression as written. */
  expression: string;
  /** What is wrong, with both shapes and the declarations behind them. */
  detail: string;
  /** `` `expression`: detail `` */
  message: string;
}

/** An inferred sub-expression, for hovers. */
export interface ShapedNode {
  start: number;
  end: number;
  shape: Shape;
}

interface Value {
  shape: Shape | null;
  start: number;
  end: number;
  /** A declared map (`f:\mathbb{R}^d\to\mathbb{R}`) not yet applied. */
  fn?: MapShape;
  /** An elementwise function (`\sigma`, `\exp`, softmax) not yet applied. */
  elementwise?: boolean;
  /** A symbol of unknown shape (undeclared, or declared ambiguously): followed by `(…)` it is a function of unknown shape (`L(\theta)`). */
  undeclared?: boolean;
  /** A declared symbol as written, without postfix marks: `Q(x)` may be a function call, not a product. */
  bareSymbol?: boolean;
  /** A parenthesised group. */
  parenthesised?: boolean;
  /** A lone letter in parentheses right after a declared letter (`h(x)`). */
  callArgument?: boolean;
}

/** Relations whose sides must have one shape. */
const RELATIONS = new Set(['=', '<', '>', ...commands(INEQUALITIES, EQUIVALENCES, ORDERS, DEFINITION_RELATIONS, ['ne', 'neq', 'doteq'])]);
const ANNOTATED = commands(ANNOTATED_RELATIONS);
/** End a chain of relations: what follows is not compared with what came before. */
const SEPARATORS = new Set([',', ';', '\\quad', '\\qquad', '\\\\', '\\in', '\\notin', '\\sim', '\\to', '\\mapsto',
  '\\implies', '\\impliedby', '\\iff', '\\Rightarrow', '\\Leftarrow', '\\Leftrightarrow', '\\Longrightarrow',
  '\\longrightarrow', '\\rightarrow', '\\leftarrow', '\\gets', '\\forall', '\\exists', '\\mid', '\\subset', '\\subseteq',
  '\\supset', '\\supseteq', ':', '\\colon', '\\wedge', '\\vee', '\\land', '\\lor', '\\perp', '\\label', '\\tag',
  '\\hspace', '\\text', '\\textrm', '\\textbf', '\\textit', '\\mbox', '\\textnormal', '\\intertext', '\\hfill',
  '\\sim', '\\overset', '\\stackrel', '\\underset', '\\iid', '\\ni', '\\Longleftrightarrow']);
const TEXT_COMMANDS = new Set(['\\text', '\\textrm', '\\textbf', '\\textit', '\\mbox', '\\textnormal', '\\operatorname',
  '\\mathrm', '\\mathop', '\\operatorname*', '\\intertext', '\\label', '\\tag', '\\hspace']);
const CLOSERS = new Set([')', ']', '}', '\\}', '\\rangle', '\\rVert', '\\rvert', '\\rbrace', '\\rbrack', '\\rceil', '\\rfloor']);
const OPENERS: Record<string, string[]> = {
  '(': [')', ']'], '[': [']', ')'], '{': ['}'], '\\{': ['\\}'], '\\lbrace': ['\\rbrace'], '\\langle': ['\\rangle'],
  '\\lVert': ['\\rVert'], '\\lvert': ['\\rvert'], '\\lceil': ['\\rceil'], '\\lfloor': ['\\rfloor'], '\\lbrack': ['\\rbrack'],
};
const TRANSPARENT_ENVIRONMENTS = new Set(['aligned', 'align', 'align*', 'alignedat', 'split', 'gathered', 'gather',
  'gather*', 'equation', 'equation*', 'multline', 'multline*', 'eqnarray', 'eqnarray*']);

/** Functions that keep the shape of their argument. */
const ELEMENTWISE = new Set([...commands(ELEMENTWISE_FUNCTIONS), 'softmax', 'relu', 'sigmoid',
  'sign', 'sgn', 'tanh', 'exp', 'log', 'gelu', 'logsoftmax', 'abs', 'clip', 'normalize']);
const TRANSPOSE_MARKS = new Set(['\\top', 'T', '\\intercal', '\\mathsf{T}', '\\mathrm{T}', '\\mathsf T', '\\mathrm T', '\\mathtt{T}']);
const PSEUDO_MARKS = new Set(['+', '\\dagger']);
const DECORATION_MARKS = new Set(['*', '\\star', '\\ast', '\\prime', "'"]);
const ARG_OPERATORS = new Set(['argmin', 'argmax']);
const EXTREMUM_NAMES = new Set([...commands(EXTREMA), 'min', 'max']);
const NUMBER_CONSTANTS = new Set(['\\infty', '\\pi', 'e']);
/** Styles of `\mathbf{1}`, `\mathbb{E}`, `\vec{0}`: special values, not letters. */
const SPECIAL_STYLES = commands(BOLD_STYLES, ['mathbb', 'vec']);
const BIG = commands(BIG_OPERATORS);
const GROUPING_COMMANDS = new Set([...commands(BOLD_STYLES), ...commands(['boxed', 'underbrace', 'overbrace', 'underline',
  'cancel', 'bcancel', 'hat', 'widehat', 'bar', 'overline', 'tilde', 'widetilde', 'color', 'textcolor', 'left', 'mathring', 'vec'])]);

const BARE_SYMBOL: Partial<Value> = { bareSymbol: true };

function isRelation(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (RELATIONS.has(t.text)) return true;
  if (t.text === ':' && tokens[i + 1]?.text === '=') return true;
  if (ANNOTATED.has(t.text)) {
    const first = argumentTokens(tokens, i + 1);
    const second = first && argumentTokens(tokens, first.end);
    return !!second && second.tokens.length >= 1 && isRelation(second.tokens, 0);
  }
  return false;
}

export class ShapeParser {
  i = 0;
  /** The current parse stops before this token index. */
  limit: number;
  problems: ShapeProblem[] = [];
  nodes: ShapedNode[] = [];
  /** Only hovers need every sub-expression's shape. */
  collectNodes = false;

  /** When set, every binding the parse looks up, with what it found (for ShapeCache). */
  reads?: BindingRead[];

  constructor(readonly tex: string, readonly tokens: Token[], readonly env: ShapeEnv) {
    this.limit = tokens.length;
  }

  private binding(key: string): ShapeBinding | undefined {
    const found = this.env.bindings.get(key);
    this.reads?.push({ key, binding: found });
    return found;
  }

  private peek(k = 0): Token | undefined {
    return this.i + k < this.limit ? this.tokens[this.i + k] : undefined;
  }

  private text(start: number, end: number): string {
    return this.tex.slice(start, end).trim();
  }

  private value(shape: Shape | null, start: number, end: number, extra?: Partial<Value>): Value {
    if (shape && this.collectNodes) this.nodes.push({ start, end, shape });
    // One object layout for every value keeps the hot paths monomorphic (object spread is slow here).
    const value: Value = {
      shape, start, end, fn: undefined, elementwise: false, undeclared: false, bareSymbol: false,
      parenthesised: false, callArgument: false,
    };
    if (extra) {
      if (extra.fn) value.fn = extra.fn;
      if (extra.elementwise) value.elementwise = true;
      if (extra.undeclared) value.undeclared = true;
      if (extra.bareSymbol) value.bareSymbol = true;
      if (extra.parenthesised) value.parenthesised = true;
      if (extra.callArgument) value.callArgument = true;
    }
    return value;
  }

  /** The value of an operator's outcome over [start, end); a conflict is reported there. */
  private outcome(result: Outcome, start: number, end: number): Value {
    if (result.conflict) {
      this.report(start, end, result.conflict.detail, result.conflict.origins);
      return this.value(null, start, end);
    }
    return this.value(result.shape, start, end);
  }

  private report(start: number, end: number, detail: string, origins: (Origin | undefined)[] = []): void {
    const expression = this.text(start, end);
    const seen = new Set<string>();
    const notes: string[] = [];
    for (const origin of origins) {
      if (!origin || seen.has(origin.symbol)) continue;
      seen.add(origin.symbol);
      notes.push(`\`${origin.symbol}\` is declared in ${origin.domain}`);
    }
    const full = detail + (notes.length ? `; ${notes.join('; ')}` : '');
    this.problems.push({ start, end, expression, detail: full, message: `\`${expression}\`: ${full}` });
  }

  /** Runs `fn` over tokens [this.i, end) and leaves the cursor at `end`. */
  private within<T>(end: number, fn: () => T): T {
    const savedLimit = this.limit;
    this.limit = end;
    try {
      return fn();
    } finally {
      this.limit = savedLimit;
      this.i = end;
    }
  }

  /** Index of the token closing the opener at `open`, or -1. */
  private findClose(open: number): number {
    const opener = this.tokens[open].text;
    const sameMark = opener === '\\|' || opener === '|' || opener === '\\Vert' || opener === '\\vert';
    const closers = sameMark ? [opener] : OPENERS[opener];
    let depth = 0;
    for (let j = open + 1; j < this.limit; j++) {
      const text = this.tokens[j].text;
      if (depth === 0 && closers.includes(text)) return j;
      if (OPENERS[text]) depth++;
      else if (CLOSERS.has(text)) {
        if (depth === 0) return -1;
        depth--;
      }
    }
    return -1;
  }

  // ---- chains of relations -------------------------------------------------

  /** A whole span (or a `\boxed{…}` holding relations): compare the sides of each relation. */
  parseChain(): void {
    let previous: Value | null = null;
    let relation: { start: number; end: number } | null = null;
    let lineBreak = false;
    while (this.i < this.limit) {
      const t = this.tokens[this.i];
      if (isRelation(this.tokens, this.i)) {
        relation = { start: t.start, end: this.skipRelation() };
        continue;
      }
      if (t.text === '\\begin' || t.text === '\\end') {
        if (this.skipEnvironmentMarker()) continue;
      }
      if (t.text === '\\\\') {
        this.i++;
        relation = null;
        lineBreak = true;
        continue;
      }
      if ((SEPARATORS.has(t.text) && !this.isFunctionText()) || CLOSERS.has(t.text) || t.text === '.') {
        this.skipSeparator();
        previous = null;
        relation = null;
        continue;
      }
      if (t.text === '\\boxed' && this.boxedHoldsRelation()) {
        const arg = argumentTokens(this.tokens, this.i + 1)!;
        this.i += 2;
        this.within(arg.end - 1, () => this.parseChain());
        this.i = arg.end;
        previous = null;
        relation = null;
        continue;
      }
      const before = this.i;
      const side = this.parseExpression();
      if (this.i === before) this.i++;
      if (relation && previous) this.compareSides(previous, side, lineBreak);
      previous = side;
      relation = null;
      lineBreak = false;
    }
  }

  private skipRelation(): number {
    const t = this.tokens[this.i];
    if (t.text === ':') {
      this.i += 2;
      return this.tokens[this.i - 1].end;
    }
    if (ANNOTATED.has(t.text)) {
      const first = argumentTokens(this.tokens, this.i + 1)!;
      const second = argumentTokens(this.tokens, first.end)!;
      this.i = second.end;
      return this.tokens[second.end - 1].end;
    }
    this.i++;
    return t.end;
  }

  /** Skips a separator and the arguments of `\text{…}`, `\label{…}` and the like. */
  private skipSeparator(): void {
    const t = this.tokens[this.i++];
    if (TEXT_COMMANDS.has(t.text) || t.text === '\\overset' || t.text === '\\stackrel' || t.text === '\\underset') {
      const count = t.text === '\\overset' || t.text === '\\stackrel' || t.text === '\\underset' ? 2 : 1;
      for (let k = 0; k < count && this.i < this.limit; k++) {
        const arg = argumentTokens(this.tokens, this.i);
        if (!arg || arg.end > this.limit) break;
        this.i = arg.end;
      }
    }
  }

  /** `\begin{aligned}` and friends are transparent; returns false for matrices and cases. */
  private skipEnvironmentMarker(): boolean {
    const arg = argumentTokens(this.tokens, this.i + 1);
    if (!arg) return false;
    const name = arg.tokens.map((t) => t.text).join('');
    if (!TRANSPARENT_ENVIRONMENTS.has(name)) return false;
    this.i = arg.end;
    if (name === 'alignedat' && this.tokens[this.i]?.text === '{') this.i = argumentTokens(this.tokens, this.i)?.end ?? this.i;
    return true;
  }

  private boxedHoldsRelation(): boolean {
    const arg = argumentTokens(this.tokens, this.i + 1);
    if (!arg) return false;
    return arg.tokens.some((_, k) => isRelation(arg.tokens, k));
  }

  /** Both sides of a relation must have one shape; across a line break only the new side is marked. */
  private compareSides(left: Value, right: Value, acrossLines: boolean): void {
    if (!left.shape || !right.shape) return;
    const lineBefore = acrossLines ? this.text(left.start, left.end) : undefined;
    const problem = relationConflict(left.shape, right.shape, lineBefore);
    if (!problem) return;
    if (acrossLines) this.report(right.start, right.end, problem.detail, problem.origins);
    else this.report(left.start, right.end, problem.detail, problem.origins);
  }

  // ---- expressions ---------------------------------------------------------

  private atStop(): boolean {
    const t = this.peek();
    if (!t) return true;
    if (isRelation(this.tokens, this.i)) return true;
    if (SEPARATORS.has(t.text) && !this.isFunctionText()) return true;
    if (CLOSERS.has(t.text) || t.text === '\\\\' || t.text === '.') return true;
    if (t.text === '\\begin' || t.text === '\\end') {
      const arg = argumentTokens(this.tokens, this.i + 1);
      return !!arg && TRANSPARENT_ENVIRONMENTS.has(arg.tokens.map((x) => x.text).join(''));
    }
    return false;
  }

  /** `\text{softmax}` is a function name, not prose. */
  private isFunctionText(): boolean {
    const t = this.peek();
    if (!t || !TEXT_COMMANDS.has(t.text)) return false;
    const name = this.commandName(this.i);
    return !!name && (ELEMENTWISE.has(name) || ['diag', 'tr', 'trace', 'det', 'argmin', 'argmax', 'min', 'max', 'E'].includes(name));
  }

  /** side := term ((+|-) term)* */
  parseExpression(): Value {
    const start = this.peek()?.start ?? this.tex.length;
    let unknown = false;
    if (this.peek()?.text === '+' || this.peek()?.text === '-' || this.peek()?.text === '\\pm' || this.peek()?.text === '\\mp') this.i++;
    let acc: Value | null = null;
    for (;;) {
      const term = this.parseTerm();
      if (!term) { unknown = true; break; }
      acc = acc ? this.add(acc, term) : term;
      const op = this.peek()?.text;
      if (op === '+' || op === '-' || op === '\\pm' || op === '\\mp') {
        this.i++;
        continue;
      }
      break;
    }
    const end = this.i > 0 ? this.tokens[Math.min(this.i, this.tokens.length) - 1].end : start;
    if (!acc || unknown) return { shape: null, start, end };
    return acc;
  }

  private add(a: Value, b: Value): Value {
    if (!a.shape || !b.shape) return this.value(null, a.start, b.end);
    return this.outcome(sumShape(a.shape, b.shape), a.start, b.end);
  }

  /** term := factor ((juxtaposition | \cdot | / | \odot …) factor)* ; undefined when nothing was there. */
  private parseTerm(): Value | undefined {
    if (this.atStop()) return undefined;
    let acc: Value | undefined;
    // `A \odot BC` is `A \odot (BC)`: a product binds tighter than the elementwise product.
    let hadamardLeft: Value | undefined;
    let op = '';
    while (!this.atStop()) {
      const t = this.peek()!;
      if (t.text === '+' || t.text === '-' || t.text === '\\pm' || t.text === '\\mp') {
        if (acc) break;
        this.i++;
        continue;
      }
      if (t.text === '\\odot' && acc && !op) {
        hadamardLeft = hadamardLeft ? this.combine(hadamardLeft, acc, '\\odot') : acc;
        acc = undefined;
        this.i++;
        continue;
      }
      if (['\\cdot', '\\times', '*', '/', '\\odot', '\\circ', '\\otimes', '\\div', '\\oplus', '\\ast', '\\star'].includes(t.text)) {
        op = t.text;
        this.i++;
        continue;
      }
      const before = this.i;
      const factor = this.parseFactor();
      if (this.i === before) this.i++;
      acc = acc ? this.combine(acc, factor, op) : factor;
      op = '';
    }
    if (hadamardLeft) {
      if (!acc) return { shape: null, start: hadamardLeft.start, end: hadamardLeft.end };
      acc = this.combine(hadamardLeft, acc, '\\odot');
    }
    if (acc && op) return { shape: null, start: acc.start, end: acc.end };
    return acc;
  }

  private combine(a: Value, b: Value, op: string): Value {
    if (a.fn || a.elementwise) return this.value(null, a.start, b.end);
    const result = operatorShape(a.shape, b.shape, op);
    return result === 'multiply' ? this.multiply(a, b) : this.outcome(result, a.start, b.end);
  }

  private multiply(a: Value, b: Value): Value {
    const result = productShape(a.shape!, b.shape!);
    // `Q(x)`, `h(x)`: a declared letter may also name a function; a product that does not fit is read as a call.
    if (result.conflict && a.bareSymbol && b.callArgument) return this.value(null, a.start, b.end);
    return this.outcome(result, a.start, b.end);
  }

  // ---- factors -------------------------------------------------------------

  /** factor := atom postfix* */
  private parseFactor(): Value {
    let value = this.parseAtom();
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.text === '^') value = this.superscript(value);
      else if (t.text === '_') value = this.subscript(value);
      else if (t.text === "'" || t.text === '!') { this.i++; value = this.value(t.text === '!' ? null : value.shape, value.start, t.end); }
      else if (t.text === '(' && (value.fn || value.elementwise)) value = this.apply(value);
      else if (t.text === '(' && value.undeclared) value = this.callOfUnknown(value);
      else if (t.text === '(' && value.bareSymbol && this.looksLikeCall()) value = this.callOrProduct(value);
      else break;
    }
    return value;
  }

  private superscript(base: Value): Value {
    const arg = argumentTokens(this.tokens, this.i + 1);
    if (!arg || arg.end > this.limit) { this.i = this.limit; return { shape: null, start: base.start, end: base.end }; }
    const mark = arg.tokens.map((t) => t.text).join(arg.tokens.length === 2 && arg.tokens[0].text.startsWith('\\math') ? ' ' : '');
    const markText = arg.tokens.length === 4 && arg.tokens[1].text === '{' ? `${arg.tokens[0].text}{${arg.tokens[2].text}}` : mark;
    const end = this.tokens[arg.end - 1].end;
    const exponentStart = this.i + 1;
    this.i = arg.end;
    const s = base.shape;
    if (base.fn || base.elementwise) return { ...base, end };
    if (DECORATION_MARKS.has(markText)) return this.value(s, base.start, end);
    if (TRANSPOSE_MARKS.has(markText)) return this.value(s && transposeShape(s), base.start, end);
    if (PSEUDO_MARKS.has(markText)) return this.value(s && pseudoInverseShape(s), base.start, end);
    if (markText === '-1') return this.inverse(base, end);
    if (markText === '-\\top' || markText === '-T') {
      const inverse = this.inverse(base, end);
      return this.value(inverse.shape && transposeShape(inverse.shape), base.start, end);
    }
    // Any other exponent is a power; it is checked as an expression of its own.
    if (arg.tokens.length > 1) this.withinTokens(exponentStart, arg.end);
    return this.value(s && powerShape(s), base.start, end);
  }

  /** Parses the content of a brace group (tokens open+1 … close-1) for its own problems. */
  private withinTokens(open: number, end: number): Value | undefined {
    const saved = this.i;
    this.i = open + 1;
    let result: Value | undefined;
    this.within(end - 1, () => { result = this.parseGroupContent(); });
    this.i = Math.max(saved, end);
    return result;
  }

  private inverse(base: Value, end: number): Value {
    if (!base.shape) return this.value(null, base.start, end);
    return this.outcome(inverseShape(base.shape), base.start, end);
  }

  private subscript(base: Value): Value {
    const arg = argumentTokens(this.tokens, this.i + 1);
    if (!arg || arg.end > this.limit) { this.i = this.limit; return { shape: null, start: base.start, end: base.end }; }
    const end = this.tokens[arg.end - 1].end;
    this.i = arg.end;
    return this.value(base.shape && subscriptShape(base.shape, indexCount(arg.tokens)), base.start, end);
  }

  private apply(fnValue: Value): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) { this.i++; return this.value(null, fnValue.start, this.tokens[open].end); }
    const arg = this.group(open, close);
    const end = this.tokens[close].end;
    if (fnValue.elementwise) return this.value(arg.shape, fnValue.start, end);
    return this.outcome(mapApplied(fnValue.fn!, arg.shape), fnValue.start, end);
  }

  /** A bracketed group: its one expression's shape, or unknown for tuples, sets and conditions. */
  private group(open: number, close: number): Value {
    this.i = open + 1;
    let result: Value | undefined;
    this.within(close, () => { result = this.parseGroupContent(); });
    this.i = close + 1;
    const start = this.tokens[open].start;
    const end = this.tokens[close].end;
    return this.value(result?.shape ?? null, start, end, { parenthesised: this.tokens[open].text === '(' });
  }

  /** The inside of a group: one expression, or unknown if it holds commas, relations or anything else. */
  private parseGroupContent(): Value | undefined {
    const values: Value[] = [];
    let extra = false;
    while (this.i < this.limit) {
      const before = this.i;
      const t = this.tokens[this.i];
      if (isRelation(this.tokens, this.i) || SEPARATORS.has(t.text) || CLOSERS.has(t.text) || t.text === '\\\\' || t.text === '.') {
        if (SEPARATORS.has(t.text)) this.skipSeparator();
        else this.i++;
        extra = true;
        continue;
      }
      values.push(this.parseExpression());
      if (this.i === before) this.i++;
    }
    if (values.length !== 1 || extra) return undefined;
    return values[0];
  }

  /** A comma-separated list inside a group (for `\max(0, z)` and `\langle a, b\rangle`). */
  private listContent(open: number, close: number): (Value | null)[] {
    const items: (Value | null)[] = [];
    let from = open + 1;
    for (let j = open + 1; j <= close; j++) {
      const text = this.tokens[j].text;
      if (j < close && OPENERS[text]) { const c = this.findClose(j); if (c > 0) { j = c; continue; } }
      if (j === close || text === ',' || (text === '|' && this.tokens[open].text === '\\langle')) {
        if (j === from) { items.push(null); from = j + 1; continue; }
        this.i = from;
        let item: Value | undefined;
        this.within(j, () => { item = this.parseGroupContent(); });
        items.push(item ?? null);
        from = j + 1;
      }
    }
    this.i = close + 1;
    return items;
  }

  private parseAtom(): Value {
    const t = this.peek()!;
    const start = t.start;
    if (t.kind === 'num') {
      this.i++;
      return this.value(Number(t.text) === 0 ? ZERO_SCALAR : SCALAR_SHAPE, start, t.end);
    }
    if (t.kind === 'letter') return this.parseSymbol()!;
    if (t.kind === 'cmd' && !OPENERS[t.text]) {
      const special = this.parseCommand();
      if (special) return special;
      const symbol = this.parseSymbol();
      if (symbol) return symbol;
    }
    if (t.text === '(' || t.text === '[' || t.text === '{' ) {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      return this.group(this.i, close);
    }
    if (t.text === '\\|' || t.text === '\\Vert' || t.text === '\\lVert') return this.norm();
    if (t.text === '|' || t.text === '\\vert' || t.text === '\\lvert') return this.absolute();
    if (t.text === '\\langle') return this.innerProduct();
    if (OPENERS[t.text]) {
      // Sets `\{…\}`, ceilings, floors: checked inside, unknown outside.
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      this.group(this.i, close);
      return this.value(null, start, this.tokens[close].end);
    }
    return this.poison();
  }

  /** A token we do not understand: it makes its term unknown. */
  private poison(): Value {
    const t = this.tokens[this.i++];
    return { shape: null, start: t.start, end: t.end };
  }

  private parseSymbol(): Value | undefined {
    const read = readSymbol(this.tokens, this.i);
    if (!read || read.end > this.limit) return undefined;
    const first = this.tokens[this.i];
    const end = this.tokens[read.end - 1].end;
    this.i = read.end;
    const binding = this.lookup(read);
    if (binding === 'entry') return this.value(SCALAR_SHAPE, first.start, end);
    if (binding?.map) {
      const origin: Origin = { symbol: this.tex.slice(first.start, end), domain: binding.domain };
      const from = binding.map.from && { ...binding.map.from, rowsFrom: origin, colsFrom: origin };
      return this.value(null, first.start, end, { fn: { from, to: binding.map.to } });
    }
    if (binding?.shape) {
      const origin: Origin = { symbol: this.tex.slice(first.start, end), domain: binding.domain };
      const s = binding.shape;
      const value = this.value({ rows: s.rows, cols: s.cols, kind: s.kind, rowsFrom: origin, colsFrom: origin }, first.start, end, BARE_SYMBOL);
      if (!read.trailingMark) return value;
      if (read.trailingMark === '-1') return this.inverse(value, end);
      return this.value(transposeShape(value.shape!), first.start, end);
    }
    // Declared, but with a domain not understood or two that disagree: as unknown as an undeclared symbol, `L(w)` may be a call.
    if (binding) return this.value(null, first.start, end, { undeclared: true });
    return this.undeclared(read.baseKey, read.sub, first.start, end);
  }

  /** Declared exactly, declared without decoration, or an entry `X_{ij}` of a declared matrix. */
  private lookup(read: SymbolRead): ShapeBinding | 'entry' | undefined {
    const { key, plainKey, baseKey, sub } = read;
    const exact = this.binding(key) ?? this.binding(plainKey);
    if (exact) return exact;
    const family = familyKey(read);
    const member = family && (this.binding(family) ?? this.binding(family.replace(/^~/, '')));
    if (member) return member;
    if (!sub) return undefined;
    const base = this.binding(baseKey);
    const s = base?.shape;
    if (s && !isScalar(s) && !isColumn(s) && indexCount(sub) === 2) return 'entry';
    return undefined;
  }

  /** Undeclared letters: identity `I`, constants `e`, `\pi`, elementwise `\sigma`; otherwise unknown. */
  private undeclared(baseKey: string, sub: Token[] | undefined, start: number, end: number): Value {
    if (baseKey === 'I' || baseKey === '\\mathbf{I}' || baseKey === '\\mathbb{I}') {
      return this.value(identityShape(sub ? parseDim(sub) : undefined), start, end);
    }
    if (!sub && NUMBER_CONSTANTS.has(baseKey)) return this.value(SCALAR_SHAPE, start, end);
    if (!sub && baseKey === '\\sigma') return this.value(null, start, end, { elementwise: true });
    return this.value(null, start, end, { undeclared: true });
  }

  /** `L(\theta)` with `L` undeclared: checked inside, unknown outside. */
  private callOfUnknown(fn: Value): Value {
    const close = this.findClose(this.i);
    if (close < 0) return { ...fn, undeclared: false };
    const arg = this.group(this.i, close);
    return this.value(null, fn.start, arg.end);
  }

  /** `(s, a)` or `(x)` with nothing after it: the arguments of a call, not an operand. */
  private looksLikeCall(): boolean {
    const close = this.findClose(this.i);
    if (close < 0) return false;
    const after = this.tokens[close + 1]?.text;
    if (close + 1 < this.limit && (after === '^' || after === '_')) return false;
    if (readSymbol(this.tokens, this.i + 1)?.end === close) return true;
    let depth = 0;
    for (let j = this.i + 1; j < close; j++) {
      const text = this.tokens[j].text;
      if (OPENERS[text]) depth++;
      else if (CLOSERS.has(text)) depth--;
      else if (depth === 0 && (text === ',' || text === '|' || text === ';')) return true;
    }
    return false;
  }

  /** `Q(s, a)` is a call (unknown); `X(w - w^*)` a product; `h(x)` that does not fit is read as a call. */
  private callOrProduct(symbol: Value): Value {
    const close = this.findClose(this.i);
    if (close < 0) return { ...symbol, bareSymbol: false };
    const open = this.i;
    const argumentSymbol = readSymbol(this.tokens, open + 1);
    const arg = this.group(open, close);
    if (!arg.shape) return this.value(null, symbol.start, arg.end);
    // Only a lone letter reads as an argument (`h(x)`); `X(\sigma(Xw) - y)` is a product and is checked.
    return this.multiply(symbol, { ...arg, callArgument: argumentSymbol?.end === close });
  }

  /** The name of `\operatorname{…}`, `\mathrm{…}`, `\text{…}`, `\mathop{…}`, or undefined. */
  private commandName(i: number): string | undefined {
    const arg = argumentTokens(this.tokens, i + 1);
    if (!arg || arg.tokens.length === 0) return undefined;
    if (!arg.tokens.every((t) => t.kind === 'letter' || t.text === '\\mathrm' || t.text === '{' || t.text === '}')) {
      if (arg.tokens.length === 1 && ELEMENTWISE.has(arg.tokens[0].text)) return arg.tokens[0].text;
      return undefined;
    }
    return arg.tokens.filter((t) => t.kind === 'letter').map((t) => t.text).join('');
  }

  /** Operators, functions, fractions, special symbols; undefined when `t` is a plain symbol. */
  private parseCommand(): Value | undefined {
    const t = this.peek()!;
    const start = t.start;
    const text = t.text;
    if (TEXT_COMMANDS.has(text) && text !== '\\label' && text !== '\\tag') {
      const name = this.commandName(this.i);
      const arg = argumentTokens(this.tokens, this.i + 1);
      if (!name || !arg || (name.length === 1 && text === '\\mathrm')) return undefined;
      this.i = arg.end;
      return this.namedOperator(name.toLowerCase(), start, this.tokens[arg.end - 1].end);
    }
    if (text === '\\frac' || text === '\\dfrac' || text === '\\tfrac') return this.fraction();
    if (text === '\\sqrt') return this.squareRoot();
    if (BIG.has(text)) return this.bigOperator();
    if (text === '\\nabla') return this.gradient();
    if (text === '\\infty') { this.i++; return this.value(SCALAR_SHAPE, start, t.end); }
    if (text === '\\partial' || text === '\\dots' || text === '\\cdots' || text === '\\ldots') return this.poison();
    if (text === '\\arg') {
      const next = this.tokens[this.i + 1]?.text;
      if (next === '\\min' || next === '\\max') {
        this.i += 2;
        return this.extremum(next === '\\min' ? 'argmin' : 'argmax', start);
      }
      return this.poison();
    }
    if (text === '\\argmin' || text === '\\argmax') { this.i++; return this.extremum(text.slice(1), start); }
    if (EXTREMUM_NAMES.has(text)) { this.i++; return this.extremum(text.slice(1), start); }
    if (text === '\\det' || text === '\\tr' || text === '\\trace' || text === '\\diag') {
      this.i++;
      return this.namedOperator(text.slice(1), start, t.end);
    }
    if (ELEMENTWISE.has(text) && text !== '\\sigma') {
      this.i++;
      return this.functionOf(start, (s) => ({ shape: s }));
    }
    if (SPECIAL_STYLES.has(text)) {
      const special = this.styledSpecial();
      if (special) return special;
    }
    if (text === '\\begin') return this.environment();
    if (GROUPING_COMMANDS.has(text) && !readSymbol(this.tokens, this.i)) return this.groupingCommand();
    return undefined;
  }

  /** `\mathbb{E}`, `\mathbf{1}`, `\mathbf{0}`, `\mathbb{1}`; undefined for a styled letter. */
  private styledSpecial(): Value | undefined {
    const t = this.peek()!;
    const arg = argumentTokens(this.tokens, this.i + 1);
    if (!arg || arg.tokens.length !== 1) return undefined;
    const inner = arg.tokens[0].text;
    const start = t.start;
    if (inner === 'E' && t.text === '\\mathbb') {
      this.i = arg.end;
      return this.expectation(start);
    }
    if (inner === '1' || inner === '0') {
      this.i = arg.end;
      let end = this.tokens[arg.end - 1].end;
      const next = this.peek()?.text;
      if (inner === '1' && (next === '[' || next === '(' || next === '\\{')) {
        const close = this.findClose(this.i);
        if (close < 0) return this.value(null, start, end);
        this.group(this.i, close);
        return this.value(SCALAR_SHAPE, start, this.tokens[close].end); // an indicator
      }
      let rows: Dim | null = null;
      if (next === '_') {
        const sub = argumentTokens(this.tokens, this.i + 1);
        if (!sub || sub.end > this.limit) return this.value(null, start, end);
        this.i = sub.end;
        end = this.tokens[sub.end - 1].end;
        rows = parseDim(sub.tokens);
        if (!rows) return this.value(inner === '1' ? SCALAR_SHAPE : null, start, end); // `\mathbb{1}_{\{y=k\}}`
      }
      return this.value(constantVector(rows, inner === '0'), start, end);
    }
    return undefined;
  }

  /** `\mathbb{E}_{x\sim p}[f(x)]`: the shape of what is averaged. */
  private expectation(start: number): Value {
    this.skipScripts();
    const next = this.peek();
    if (!next) return this.value(null, start, this.tokens[this.i - 1].end);
    if (next.text === '[' || next.text === '(' || next.text === '{') {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      const inner = this.group(this.i, close);
      return this.value(inner.shape, start, inner.end);
    }
    const operand = this.parseFactor();
    return this.value(operand.shape, start, operand.end);
  }

  /** Skips `_…` and `^…` after an operator (`\sum_{i=1}^n`, `\mathbb{E}_{x}`), returning the subscript. */
  private skipScripts(): Token[] | undefined {
    let sub: Token[] | undefined;
    while (this.peek()?.text === '_' || this.peek()?.text === '^') {
      const isSub = this.peek()!.text === '_';
      const arg = argumentTokens(this.tokens, this.i + 1);
      if (!arg || arg.end > this.limit) { this.i = this.limit; break; }
      if (isSub) sub = arg.tokens;
      this.i = arg.end;
    }
    return sub;
  }

  private fraction(): Value {
    const start = this.peek()!.start;
    const numerator = argumentTokens(this.tokens, this.i + 1);
    const denominator = numerator && argumentTokens(this.tokens, numerator.end);
    if (!numerator || !denominator || denominator.end > this.limit) return this.poison();
    const top = this.braced(this.i + 1, numerator.end);
    const bottom = this.braced(numerator.end, denominator.end);
    this.i = denominator.end;
    const end = this.tokens[denominator.end - 1].end;
    return this.value(fractionShape(top, bottom), start, end);
  }

  /** The shape of a TeX argument spanning tokens [from, to): a brace group or one token. */
  private braced(from: number, to: number): Shape | null {
    const saved = this.i;
    let result: Value | undefined;
    if (this.tokens[from].text === '{') {
      this.i = from + 1;
      this.within(to - 1, () => { result = this.parseGroupContent(); });
    } else {
      this.i = from;
      this.within(to, () => { result = this.parseGroupContent(); });
    }
    this.i = saved;
    return result?.shape ?? null;
  }

  private squareRoot(): Value {
    const start = this.peek()!.start;
    let next = this.i + 1;
    if (this.tokens[next]?.text === '[') {
      while (next < this.limit && this.tokens[next].text !== ']') next++;
      next++;
    }
    const arg = argumentTokens(this.tokens, next);
    if (!arg || arg.end > this.limit) return this.poison();
    const inner = this.braced(next, arg.end);
    this.i = arg.end;
    return this.value(inner, start, this.tokens[arg.end - 1].end);
  }

  /** `\sum_{i} x_i x_i^\top` has the shape of its summand; `\prod` and `\int` of a scalar are scalars. */
  private bigOperator(): Value {
    const t = this.tokens[this.i++];
    this.skipScripts();
    const summand = this.parseTerm();
    const end = summand?.end ?? t.end;
    return this.value(bigOperatorShape(t.text, summand?.shape ?? null), t.start, end);
  }

  /** `\nabla_w f` has the shape of `w` (for a scalar `f`); `\nabla^2_w f` is d×d for `w` in R^d. */
  private gradient(): Value {
    const t = this.tokens[this.i++];
    let variable: Token[] | undefined;
    let order = 1;
    while (this.peek()?.text === '_' || this.peek()?.text === '^') {
      const isSub = this.peek()!.text === '_';
      const arg = argumentTokens(this.tokens, this.i + 1);
      if (!arg || arg.end > this.limit) return this.poison();
      if (isSub) variable = arg.tokens;
      else order = arg.tokens.length === 1 && arg.tokens[0].text === '2' ? 2 : 0;
      this.i = arg.end;
    }
    const operand = this.atStop() ? undefined : this.parseFactor();
    const end = operand?.end ?? this.tokens[this.i - 1].end;
    if (!variable || order === 0) return this.value(null, t.start, end);
    if (operand?.shape && !isScalar(operand.shape)) return this.value(null, t.start, end);
    const read = readSymbol(variable, 0);
    if (!read || read.end !== variable.length) return this.value(null, t.start, end);
    const binding = this.lookup(read);
    const v = binding && binding !== 'entry' ? binding.shape : binding === 'entry' ? SCALAR_SHAPE : undefined;
    if (!v) return this.value(null, t.start, end);
    return this.value(gradientShape(v, order), t.start, end);
  }

  /** `\min_w L`, `\max(0, z)`, `\arg\min_w L` (the shape of `w`). */
  private extremum(kind: string, start: number): Value {
    const sub = this.skipScripts();
    const next = this.peek();
    let operand: Value | undefined;
    if (next?.text === '(' && (kind === 'min' || kind === 'max')) {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      const items = this.listContent(this.i, close);
      const end = this.tokens[close].end;
      return this.value(commonShape(items.map((item) => item?.shape ?? null)), start, end);
    }
    if (next && !this.atStop()) operand = this.parseExpressionOperand();
    const end = operand?.end ?? this.tokens[this.i - 1].end;
    if (kind === 'min' || kind === 'max') return this.value(operand?.shape ?? null, start, end);
    if (!sub) return this.value(null, start, end);
    const read = readSymbol(sub, 0);
    if (!read) return this.value(null, start, end);
    const binding = this.lookup(read);
    const shape = binding && binding !== 'entry' && binding.shape ? { rows: binding.shape.rows, cols: binding.shape.cols } : null;
    return this.value(shape, start, end);
  }

  /** The operand of `\min_w`: the rest of the side. */
  private parseExpressionOperand(): Value {
    return this.parseExpression();
  }

  /** `\det`, `\operatorname{tr}`, `\operatorname{diag}`, softmax, argmin … by name. */
  private namedOperator(name: string, start: number, end: number): Value {
    if (ARG_OPERATORS.has(name)) return this.extremum(name, start);
    if (name === 'min' || name === 'max') return this.extremum(name, start);
    if (name === 'e' ) return this.expectation(start);
    if (ELEMENTWISE.has(name)) {
      if (this.peek()?.text === '(') return this.value(null, start, end, { elementwise: true });
      return this.functionOf(start, (s) => ({ shape: s }));
    }
    if (name === 'tr' || name === 'trace' || name === 'det' || name === 'logdet') {
      return this.functionOf(start, (s) => traceShape(name, s));
    }
    if (name === 'diag') {
      return this.functionOf(start, (s) => ({ shape: diagShape(s) }));
    }
    if (name === 'rank') return this.functionOf(start, () => ({ shape: SCALAR_SHAPE }));
    return this.value(null, start, end);
  }

  /** A function applied to a bracketed group or, without brackets, to the next factor. */
  private functionOf(start: number, result: (s: Shape) => Outcome): Value {
    this.skipScripts();
    if (this.atStop()) return this.value(null, start, this.tokens[this.i - 1].end);
    const next = this.peek()!;
    let arg: Value;
    if (next.text === '(' || next.text === '[' || next.text === '{') {
      const close = this.findClose(this.i);
      if (close < 0) return this.poison();
      arg = this.group(this.i, close);
    } else {
      arg = this.parseFactor();
    }
    return arg.shape ? this.outcome(result(arg.shape), start, arg.end) : this.value(null, start, arg.end);
  }

  private norm(): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) return this.poison();
    this.group(open, close);
    return this.value(SCALAR_SHAPE, this.tokens[open].start, this.tokens[close].end);
  }

  /** `|a|` of a scalar, or the determinant `|\Sigma|`: a scalar; of anything else unknown (elementwise). */
  private absolute(): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) return this.poison();
    const inner = this.group(open, close);
    return this.value(absoluteShape(inner.shape), inner.start, inner.end);
  }

  private innerProduct(): Value {
    const open = this.i;
    const close = this.findClose(open);
    if (close < 0) return this.poison();
    const items = this.listContent(open, close);
    const start = this.tokens[open].start;
    const end = this.tokens[close].end;
    return this.outcome(innerProductShape(items.map((v) => v?.shape ?? null)), start, end);
  }

  /** `\begin{pmatrix}…\end{pmatrix}`, `cases`: unknown, but their insides are still checked. */
  private environment(): Value {
    const start = this.peek()!.start;
    const arg = argumentTokens(this.tokens, this.i + 1);
    if (!arg) return this.poison();
    const name = arg.tokens.map((t) => t.text).join('');
    let depth = 0;
    for (let j = this.i; j < this.limit; j++) {
      const text = this.tokens[j].text;
      const envName = (argumentTokens(this.tokens, j + 1)?.tokens ?? []).map((t) => t.text).join('');
      if (text === '\\begin' && envName === name) depth++;
      if (text === '\\end' && envName === name && --depth === 0) {
        const endArg = argumentTokens(this.tokens, j + 1)!;
        this.i = endArg.end;
        return this.value(null, start, this.tokens[endArg.end - 1].end);
      }
    }
    this.i = this.limit;
    return this.value(null, start, this.tokens[this.limit - 1].end);
  }

  /** `\boxed{…}`, `\underbrace{…}_{…}`, `\hat{Xw}`: the shape of what they wrap. */
  private groupingCommand(): Value {
    const t = this.tokens[this.i];
    let next = this.i + 1;
    if (t.text === '\\color' || t.text === '\\textcolor') {
      const colour = argumentTokens(this.tokens, next);
      if (!colour) return this.poison();
      next = colour.end;
      if (t.text === '\\color') { this.i = next; return this.value(null, t.start, this.tokens[next - 1].end); }
    }
    const arg = argumentTokens(this.tokens, next);
    if (!arg || arg.end > this.limit) return this.poison();
    const inner = this.braced(next, arg.end);
    this.i = arg.end;
    let end = this.tokens[arg.end - 1].end;
    if ((t.text === '\\underbrace' || t.text === '\\overbrace') && (this.peek()?.text === '_' || this.peek()?.text === '^')) {
      this.skipScripts();
      end = this.tokens[this.i - 1].end;
    }
    return this.value(inner, t.start, end);
  }
}

/** How many indices a subscript holds: `ij` and `i,j` → 2, `i` → 1, anything else → 0. */
function indexCount(sub: Token[]): number {
  const parts = sub.filter((t) => t.text !== ',');
  if (!parts.every((t) => t.kind === 'letter' || t.kind === 'num')) return 0;
  return parts.length;
}

export interface ShapeAnalysis {
  problems: ShapeProblem[];
  nodes: ShapedNode[];
}

function firstDeclared(tokens: Token[], env: ShapeEnv): string | undefined {
  for (const token of tokens) if (env.bases.has(token.text)) return token.text;
  return undefined;
}

/** A binding the parse looked up and what it found: the result holds while every such lookup finds the same. */
export interface BindingRead { key: string; binding: ShapeBinding | undefined }

/** What an analysis read of its environment besides `tex`. */
export interface EnvironmentReads {
  /** Token texts tested against the declared bases, and whether the test held: the first declared one, or every one (distinct) when none is. */
  bases: { text: string; declared: boolean }[];
  bindings: BindingRead[];
}

/**
 * Parses `tex` once: its problems and the shape of every understood
 * sub-expression. With `reads`, records what it read of `env`.
 */
export function analyzeShapes(tex: string, env: ShapeEnv, collectNodes = false, reads?: EnvironmentReads): ShapeAnalysis {
  const tokens = significantTokens(tex);
  // Nothing declared is used here: nothing can be known, so nothing can be wrong.
  const used = firstDeclared(tokens, env);
  if (reads) recordBases(tokens, env, reads, used);
  if (!used) return { problems: [], nodes: [] };
  const parser = new ShapeParser(tex, tokens, env);
  parser.collectNodes = collectNodes;
  parser.reads = reads?.bindings;
  parser.parseChain();
  return { problems: parser.problems, nodes: parser.nodes };
}

/**
 * The base tests the result depends on. With a declared base the analysis runs, and reads the environment
 * only through bindings (recorded apart): that one base staying declared is all it needs of the bases.
 * Without one, every token must stay undeclared.
 */
function recordBases(tokens: Token[], env: ShapeEnv, reads: EnvironmentReads, declared: string | undefined): void {
  if (declared !== undefined) {
    reads.bases.push({ text: declared, declared: true });
    return;
  }
  const seen = new Set<string>();
  for (const token of tokens) {
    if (seen.has(token.text)) continue;
    seen.add(token.text);
    reads.bases.push({ text: token.text, declared: env.bases.has(token.text) });
  }
}

/** The shape of `tex` read as one expression; null when unknown or when more than one expression is there. */
export function wholeShape(tex: string, env: ShapeEnv): Shape | null {
  const tokens = significantTokens(tex);
  const parser = new ShapeParser(tex, tokens, env);
  const value = parser.parseExpression();
  return parser.i === tokens.length && parser.problems.length === 0 ? value.shape : null;
}
