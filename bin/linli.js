#!/usr/bin/env node
// The linli command. TypeScript sources run through tsx's loader, so a checkout needs no build step.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// Exit explicitly: database pools and timers must not keep a finished command alive.
process.exit(code);
