// Prints the workspace directories a service's image needs: the service and every @emporium/*
// package in its dependencies (by package name, found among packages/*). The image stages
// install, compile and copy exactly these.
import { readdirSync, readFileSync } from 'node:fs';

const service = process.argv[2];
const manifest = (dir) => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
const packageDirs = new Map(
  readdirSync('packages').map((name) => [manifest(`packages/${name}`).name, `packages/${name}`]),
);
const needed = Object.keys(manifest(`services/${service}`).dependencies ?? {}).filter((name) =>
  packageDirs.has(name),
);
console.log([`services/${service}`, ...needed.map((name) => packageDirs.get(name))].join(' '));
