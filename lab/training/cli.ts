/**
 * For the scripts' parseArgs: `--help` prints the usage on stdout and exits 0; an option it does
 * not know gets one line and the usage on stderr and exit 2, not a stack trace.
 */
export function parseCli<T>(usage: string, parse: () => T): T {
  if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
