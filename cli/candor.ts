/*
 * candor — the admin command line. Works on the database at DATABASE_URL
 * (PostgreSQL) or DATABASE_PATH (SQLite, default ./data/candor.db), through
 * the same data layer as the app.
 *   npm run -s candor -- --help
 */
import { parseArgs } from 'node:util';
import { commands, CliError, type Command } from './commands';

function usage(): string {
  const lines = ['Usage: npm run -s candor -- <command> [options]', '', 'Commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(16)} ${c.summary}`);
  lines.push('', 'Run a command with --help for its options. The database is DATABASE_URL (PostgreSQL) or else DATABASE_PATH (SQLite, default ./data/candor.db).');
  return lines.join('\n');
}

function commandUsage(c: Command): string {
  const lines = [`Usage: npm run -s candor -- ${c.name} ${c.usage}`, '', c.summary, ''];
  for (const [name, o] of Object.entries(c.options)) lines.push(`  --${name.padEnd(14)} ${o.help}${o.required ? ' (required)' : ''}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const words: string[] = [];
  while (argv.length && !argv[0]!.startsWith('-')) words.push(argv.shift()!);
  if (words.length === 0) {
    console.log(usage());
    return argv.includes('--help') || argv.includes('-h') ? 0 : 1;
  }
  // Commands are one or two words ("export", "team create"); the rest are positionals.
  const command = commands.find((c) => c.name === words.slice(0, 2).join(' ')) ?? commands.find((c) => c.name === words[0]);
  if (!command) {
    console.error(`candor: unknown command "${words.join(' ')}". Run with --help to list commands.`);
    return 1;
  }
  const positionals = words.slice(command.name.split(' ').length);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(commandUsage(command));
    return 0;
  }
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    const parsed = parseArgs({
      args: [...positionals, ...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(Object.entries(command.options).map(([k, o]) => [k, { type: o.type, multiple: o.multiple ?? false }])),
    });
    values = { ...parsed.values, _: parsed.positionals };
  } catch (e) {
    console.error(`candor ${command.name}: ${(e as Error).message.split('\n')[0]}`);
    return 1;
  }
  for (const [k, o] of Object.entries(command.options)) {
    if (o.required && (values[k] === undefined || values[k] === '')) {
      console.error(`candor ${command.name}: --${k} is required (${o.help})`);
      return 1;
    }
  }
  try {
    await command.run(values);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`candor ${command.name}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`candor: unexpected error: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
