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
  /** Returns the exit code: 0 success, 1 failure (e.g. lint errors), 2 usage error or refused action. */
  run: (args: string[], io: CliIO) => number | Promise<number>;
}

/** Exit codes shared by all commands. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
