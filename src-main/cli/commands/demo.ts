/** CLI command `demo`: builds the Seoul-like demo workspace (see data/demo.ts). */
import type { Command } from '../commands';

export const demoCommands: Record<string, Command> = {};
