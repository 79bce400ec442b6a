#!/usr/bin/env node
// The `airreach` executable: everything lives in main() so tests can run the CLI in-process.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
