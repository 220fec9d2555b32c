// Entry of the main process, bundled to out/main/index.cjs (so `__dirname` is out/main).
import { createCore } from '../core';
import { resolveAppPaths, startApp } from './lifecycle';

startApp({ createCore, paths: resolveAppPaths(__dirname), profileDir: process.env.BASTIDE_PROFILE_DIR || undefined });
