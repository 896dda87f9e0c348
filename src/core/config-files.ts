/**
 * The names of config and format files, apart from the loader: the
 * extension watches for them at activation, before it loads the loader
 * (and with it the JSON, YAML and schema code).
 */

/** `.mlnotes.json` wins over `.mlnotes.jsonc` in the same folder. */
export const CONFIG_FILE_NAMES = ['.mlnotes.json', '.mlnotes.jsonc'];
/** Format files picked up beside the config without being listed in `customFormats`. */
export const FORMAT_FILE_SUFFIX = '.mlnotes-format.json';
