#!/usr/bin/env node
// Thin launcher: registers the TypeScript loader, then runs the real entry point.
import { register } from 'tsx/esm/api';
register();
await import('../cmd/cairn.ts');
