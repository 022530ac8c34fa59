/** CLI commands of the departments feature. */
import type { Command } from '../commands';

export const departmentsCommands: Record<string, Command> = {};
