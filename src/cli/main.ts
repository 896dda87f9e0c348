const pkg = require('../../package.json') as { version: string };

function main(argv: string[]): number {
  if (argv.includes('--version')) {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  process.stdout.write('Usage: mlnotes <command> [options]\n');
  return argv.length === 0 || argv.includes('--help') ? 0 : 2;
}

process.exitCode = main(process.argv.slice(2));
