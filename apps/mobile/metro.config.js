// Metro for an app inside the npm workspace. Two fixes on top of Expo's defaults:
// - React and React DOM resolve to this app's copies (the versions the Expo SDK pins) even when a
//   hoisted package such as react-native asks for them from the workspace root, where the web app's
//   newer React lives: two Reacts in one bundle break hooks.
// - Workspace packages are TypeScript written for NodeNext (`./x.js` means `./x.ts`).
const path = require('node:path');
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);
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
