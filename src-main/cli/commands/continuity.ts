/** CLI commands of the continuity feature. */
import type { Command } from '../commands';

export const continuityCommands: Record<string, Command> = {};
