/** The CLI's command table. Each command lives in commands/<name>.ts. */
import type { ParseArgsConfig } from 'node:util';
import { infoCommand, initCommand, sqlCommand } from './commands/workspace';
import { importCommands } from './commands/import';
import { departmentsCommands } from './commands/departments';
import { continuityCommands } from './commands/continuity';
import { evaluationCommands } from './commands/evaluation';
import { demoCommands } from './commands/demo';
import { reportCommands } from './commands/report';

export interface CommandContext {
  values: Record<string, unknown>;
  positionals: string[];
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

export interface Command {
  usage: string;
  summary: string;
  options?: ParseArgsConfig['options'];
  run(ctx: CommandContext): Promise<void>;
}

export const COMMANDS: Record<string, Command> = {
  init: initCommand,
  info: infoCommand,
  sql: sqlCommand,
  ...importCommands,
  ...departmentsCommands,
  ...continuityCommands,
  ...evaluationCommands,
  ...demoCommands,
  ...reportCommands,
};
