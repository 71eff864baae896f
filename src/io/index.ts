export { writeFileAtomic } from './writeFileAtomic.js';
