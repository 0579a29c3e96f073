// The Python side of the conformance run: a virtual environment under the repository holding one
// pinned Schemathesis, created on first use and rebuilt when the pin changes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const SCHEMATHESIS_VERSION = '4.32.5';

function run(command: string, args: string[]): { status: number; stdout: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return { status: result.status ?? 1, stdout: result.stdout ?? '' };
}

/** The path of the schemathesis executable, installing it first when needed. */
export function schemathesisIn(venvDir: string): string {
  const executable = join(venvDir, 'bin', 'schemathesis');
  const installed =
    existsSync(executable) && run(executable, ['--version']).stdout.includes(SCHEMATHESIS_VERSION);
  if (installed) return executable;
  console.log(`Installing schemathesis ${SCHEMATHESIS_VERSION} into ${venvDir}…`);
  const python = process.env.PYTHON ?? 'python3';
  if (run(python, ['-m', 'venv', '--clear', venvDir]).status !== 0) {
    throw new Error(`${python} -m venv failed: Python 3.9+ with venv is needed`);
  }
  const pip = join(venvDir, 'bin', 'pip');
  if (run(pip, ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]).status !== 0) {
    throw new Error('pip could not install schemathesis');
  }
  return executable;
}
