/** CLI commands of the import feature. */
import type { Command } from '../commands';

export const importCommands: Record<string, Command> = {};
