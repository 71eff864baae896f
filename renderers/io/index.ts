export { readRecording, isGzip } from './readRecording.js';
export { writeRecording } from './writeRecording.js';
