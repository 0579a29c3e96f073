// The `mobile` project of the workspace's Vitest (root vitest.config.ts): the app's screens render
// through react-native-web into jsdom, with this app's React — the version its Expo SDK pins —
// for every module, including hoisted libraries that would otherwise load the web app's newer
// React from the workspace root (two Reacts in one tree break hooks).
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const appModule = (name: string) => fileURLToPath(new URL(`./node_modules/${name}`, import.meta.url));
const react = appModule('react');
const reactDom = appModule('react-dom');

export default defineProject({
  resolve: {
    mainFields: ['module', 'main'],
    alias: [
      { find: /^react-native$/, replacement: 'react-native-web' },
      { find: /^react$/, replacement: react },
      { find: /^react\/(.*)$/, replacement: `${react}/$1` },
      { find: /^react-dom$/, replacement: reactDom },
      { find: /^react-dom\/(.*)$/, replacement: `${reactDom}/$1` },
    ],
  },
  test: {
    name: 'mobile',
    include: ['apps/mobile/test/**/*.test.{ts,tsx}'],
    // Hoisted libraries that import React: run them through the aliases above.
    server: { deps: { inline: ['react-native-web', '@testing-library/react'] } },
  },
});
