#!/usr/bin/env node
import { createProgram } from './program.js';
import { reportError } from './CliError.js';

const program = createProgram();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e, process.argv.includes('--debug'));
}
