/**
 * The one TeX vocabulary: which commands are letters, styles, decorations,
 * operators, binders, relations and number sets, and which take arguments
 * that are never math symbols. Names are without the backslash; `commands()`
 * gives a set of them as written (`\alpha`), for readers of token text.
 */

const set = (words: string) => new Set(words.trim().split(/\s+/));

/** The names of `words` as written, with their backslash. */
export function commands(...words: Iterable<string>[]): Set<string> {
  const out = new Set<string>();
  for (const group of words) for (const word of group) out.add(`\\${word}`);
  return out;
}

/** Greek letters (and `\ell`). `\pi` is the constant: see GREEK_SYMBOLS. */
export const GREEK = set(`
  alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa
  lambda mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega
  Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
  varGamma varDelta varTheta varLambda varXi varPi varSigma varUpsilon varPhi varPsi varOmega
  ell digamma
`);

/** Greek letters that name symbols: all but the constant `\pi`. */
export const GREEK_SYMBOLS = new Set([...GREEK].filter((name) => name !== 'pi'));

/** Every way of writing a bold letter: all read as one style (`\bm{w}` is `\mathbf{w}`). */
export const BOLD_STYLES = set('mathbf boldsymbol bm pmb mathbfit mathbold');
/** Styles that make a distinct symbol (`\mathbf{w}`); the argument must be one letter. */
export const STYLES = new Set([...BOLD_STYLES, ...set('mathcal mathbb mathrm mathit mathsf mathfrak mathscr mathnormal')]);

/** Decorations are stripped from the key: `\hat{w}` is a use of `w`. */
export const DECORATIONS = set(`
  hat widehat bar overline tilde widetilde dot ddot dddot vec check breve acute grave mathring
  underline overrightarrow overleftarrow
`);

/** Commands whose (first) argument is text, a name or a label, never symbols. */
export const TEXT_ARGUMENT = set(`
  text textrm textit textbf textsf texttt textnormal textup textmd emph mbox hbox
  operatorname operatornamewithlimits label tag eqref ref pageref href url
  hspace vspace kern mkern hskip mskip color begin end
`);

/** Commands with two arguments of which only the second is math. */
export const COLOR_THEN_MATH = set('textcolor colorbox');

/** `\mathbb` letters that are number sets or operators, never symbols. */
export const BLACKBOARD_NON_SYMBOLS = set('R N Z Q C S E P V I H K 1 0');
/** Number systems: `\mathbb{R}^{n\times d}` is a space of n×d arrays. */
export const NUMBER_SYSTEMS = set('R N Z Q C');
/** Blackboard letters that are sets whose superscript is a shape. */
export const NUMBER_SETS = new Set([...NUMBER_SYSTEMS, ...set('S H K')]);
/** Number systems KaTeX defines as macros (`\R`, `\Reals`). */
export const NUMBER_SYSTEM_MACROS = set('R Reals reals N Z Q C');
/** Calligraphic letters with a fixed meaning: the normal distribution and big-O. */
export const CALLIGRAPHIC_NON_SYMBOLS = set('N O');

/** Operators whose subscript binds its index for the whole expression. */
export const BINDERS = set(`
  sum prod coprod bigcup bigcap bigsqcup bigvee bigwedge bigoplus bigotimes bigodot biguplus
  int iint iiint oint lim limsup liminf varlimsup varliminf max min sup inf argmax argmin
  arg Pr det gcd
`);
export const INTEGRALS = set('int iint iiint oint');

/** Inequalities written as commands (`<` and `>` are characters). */
export const INEQUALITIES = set('le leq ge geq leqslant geqslant lt gt');
/** Relations that say two sides are (about) the same. */
export const EQUIVALENCES = set('approx propto equiv simeq cong');
/** Definitions: `:=` written as one command. */
export const DEFINITION_RELATIONS = set('coloneqq coloneq eqqcolon triangleq defeq doteqdot eqdef');
/** Implications between whole statements. */
export const IMPLICATIONS = set('iff implies Rightarrow Longrightarrow Leftrightarrow Longleftrightarrow');
/** Order relations other than inequalities. */
export const ORDERS = set('prec succ preceq succeq');
/** `\overset{…}{=}` and friends: a relation with a note above or below it. */
export const ANNOTATED_RELATIONS = set('overset stackrel underset');

/** Functions that act entry by entry. */
export const ELEMENTWISE_FUNCTIONS = set('log ln exp tanh sin cos sigma');
/** Big operators whose scripts are limits or ranges. */
export const BIG_OPERATORS = set('sum prod int oint bigoplus');
/** Minima, maxima, suprema and infima. */
export const EXTREMA = set('min max sup inf');

/** Size and spacing commands that change nothing in what math says. */
export const SIZERS = set('left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr middle');

/** Commands that define macros (read by macros.ts). */
export const MACRO_DEFINERS = set('newcommand renewcommand providecommand def DeclareMathOperator');

/** Relations that end a symbol list on the left of a declaration. */
export const MEMBERSHIP = set('in');
export const SUBSET = set('subseteq subset subsetneq sqsubseteq');
export const DISTRIBUTED = set('sim');
export const SCALAR_BOUND = set('ge geq geqslant le leq leqslant gt lt');
export const MAP_ARROWS = set('to rightarrow longrightarrow mapsto');
export const DEFINE_EQUALS = set('coloneqq triangleq equiv doteq');

/** Relations (and relation-like separators) used to split binder subscripts. */
export const RELATIONS = set(`
  in notin sim subseteq subset ne neq le leq ge geq leqslant geqslant lt gt to mid
  approx propto equiv coloneqq triangleq
`);

/** Superscripts that are marks, not exponents: transpose, inverse, pseudoinverse, adjoint, star, prime. */
export const SUPERSCRIPT_MARKS = new Set([
  '\\top', 'T', '\\intercal', '\\mathsf{T}', '\\mathrm{T}', '\\rm T', '\\mathsf T', '\\mathrm T', '\\top\\top',
  '-1', '-\\top', '-T', '+', '\\dagger', '*', '\\ast', '\\star', '\\prime', '\\prime\\prime', '\\circ',
  '\\mathsf{H}', 'H', 'c', '\\complement', '\\perp',
]);

/** Two-letter words typed bare in math that are operator names, not products. */
export const BARE_WORDS = set('tr ln lg KL');
