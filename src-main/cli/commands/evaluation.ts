/** CLI commands of the evaluation feature. */
import type { Command } from '../commands';

export const evaluationCommands: Record<string, Command> = {};
