/** Path of Debian's Chromium used by the headless browser tests. */
export declare const CHROMIUM_PATH: string;
/** Returns the Chromium path, installing it with apt-get first when root; throws with a clear message when it cannot. */
export declare function ensureChromium(): string;
