import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad input on the command line (unknown flag or value, unknown agency or pack): the CLI exits with code 2. */
export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

/** parseArgs (strict) with its errors turned into usage errors, so every bad flag exits with code 2 and the usage text. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}
