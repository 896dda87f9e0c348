// The config loader's file system over `node:fs`. A file is opened without
// blocking and checked with `fstat` before any read, so a FIFO or a device
// named as a config or format is refused instead of hanging or reading forever.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import type { ConfigFileSystem, FileInfo } from '../core/config-loader';
import { MAX_JSON_BYTES } from '../core/json';

/** A native path in the loader's `/`-separated form. */
export function loaderPath(path: string): string {
  return sep === '\\' ? path.replace(/\\/g, '/') : path;
}

function info(stats: { isFile(): boolean; isDirectory(): boolean; size: number }): FileInfo {
  return { type: stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : 'other', size: stats.size };
}

/** A regular file's text, at most `limit` bytes; anything else throws with a message. */
export function readRegularFileSync(path: string, limit = MAX_JSON_BYTES): string {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(stats.isDirectory() ? 'a folder' : 'not a regular file (a device, FIFO or socket)');
    if (stats.size > limit) throw new Error(`larger than ${limit / 1024 / 1024} MB; not read`);
    // The size fstat gave, no more, even if the file grows meanwhile.
    const buffer = Buffer.alloc(stats.size);
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export const nodeConfigFs: ConfigFileSystem = {
  async stat(path) {
    try {
      return info(statSync(path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw error;
    }
  },
  async readFile(path) {
    return readRegularFileSync(path);
  },
  async readDirectory(path) {
    return readdirSync(path);
  },
};
