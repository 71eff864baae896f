#!/usr/bin/env node
import { createProgram } from './program.js';
import { reportError } from './CliError.js';
import { prepareTrainHelp } from './commands/train.js';

const program = createProgram();
const argv = process.argv.slice(2);
if (argv[0] === 'train' && (argv.includes('--help') || argv.includes('-h'))) await prepareTrainHelp();
try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e, process.argv.includes('--debug'));
}
