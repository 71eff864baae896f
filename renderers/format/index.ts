export * from './types.js';
export { recordingSchema } from './recordingSchema.js';
export { parseRecording } from './parseRecording.js';
export { encodeIds, decodeIds } from './deltaIds.js';
export { encodeVehicles } from './encodeVehicles.js';
export type { VehicleState } from './encodeVehicles.js';
export { encodeJobs } from './encodeJobs.js';
export type { JobState } from './encodeJobs.js';
export { packInts, unpackInts, countPacked } from './packInts.js';
