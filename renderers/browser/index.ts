export { CHROMIUM_FLAGS, findChromium, launchHeadless } from './chromium.js';
export type { HeadlessChromium } from './chromium.js';
