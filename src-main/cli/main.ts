/**
 * `npm run -s cli -- <command> --workspace FILE …`
 * Results go to stdout, messages to stderr. Exit 0 on success, 1 on a user
 * error (bad input, refused query, rejected import), 2 on a usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS, type Command } from './commands';
import { UsageError, UserError } from './errors';

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === 'help') {
    out.write(usage());
    return name ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS[name];
  if (!command) {
    err.write(`sotong: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  let parsed;
  try {
    const config: ParseArgsConfig = {
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { workspace: { type: 'string' }, format: { type: 'string' }, ...command.options },
    };
    parsed = parseArgs(config);
  } catch (e) {
    err.write(`sotong ${name}: ${(e as Error).message}\nusage: ${command.usage}\n`);
    return 2;
  }
  try {
    await command.run({ values: parsed.values as Record<string, unknown>, positionals: parsed.positionals, out, err });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`sotong ${name}: ${e.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    if (e instanceof UserError) {
      err.write(`sotong ${name}: ${e.message}\n`);
      return 1;
    }
    err.write(`sotong ${name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(70)} ${c.summary}`);
  return `usage: npm run -s cli -- <command> --workspace FILE [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

// Run when executed directly (tsx src-main/cli/main.ts …), not when imported by tests.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
