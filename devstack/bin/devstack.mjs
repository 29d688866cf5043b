#!/usr/bin/env node
// Entry point for `npx devstack <cmd>`: loads the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
