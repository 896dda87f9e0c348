// The `mlnotes` command line: a table of subcommands. To add one, import its
// CliCommand and put it in `commands` (one line each).
import { EXIT, type CliCommand, type CliIO } from './command';
import { newCommand } from './new';
import { lintCommand } from './lint';
import { renderCommand } from './render';

const pkg = require('../../package.json') as { version: string };

export const commands: CliCommand[] = [
  newCommand,
  lintCommand,
  renderCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: mlnotes <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show this help (or `mlnotes <command> --help`)',
    '  -v, --version  print the version',
    '',
  ].join('\n');
}

/** Runs the CLI on `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(usage());
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout(usage());
    return EXIT.ok;
  }
  if (first === '--version' || first === '-v') {
    io.stdout(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const command = commands.find((c) => c.name === first);
  if (!command) {
    const what = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
    io.stderr(`mlnotes: ${what}\n\n${usage()}`);
    return EXIT.usage;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  const io: CliIO = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
  runCli(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      process.stderr.write(`mlnotes: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
