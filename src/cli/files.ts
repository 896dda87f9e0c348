// Reading notes and writing files so that nothing is lost: a write goes to
// the real file behind any symlink (the link survives), keeps hard links
// (written in place), never replaces a device, FIFO or folder, refuses a
// read-only file, and refuses when the file changed since it was read.
import { createHash } from 'node:crypto';
import { accessSync, chmodSync, closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A write or read the CLI declines on purpose; the message says why, for the user. */
export class Refusal extends Error {}

/** What a file was when it was read: checked again just before it is replaced. */
export interface Snapshot { size: number; mtimeMs: number; hash: string }

/** A folder's entries (the walk's one way to list a folder). */
export const readDirEntries = (dir: string): Dirent[] => readdirSync(dir, { withFileTypes: true });

/** Points where tests step in: between reading and writing, and listing folders (nothing is set outside tests). */
export const fileHooks: { beforeReplace?: (path: string) => void; readDir?: (dir: string) => Dirent[] } = {};

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Reads a regular file (never a FIFO or device, which could block or never end) with its snapshot. */
export function readTextFile(path: string): { text: string; snapshot: Snapshot } {
  const before = statSync(path);
  if (!before.isFile() && !before.isDirectory()) throw new Refusal(`not a regular file (${kindOf(before)})`);
  const fd = openSync(path, 'r');
  try {
    const stats = fstatSync(fd);
    const bytes = readFileSync(fd);
    return { text: bytes.toString('utf8'), snapshot: { size: bytes.length, mtimeMs: stats.mtimeMs, hash: sha256(bytes) } };
  } finally {
    closeSync(fd);
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The file a write to `path` lands on: symlinks resolved, also in the folders; a new name in a real folder. */
export function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (lstatOrUndefined(path)?.isSymbolicLink()) throw new Refusal('a symbolic link to nothing; not writing through it');
  return join(realpathSync(dirname(path)), basename(path));
}

function lstatOrUndefined(path: string): Stats | undefined {
  try { return lstatSync(path); } catch { return undefined; }
}

/** True when both paths exist and are one file (same device and inode: symlinks and hard links alike). */
export function sameFile(a: string, b: string): boolean {
  const [sa, sb] = [statOrUndefined(a), statOrUndefined(b)];
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

function isReadOnly(path: string, stats: Stats): boolean {
  // root may write anything, so the mode bits are checked as well as access().
  if ((stats.mode & 0o222) === 0) return true;
  try { accessSync(path, constants.W_OK); return false; } catch { return true; }
}

/** Throws a Refusal unless `path` is absent or a writable regular file. */
function checkWritable(path: string, stats: Stats | undefined): void {
  if (!stats) return;
  if (!stats.isFile()) throw new Refusal(`${kindOf(stats)}, not a regular file; it is left as it is`);
  if (isReadOnly(path, stats)) throw new Refusal(`the file is read-only (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}); it is left as it is`);
}

function unchanged(path: string, expected: Snapshot): boolean {
  const stats = statOrUndefined(path);
  if (!stats || stats.size !== expected.size || stats.mtimeMs !== expected.mtimeMs) return false;
  return sha256(readFileSync(path)) === expected.hash;
}

/** Overwrites the file's own inode with the temporary file's bytes, so every hard link to it sees the new text. */
function copyInPlace(temp: string, path: string): void {
  const from = openSync(temp, 'r');
  const to = openSync(path, 'r+');
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = 0;
    for (let n = readSync(from, buffer, 0, buffer.length, position); n > 0; n = readSync(from, buffer, 0, buffer.length, position)) {
      writeAll(to, buffer.subarray(0, n), position);
      position += n;
    }
    ftruncateSync(to, position);
  } finally {
    closeSync(to);
    closeSync(from);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, position + written);
}

/** Pieces of text are written to the file in chunks of about this many bytes. */
const CHUNK_BYTES = 1 << 16;

/** Pieces are gathered into a string of about this many characters before they are encoded: a render writes millions of pieces. */
const GATHER_CHARS = 4096;

/**
 * The last RECENT pieces at least ENCODED_MIN_CHARS long are remembered, and
 * one met again keeps its UTF-8 bytes: a formula's HTML is one string written
 * at each of its uses, and copying its bytes is several times faster than
 * encoding it again (a page of half a million uses of one formula is 500 MB).
 * They are compared, not hashed: hashing every long piece (a list's HTML is
 * written in pieces of kilobytes) cost more than it saved.
 */
const ENCODED_MIN_CHARS = 64;
const RECENT = 8;

/**
 * A writer of text pieces as UTF-8 into one buffer of CHUNK_BYTES, handed to
 * `out` (which must use it before returning) each time it is full and at
 * `end()`: neither the whole text nor a string per chunk is ever made, only
 * one of a few thousand characters at a time. A chunk holds whole pieces
 * (but for a piece larger than a chunk, handed over alone), so whole characters.
 */
export function chunkedWriter(out: (bytes: Uint8Array) => void): { write: (piece: string) => void; end: () => void } {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let gathered = '';
  const recent: string[] = [];
  const recentBytes: (Buffer | undefined)[] = [];
  let next = 0;
  const emit = () => {
    if (used > 0) out(buffer.subarray(0, used));
    used = 0;
  };
  const encode = () => {
    // A UTF-16 unit takes at most 3 bytes of UTF-8; text is never split, so a chunk holds whole characters.
    if (used + gathered.length * 3 > CHUNK_BYTES) {
      emit();
      if (gathered.length * 3 > CHUNK_BYTES) out(Buffer.from(gathered, 'utf8'));
    }
    if (gathered.length * 3 <= CHUNK_BYTES) used += buffer.write(gathered, used);
    gathered = '';
  };
  const copy = (bytes: Buffer) => {
    if (used + bytes.length > CHUNK_BYTES) emit();
    if (bytes.length > CHUNK_BYTES) out(bytes);
    else used += bytes.copy(buffer, used);
  };
  /** The piece's bytes when it was written lately (encoded now the second time), else undefined: remembered for next time. */
  const bytesOf = (piece: string): Buffer | undefined => {
    if (piece.length < ENCODED_MIN_CHARS) return undefined;
    for (let i = 0; i < recent.length; i++) {
      if (recent[i] === piece) return (recentBytes[i] ??= Buffer.from(piece, 'utf8'));
    }
    recent[next] = piece;
    recentBytes[next] = undefined;
    next = (next + 1) % RECENT;
    return undefined;
  };
  return {
    write(piece) {
      const bytes = bytesOf(piece);
      if (bytes === undefined) {
        gathered += piece;
        if (gathered.length >= GATHER_CHARS) encode();
        return;
      }
      if (gathered) encode();
      copy(bytes);
    },
    end() {
      if (gathered) encode();
      emit();
    },
  };
}

/** Writes what `produce` writes to a new file `path` (never an existing one). */
function writeNewFile(path: string, produce: (write: (piece: string) => void) => void): void {
  const fd = openSync(path, 'wx');
  try {
    let position = 0;
    const writer = chunkedWriter((bytes) => {
      writeAll(fd, bytes, position);
      position += bytes.length;
    });
    produce(writer.write);
    writer.end();
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `text` to `path` without losing anything: to the real file behind
 * symlinks; through a temporary file and a rename (a crash never leaves half
 * a file), or in place when the file has other hard links. With `expected`,
 * refuses if the file is no longer what was read. Throws a Refusal (the
 * reason for the user) or the system's error; on either, the file is as it was.
 */
export function replaceFile(path: string, text: string, expected?: Snapshot): void {
  replaceFileWith(path, (write) => write(text), expected);
}

/**
 * `replaceFile` with the text written piece by piece by `produce` (a page
 * rendered in pieces): the pieces go to the temporary file as they come.
 */
export function replaceFileWith(path: string, produce: (write: (piece: string) => void) => void, expected?: Snapshot): void {
  // Checked on the name as given too: `/dev/stdout` resolves to a pipe that has no real path.
  checkWritable(path, statOrUndefined(path));
  const target = realTarget(path);
  const stats = statOrUndefined(target);
  checkWritable(target, stats);
  if (expected && !stats) throw new Refusal('the file was removed since it was read; nothing written');
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeNewFile(temp, produce);
    if (stats) chmodSync(temp, stats.mode & 0o7777);
    fileHooks.beforeReplace?.(target);
    if (expected && !unchanged(target, expected)) throw new Refusal('the file changed on disk since it was read; it is left as it is (run again)');
    const now = statOrUndefined(target);
    checkWritable(target, now);
    if (now && now.nlink > 1) {
      copyInPlace(temp, target);
      unlinkSync(temp);
    } else {
      renameSync(temp, target);
    }
  } catch (error) {
    try { unlinkSync(temp); } catch { /* already gone or renamed */ }
    throw error;
  }
}

/** The reason to show for a failed read or write: a Refusal's own words, else the system's code and message. */
export function failureReason(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  const e = error as NodeJS.ErrnoException;
  return e.code && !e.message.startsWith(e.code) ? `${e.code}: ${e.message}` : e.message ?? String(error);
}
