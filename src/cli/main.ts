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

/**
 * The process's stdout and stderr as a CliIO. A reader that went away
 * (EPIPE, `| head`) ends the output quietly with the exit code so far; any
 * other write error (ENOSPC, EIO) is one line on stderr and exit 2.
 */
export function processIO(proc: NodeJS.Process = process): { io: CliIO; finish: (code: number) => void } {
  let outputFailed = false;
  let exitCode: number | undefined;
  proc.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (outputFailed) return;
    outputFailed = true;
    if (error.code === 'EPIPE') return;
    proc.stderr.write(`mlnotes: cannot write the output: ${error.message}\n`);
    exitCode = EXIT.usage;
    proc.exitCode = exitCode;
  });
  proc.stderr.on('error', () => { /* nowhere left to report it */ });
  const io: CliIO = {
    stdout: (text) => { if (!outputFailed) proc.stdout.write(text); },
    stderr: (text) => { proc.stderr.write(text); },
    cwd: proc.cwd(),
  };
  // The write error may be reported before or after the command returns: either way it wins.
  const finish = (code: number) => { proc.exitCode = exitCode ?? code; };
  return { io, finish };
}

if (require.main === module) {
  const { io, finish } = processIO();
  runCli(process.argv.slice(2), io).then(
    finish,
    (error: unknown) => {
      process.stderr.write(`mlnotes: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      finish(EXIT.usage);
    },
  );
}
