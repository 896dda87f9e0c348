// Runs the unit tests (mocha, TypeScript through tsx) and writes
// {passed, failed} to the file named by MLNOTES_RESULTS, if set.
require('tsx/cjs');
const Mocha = require('mocha');
const { readdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/** Every `*.test.ts` below `dir` (Node 20 has no fs.globSync). */
function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [path.resolve(full)] : [];
  });
}

const mocha = new Mocha({ reporter: 'spec', timeout: 20000 });
const grep = process.argv[2];
if (grep) mocha.grep(grep);
for (const file of testFiles('test/unit').sort()) mocha.addFile(file);

const counts = { passed: 0, failed: 0 };
const runner = mocha.run((failures) => {
  if (process.env.MLNOTES_RESULTS) writeFileSync(process.env.MLNOTES_RESULTS, JSON.stringify(counts));
  process.exitCode = failures ? 1 : 0;
});
runner.on('pass', () => counts.passed++);
runner.on('fail', () => counts.failed++);
