// Metro for an app inside the npm workspace. Three fixes on top of Expo's defaults:
// - React and React DOM resolve to this app's copies (the versions the Expo SDK pins) even when a
//   hoisted package such as react-native asks for them from the workspace root, where the web app's
//   newer React lives: two Reacts in one bundle break hooks.
// - Workspace packages are TypeScript written for NodeNext (`./x.js` means `./x.ts`).
// - EXPO_PUBLIC_* variables are inlined into the modules that read them, but Metro's transform
//   cache does not key on them: a build with another EXPO_PUBLIC_API_URL would reuse modules
//   holding the old address. Their values join the cache version, so each set builds its own.
const path = require('node:path');
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);
const publicVariables = Object.keys(process.env)
  .filter((name) => name.startsWith('EXPO_PUBLIC_'))
  .sort()
  .map((name) => `${name}=${process.env[name]}`);
config.cacheVersion = [config.cacheVersion ?? '', ...publicVariables].join('\n');
const pinnedPackages = ['react', 'react-dom'];
const fromThisApp = path.join(__dirname, 'package.json');
const workspacePackages = path.resolve(__dirname, '../../packages') + path.sep;

config.resolver.resolveRequest = (context, moduleName, platform) => {
  if (pinnedPackages.some((name) => moduleName === name || moduleName.startsWith(`${name}/`))) {
    return context.resolveRequest({ ...context, originModulePath: fromThisApp }, moduleName, platform);
  }
  if (
    moduleName.startsWith('.') &&
    moduleName.endsWith('.js') &&
    context.originModulePath.startsWith(workspacePackages)
  ) {
    return context.resolveRequest(context, moduleName.slice(0, -'.js'.length), platform);
  }
  return context.resolveRequest(context, moduleName, platform);
};

module.exports = config;
