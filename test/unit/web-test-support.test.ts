import * as nodeAssert from 'node:assert/strict';
import { format } from 'node:util';
import * as webAssert from '../../test/integration/web/assert';
import { formatArgs } from '../../test/integration/web/format';

// The web worker run of the integration suite uses these in place of
// node:assert/strict and node:util's format: they must pass and fail alike.
describe('integration suite support for the web worker', () => {
  const cases: Array<[string, (a: typeof nodeAssert) => void]> = [
    ['ok(1)', (a) => a.ok(1)], ['ok(0)', (a) => a.ok(0)], ['ok("")', (a) => a.ok('')],
    ['equal(1, 1)', (a) => a.equal(1, 1)], ['equal(1, "1")', (a) => a.equal(1, '1' as unknown as number)],
    ['equal(NaN, NaN)', (a) => a.equal(NaN, NaN)], ['notEqual(1, 2)', (a) => a.notEqual(1, 2)], ['notEqual(2, 2)', (a) => a.notEqual(2, 2)],
    ['deepEqual arrays', (a) => a.deepEqual([1, { x: [2] }], [1, { x: [2] }])],
    ['deepEqual differ', (a) => a.deepEqual([1, { x: [2] }], [1, { x: [3] }])],
    ['deepEqual extra key', (a) => a.deepEqual({ a: 1, b: undefined }, { a: 1 })],
    ['deepEqual array vs object', (a) => a.deepEqual([], {})],
    ['match', (a) => a.match('abc', /b/)], ['match fails', (a) => a.match('abc', /x/)],
    ['doesNotMatch', (a) => a.doesNotMatch('abc', /x/)], ['doesNotMatch fails', (a) => a.doesNotMatch('abc', /b/)],
  ];
  for (const [name, check] of cases) {
    it(`assert: ${name} passes or throws as node:assert/strict does`, () => {
      const outcome = (a: typeof nodeAssert) => { try { check(a); return 'pass'; } catch { return 'throw'; } };
      nodeAssert.equal(outcome(webAssert as unknown as typeof nodeAssert), outcome(nodeAssert));
    });
  }

  it('assert: a given message is the error message', () => {
    nodeAssert.throws(() => webAssert.ok(false, 'why'), /^AssertionError: why$/);
  });

  it('formats console arguments as util.format does', () => {
    for (const args of [['%d passing (%s)', 3, '2s'], ['%s%s  ', '', ''], ['plain', 'two', 3], ['100%% %s', 'done'], ['%s', 'a', 'b'], [7]]) {
      nodeAssert.equal(formatArgs(args), format(...args));
    }
  });
});
