// The shape of a CLI subcommand; src/cli/main.ts dispatches over a table of these.

/** Where a command writes and which directory relative paths start from (tests pass their own). */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

export interface CliCommand {
  name: string;
  /** One line for `mlnotes --help`. */
  summary: string;
  /** Full usage text for `mlnotes <name> --help` and usage errors. */
  usage: string;
  /** Returns the exit code (EXIT; the table is in README's "Command line"). */
  run: (args: string[], io: CliIO) => number | Promise<number>;
}

/**
 * Exit codes shared by all commands: 0 done; 1 only for lint's error-severity
 * findings; 2 whenever the command could not do all it was asked (bad usage,
 * an unreadable input, an invalid config, a refused or failed write, a failing
 * output, an internal error).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
