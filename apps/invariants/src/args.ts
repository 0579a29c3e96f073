// `npm run check:invariants -- --seconds N [--faults] [--seed S] [--clients C]`
export interface RunOptions {
  seconds: number;
  seed: number;
  clients: number;
  faults: boolean;
}

export function parseArgs(argv: readonly string[]): RunOptions {
  const options: RunOptions = {
    seconds: 60,
    seed: Math.floor(Math.random() * 2 ** 31),
    clients: 12,
    faults: false,
  };
  const number = (name: string, value: string | undefined, min: number) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`${name} needs an integer ≥ ${min}`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--faults') options.faults = true;
    else if (arg === '--seconds') options.seconds = number(arg, argv[++i], 1);
    else if (arg === '--seed') options.seed = number(arg, argv[++i], 0);
    else if (arg === '--clients') options.clients = number(arg, argv[++i], 1);
    else throw new Error(`unknown argument ${arg}; use --seconds N [--faults] [--seed S] [--clients C]`);
  }
  return options;
}
