// The server's guardian (run with `node -e`): it leads the server's process group, starts the
// server in that group and waits for it. llem signals the group to stop the server and its
// workers; and when llem itself dies without stopping it (a runner's SIGKILL after a timeout),
// the guardian's stdin, a pipe from llem, closes and it kills the whole group, so no server is
// left holding a port or a GPU. It exits with the server's exit code (128 + signal number when a
// signal ended it). An entry point: it owns its process.
/** Source of the guardian; argv after `node -e SCRIPT`: the server's program and arguments. */
export const GUARD_SCRIPT = `
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const [file, ...args] = process.argv.slice(1);
const killGroup = () => { try { process.kill(-process.pid, 'SIGKILL'); } catch { process.exit(137); } };
process.stdin.on('end', killGroup);
process.stdin.on('error', killGroup);
process.stdin.resume();
// A signal to the group reaches the server too: wait for it to exit.
process.on('SIGTERM', () => {});
process.on('SIGINT', () => {});
const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (e) => {
  process.stderr.write('could not start ' + file + ': ' + e.message + ' (is it installed and on PATH?)\\n');
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
`;
